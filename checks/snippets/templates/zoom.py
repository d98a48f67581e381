# stepguard snippet 'zoom': Zoom webhook signature (x-zm-signature v0, HMAC-SHA256) + URL
#   validation
# Rendered by `stepguard snippet zoom --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the app's webhook Secret Token.
# Scheme: x-zm-signature: v0=<hex HMAC-SHA256 of `v0:${timestamp}:${rawBody}`>, timestamp =
#   x-zm-request-timestamp (unix seconds). Zoom documents no replay window; stepguard
#   allows 5 minutes. endpoint.url_validation requests are answered (plainToken +
#   encryptedToken) after the signature is verified.
# Source: https://developers.zoom.us/docs/api/webhooks/
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
TOLERANCE_SECONDS = 300


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    secret = _env(SECRET_ENV)
    if not secret:
        return _reject(pd, f"Environment variable {SECRET_ENV} is not set")
    signature_header = _header(event, "x-zm-signature")
    stamp = _header(event, "x-zm-request-timestamp")
    if not signature_header or not stamp:
        return _reject(pd, "Missing x-zm-signature or x-zm-request-timestamp")
    timestamp = _int(stamp)
    if timestamp is None:
        return _reject(pd, "Malformed x-zm-request-timestamp header")
    if not _fresh(timestamp, TOLERANCE_SECONDS):
        return _reject(pd, f"x-zm-request-timestamp is more than {TOLERANCE_SECONDS} s from now")
    if not signature_header.startswith("v0="):
        return _reject(pd, "x-zm-signature must start with v0=")
    received = _hex(signature_header[3:])
    if received is None or len(received) != 32:
        return _reject(pd, "Malformed x-zm-signature header")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    expected = _hmac("sha256", secret.encode(), f"v0:{stamp}:".encode(), raw)
    if not _bytes_equal(received, expected):
        return _reject(pd, "x-zm-signature does not match")
    payload = _payload(raw, event)
    inner = payload.get("payload") if isinstance(payload, dict) else None
    plain_token = inner.get("plainToken") if isinstance(inner, dict) else None
    is_validation = isinstance(payload, dict) and payload.get("event") == "endpoint.url_validation"
    if is_validation and isinstance(plain_token, str):
        encrypted = _hmac("sha256", secret.encode(), plain_token.encode()).hex()
        pd.respond({
            "status": 200,
            "headers": {"content-type": "application/json"},
            "body": {"plainToken": plain_token, "encryptedToken": encrypted},
        })
        return pd.flow.exit("Answered the Zoom endpoint.url_validation request")
    return payload


# @include stepguard:core


# @include stepguard:raw-body
