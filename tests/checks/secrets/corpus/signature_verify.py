# ruff: noqa
import hashlib
import hmac
import os


def handler(pd: "pipedream"):
    event = pd.steps["trigger"]["event"]
    secret = os.environ["SHOPIFY_WEBHOOK_SECRET"].encode()
    digest = hmac.new(secret, event["bodyRaw"].encode(), hashlib.sha256).hexdigest()
    signature_header = "x-shopify-hmac-sha256"
    if not hmac.compare_digest(digest, event["headers"].get(signature_header, "")):
        pd.respond({"status": 401, "body": "invalid signature"})
        return pd.flow.exit("invalid signature")
    return event["body"]
