#!/usr/bin/env bash
DIGITALOCEAN_TOKEN=dop_v1_2c85b7d222b15f9ee1c66927d4a726dc42ba910e32ef46193052eea5e7c3ece1
HEROKU_API_KEY=42eb468e-b2ac-4dee-a0fb-9e9e22570886
curl -s -H "Authorization: Bearer $DIGITALOCEAN_TOKEN" https://api.digitalocean.com/v2/droplets | jq '.droplets | length'
curl -s -n https://api.heroku.com/apps -H "Accept: application/vnd.heroku+json; version=3" -H "Authorization: Bearer $HEROKU_API_KEY"
