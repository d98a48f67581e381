# stepguard snippet 'linear': Linear webhook signature (Linear-Signature, HMAC-SHA256,
#   webhookTimestamp within 60 s)
# Rendered by `stepguard snippet linear --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the webhook's signing secret
#   (Settings → API → Webhooks).
# Scheme: Linear-Signature: hex HMAC-SHA256 of the raw body, keyed with the signing secret. The
#   signed JSON body's webhookTimestamp (unix milliseconds) must be within 60 s of now
#   (the window used by Linear's SDK).
# Source: https://linear.app/developers/webhooks#securing-webhooks
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
TOLERANCE_SECONDS = 60


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    secret = _env(SECRET_ENV)
    if not secret:
        return _reject(pd, f"Environment variable {SECRET_ENV} is not set")
    header = _header(event, "linear-signature")
    if not header:
        return _reject(pd, "Missing Linear-Signature header")
    received = _hex(header)
    if received is None or len(received) != 32:
        return _reject(pd, "Malformed Linear-Signature header")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    if not _bytes_equal(received, _hmac("sha256", secret.encode(), raw)):
        return _reject(pd, "Linear-Signature does not match")
    payload = _payload(raw, event)
    sent_at = payload.get("webhookTimestamp") if isinstance(payload, dict) else None
    is_number = isinstance(sent_at, (int, float)) and not isinstance(sent_at, bool)
    if not is_number or not _fresh(sent_at / 1000, TOLERANCE_SECONDS):
        return _reject(
            pd, f"webhookTimestamp is missing or more than {TOLERANCE_SECONDS} s from now"
        )
    return payload


# @include stepguard:core


# @include stepguard:raw-body
