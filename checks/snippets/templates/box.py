# stepguard snippet 'box': Box webhook signatures (primary + secondary key, HMAC-SHA256, 10 min
#   tolerance)
# Rendered by `stepguard snippet box --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the app's PRIMARY signature key
#   (Developer Console → Webhooks → Manage signature keys).
# Also reads BOX_WEBHOOK_SECONDARY_KEY (optional): the secondary signature key, for rotation
# Scheme: box-signature-primary / box-signature-secondary: base64 HMAC-SHA256 of raw body +
#   box-delivery-timestamp (RFC 3339), keyed with the primary / secondary key; either one
#   matching is enough (key rotation). box-signature-version must be 1 and
#   box-signature-algorithm HmacSHA256; the timestamp must be within 10 minutes of now.
# Source: https://developer.box.com/guides/webhooks/v2/signatures-v2/
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
SECONDARY_ENV = "BOX_WEBHOOK_SECONDARY_KEY"
TOLERANCE_SECONDS = 600


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    primary_key = _env(SECRET_ENV)
    secondary_key = _env(SECONDARY_ENV)
    if not primary_key and not secondary_key:
        return _reject(pd, f"Environment variable {SECRET_ENV} is not set")
    stamp = _header(event, "box-delivery-timestamp")
    primary = _header(event, "box-signature-primary")
    secondary = _header(event, "box-signature-secondary")
    if not stamp or not (primary or secondary):
        return _reject(pd, "Missing box-delivery-timestamp or box-signature-* headers")
    version = _header(event, "box-signature-version")
    algorithm = _header(event, "box-signature-algorithm")
    if version != "1" or algorithm != "HmacSHA256":
        return _reject(pd, "Unsupported box-signature-version or box-signature-algorithm")
    timestamp = _rfc3339(stamp)
    if timestamp is None:
        return _reject(pd, "Malformed box-delivery-timestamp header")
    if not _fresh(timestamp, TOLERANCE_SECONDS):
        return _reject(pd, f"box-delivery-timestamp is more than {TOLERANCE_SECONDS} s from now")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)

    def matches(key, signature):
        if not key or not signature:
            return False
        return _bytes_equal(_b64(signature), _hmac("sha256", key.encode(), raw, stamp.encode()))

    if not matches(primary_key, primary) and not matches(secondary_key, secondary):
        return _reject(pd, "Neither box-signature-primary nor box-signature-secondary matches")
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
