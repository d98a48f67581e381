#!/usr/bin/env bash
set -euo pipefail

GITLAB_TOKEN="glpat-9okr0hMUx9xuZ8PLigV-"
PROJECT_ID=4821

REF=$(cat "$PIPEDREAM_STEPS" | jq -r .trigger.event.body.ref)
curl --fail -s -X POST \
  -H "PRIVATE-TOKEN: ${GITLAB_TOKEN}" \
  "https://gitlab.com/api/v4/projects/${PROJECT_ID}/pipeline?ref=${REF}"
echo "pipeline:json=true" >> "$PIPEDREAM_EXPORTS"
