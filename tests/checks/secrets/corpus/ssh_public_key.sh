#!/usr/bin/env bash
DEPLOY_USER=deploy
AUTHORIZED_KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq3vXoEzhKqg5n3zF1yFQ0o0Xx0mQ2YhRkq2Kt7bN5d deploy@acme"
echo "$AUTHORIZED_KEY" >> /tmp/authorized_keys
echo "user=$DEPLOY_USER" >> "$PIPEDREAM_EXPORTS"
