# ruff: noqa
import os
import requests


def fetch_inventory(sku, api_token="df17e93e918374d8d04437520a71e34aeceffb8f"):
    return requests.get(
        f"https://inventory.acme-corp.com/items/{sku}",
        headers={"X-Auth-Token": api_token},
        timeout=10,
    ).json()


def handler(pd: "pipedream"):
    client_secret = os.environ.get("PARTNER_CLIENT_SECRET", "3p3sTCuYJnVEKJbgy03b5PSiS7zlfpFc")
    sku = pd.steps["trigger"]["event"]["body"]["sku"]
    return fetch_inventory(sku), len(client_secret)
