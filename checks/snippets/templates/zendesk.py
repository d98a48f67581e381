# stepguard snippet 'zendesk': Zendesk webhook signature (X-Zendesk-Webhook-Signature, HMAC-SHA256
#   of timestamp + body)
# Rendered by `stepguard snippet zendesk --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the webhook's signing secret
#   (Admin Center → Webhooks → the webhook → Reveal secret).
# Scheme: X-Zendesk-Webhook-Signature: base64 HMAC-SHA256 of timestamp + raw body (no separator),
#   timestamp = X-Zendesk-Webhook-Signature-Timestamp (ISO 8601). Zendesk documents no
#   replay window; stepguard allows 5 minutes (TOLERANCE_SECONDS).
# Source: https://developer.zendesk.com/documentation/webhooks/verifying/
# Result: returns the verified payload (parsed JSON, form fields, or the raw text).
# Any failure responds 401 and ends the workflow with pd.flow.exit (never a 2xx, never a raise).
import base64
import datetime
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
    signature_header = _header(event, "x-zendesk-webhook-signature")
    stamp = _header(event, "x-zendesk-webhook-signature-timestamp")
    if not signature_header or not stamp:
        return _reject(
            pd, "Missing X-Zendesk-Webhook-Signature or X-Zendesk-Webhook-Signature-Timestamp"
        )
    timestamp = _rfc3339(stamp)
    if timestamp is None:
        return _reject(pd, "Malformed X-Zendesk-Webhook-Signature-Timestamp header")
    if not _fresh(timestamp, TOLERANCE_SECONDS):
        return _reject(
            pd, f"X-Zendesk-Webhook-Signature-Timestamp is more than {TOLERANCE_SECONDS} s from now"
        )
    received = _b64(signature_header)
    if received is None or len(received) != 32:
        return _reject(pd, "Malformed X-Zendesk-Webhook-Signature header")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    expected = _hmac("sha256", secret.encode(), stamp.encode(), raw)
    if not _bytes_equal(received, expected):
        return _reject(pd, "X-Zendesk-Webhook-Signature does not match")
    return _payload(raw, event)


def _rfc3339(text):
    pattern = (
        r"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})"
        r"(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})"
    )
    match = re.fullmatch(pattern, text) if isinstance(text, str) else None
    if not match:
        return None
    zone = "+00:00" if match.group(3) == "Z" else match.group(3)
    try:
        moment = datetime.datetime.fromisoformat(match.group(1) + (match.group(2) or "")[:7] + zone)
    except ValueError:
        return None
    return moment.timestamp()


# @include stepguard:core


# @include stepguard:raw-body
