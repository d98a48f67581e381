# ruff: noqa
import requests


def handler(pd: "pipedream"):
    headers = {}
    headers["Authorization"] = "Basic c3ZjX3lpbXNpbzpISmdQJXdnVnNWWjg1"
    r = requests.get("https://erp.acme-corp.com/api/orders?status=open", headers=headers, timeout=15)
    return r.json()
