#!/usr/bin/env bash
set -euo pipefail
API_BASE="https://api.acme.io/v1"
RESULT_FILE=/tmp/result.json
curl -s -H "Authorization: Bearer ${ACME_TOKEN}" "$API_BASE/items" > "$RESULT_FILE"
COUNT=$(jq length "$RESULT_FILE")
echo "count=$COUNT" >> "$PIPEDREAM_EXPORTS"
