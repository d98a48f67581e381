# stepguard snippet 'standard-webhooks': Standard Webhooks / Svix signature (webhook-signature v1,
#   HMAC-SHA256, 5 min tolerance)
# Rendered by `stepguard snippet standard-webhooks --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the endpoint's signing secret,
#   whsec_<base64> (Svix / Clerk / Resend / Brex dashboards).
# Scheme: Standard Webhooks: webhook-id, webhook-timestamp (unix seconds, within 5 minutes) and
#   webhook-signature = space-separated `v1,<base64>` entries (several during rotation);
#   Svix sends the same as svix-id / svix-timestamp / svix-signature. Signed:
#   `${id}.${timestamp}.${rawBody}`, HMAC-SHA256 keyed with base64-decode(secret without
#   the whsec_ prefix).
# Source:
#   https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
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
    secret_text = _env(SECRET_ENV)
    if not secret_text:
        return _reject(pd, f"Environment variable {SECRET_ENV} is not set")
    key = _b64(secret_text[6:] if secret_text.startswith("whsec_") else secret_text)
    if key is None:
        return _reject(pd, f"Environment variable {SECRET_ENV} is not whsec_<base64>")
    prefix = "webhook" if _header(event, "webhook-signature") is not None else "svix"
    message_id = _header(event, f"{prefix}-id")
    stamp = _header(event, f"{prefix}-timestamp")
    signature_header = _header(event, f"{prefix}-signature")
    if not message_id or not stamp or not signature_header:
        return _reject(pd, f"Missing {prefix}-id, -timestamp or -signature header")
    timestamp = _int(stamp)
    if timestamp is None:
        return _reject(pd, f"Malformed {prefix}-timestamp header")
    if not _fresh(timestamp, TOLERANCE_SECONDS):
        return _reject(pd, f"{prefix}-timestamp is more than {TOLERANCE_SECONDS} s from now")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    expected = _hmac("sha256", key, f"{message_id}.{stamp}.".encode(), raw)
    entries = [entry.partition(",") for entry in signature_header.split(" ")]
    if not any(v == "v1" and sep and _bytes_equal(_b64(sig), expected) for v, sep, sig in entries):
        return _reject(pd, f"No v1 signature in {prefix}-signature matches")
    return _payload(raw, event)


# @include stepguard:core


# @include stepguard:raw-body
