# ruff: noqa
import requests

def handler(pd: "pipedream"):
    payload = {"content": pd.steps["trigger"]["event"]["body"]["summary"]}
    requests.post("https://discord.com/api/webhooks/5608167808810264705/FHn3g1s0BtGnaH7pLdfdICSGqOi_WmtaSPcI3iYXlHQQTJIfAlPw75SSH11BV9vS5mmi", json=payload, timeout=5)
