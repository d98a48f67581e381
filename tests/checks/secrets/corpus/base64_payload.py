# ruff: noqa
import base64
import json


def handler(pd: "pipedream"):
    body = pd.steps["trigger"]["event"]["body"]
    encoded = base64.b64encode(json.dumps(body).encode()).decode()
    content_type = "application/vnd.acme.event+json;version=2"
    return {"payload": encoded, "content_type": content_type}
