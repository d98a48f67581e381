# stepguard snippet 'webflow': Webflow webhook signature (x-webflow-signature, HMAC-SHA256, 5 min
#   tolerance)
# Rendered by `stepguard snippet webflow --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the OAuth app's client secret
#   (Webflow signs only webhooks created by an OAuth app).
# Scheme: x-webflow-signature: hex HMAC-SHA256 of `${timestamp}:${rawBody}`, timestamp =
#   x-webflow-timestamp (unix milliseconds, within 5 minutes of now).
# Source: https://developers.webflow.com/data/docs/working-with-webhooks
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
    signature_header = _header(event, "x-webflow-signature")
    stamp = _header(event, "x-webflow-timestamp")
    if not signature_header or not stamp:
        return _reject(pd, "Missing x-webflow-signature or x-webflow-timestamp")
    timestamp = _int(stamp)
    if timestamp is None:
        return _reject(pd, "Malformed x-webflow-timestamp header")
    if not _fresh(timestamp / 1000, TOLERANCE_SECONDS):
        return _reject(pd, f"x-webflow-timestamp is more than {TOLERANCE_SECONDS} s from now")
    received = _hex(signature_header)
    if received is None or len(received) != 32:
        return _reject(pd, "Malformed x-webflow-signature header")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    expected = _hmac("sha256", secret.encode(), f"{stamp}:".encode(), raw)
    if not _bytes_equal(received, expected):
        return _reject(pd, "x-webflow-signature does not match")
    return _payload(raw, event)


# @include stepguard:core


# @include stepguard:raw-body
