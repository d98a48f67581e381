# stepguard snippet 'notion': Notion webhook signature (X-Notion-Signature sha256=, HMAC-SHA256) +
#   handshake
# Rendered by `stepguard snippet notion --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the subscription's
#   verification_token.
# Scheme: X-Notion-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with the
#   verification_token>. The one-time, unsigned verification request (a body holding only
#   verification_token) is answered 200 without processing: copy the token from this
#   execution's trigger event into the Notion integration settings and into the env var.
# Source: https://developers.notion.com/reference/webhooks
# Result: returns the verified payload (parsed JSON, form fields, or the raw text).
# Any failure responds 401 and ends the workflow with pd.flow.exit (never a 2xx, never a raise).
import base64
import hashlib
import hmac
import json
import os
import re
import time
import urllib.parse
import urllib.request

SECRET_ENV = "__SECRET_ENV__"


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    handshake = event.get("body")
    is_handshake = (
        not _header(event, "x-notion-signature")
        and isinstance(handshake, dict)
        and list(handshake) == ["verification_token"]
        and isinstance(handshake["verification_token"], str)
    )
    if is_handshake:
        pd.respond({"status": 200, "headers": {"content-type": "application/json"}, "body": {}})
        return pd.flow.exit(
            f"Notion verification request received: copy verification_token into {SECRET_ENV}"
        )
    secret = _env(SECRET_ENV)
    if not secret:
        return _reject(pd, f"Environment variable {SECRET_ENV} is not set")
    header = _header(event, "x-notion-signature")
    if not header:
        return _reject(pd, "Missing X-Notion-Signature header")
    if not header.startswith("sha256="):
        return _reject(pd, "X-Notion-Signature must start with sha256=")
    received = _hex(header[7:])
    if received is None or len(received) != 32:
        return _reject(pd, "X-Notion-Signature is not a hex sha256 digest")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    if not _bytes_equal(received, _hmac("sha256", secret.encode(), raw)):
        return _reject(pd, "X-Notion-Signature does not match")
    return _payload(raw, event)


# @include stepguard:core


# @include stepguard:raw-body
