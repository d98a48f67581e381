# stepguard snippet 'paddle': Paddle Billing webhook signature (Paddle-Signature ts=;h1=,
#   HMAC-SHA256, 5 s tolerance)
# Rendered by `stepguard snippet paddle --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the notification destination's
#   secret key (pdl_ntfset_…).
# Scheme: Paddle-Signature: ts=<unix seconds>;h1=<hex>[;h1=<hex>…] (several h1 while a secret is
#   rotated). Signed: `${ts}:${rawBody}`, HMAC-SHA256 keyed with the secret key. ts must be
#   within 5 s of now (the tolerance of Paddle's SDKs); raise TOLERANCE_SECONDS if cold
#   starts of this workflow make legitimate deliveries arrive later.
# Source: https://developer.paddle.com/webhooks/signature-verification
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
TOLERANCE_SECONDS = 5


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    secret = _env(SECRET_ENV)
    if not secret:
        return _reject(pd, f"Environment variable {SECRET_ENV} is not set")
    header = _header(event, "paddle-signature")
    if not header:
        return _reject(pd, "Missing Paddle-Signature header")
    pairs = _header_pairs(header, ";")
    stamps = [value for key, value in pairs if key == "ts"]
    signatures = [value for key, value in pairs if key == "h1"]
    timestamp = _int(stamps[0]) if len(stamps) == 1 else None
    if timestamp is None or not signatures:
        return _reject(pd, "Malformed Paddle-Signature header")
    if not _fresh(timestamp, TOLERANCE_SECONDS):
        return _reject(
            pd, f"Paddle-Signature timestamp is more than {TOLERANCE_SECONDS} s from now"
        )
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    expected = _hmac("sha256", secret.encode(), f"{stamps[0]}:".encode(), raw)
    if not any(_bytes_equal(_hex(value), expected) for value in signatures):
        return _reject(pd, "No h1 signature in Paddle-Signature matches")
    return _payload(raw, event)


def _header_pairs(header, separator):
    pairs = []
    for item in header.split(separator):
        key, eq, value = item.partition("=")
        if eq and key.strip():
            pairs.append((key.strip(), value.strip()))
    return pairs


# @include stepguard:core


# @include stepguard:raw-body
