#!/bin/sh
DOPPLER_TOKEN='dp.pt.Dbj5GQrZ7UZEgE4ZCxg0e9ASMfjgF5p3AyQTVFiMdk8'
curl -s --request GET \
  --url "https://api.doppler.com/v3/configs/config/secrets/download?format=json" \
  --header "authorization: Bearer $DOPPLER_TOKEN" > /tmp/config.json
