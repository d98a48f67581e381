# stepguard snippet 'mailgun': Mailgun webhook signature (timestamp + token, HMAC-SHA256, carried
#   in the body)
# Rendered by `stepguard snippet mailgun --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the HTTP webhook signing key
#   (Sending → Webhooks → HTTP webhook signing key).
# Scheme: The body carries signature = {timestamp, token, signature} (JSON webhooks) or the same
#   three form fields (legacy webhooks). signature = hex HMAC-SHA256 of timestamp + token,
#   keyed with the signing key; parent-signature (sub-accounts) is accepted too. Mailgun
#   documents no replay window; stepguard allows 15 minutes (TOLERANCE_SECONDS).
#   Mailgun does NOT sign event-data: a captured signature block can be replayed with other
#   event data inside the window; store seen tokens (e.g. a data store) to refuse replays.
# Source: https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks
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
TOLERANCE_SECONDS = 900


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    secret = _env(SECRET_ENV)
    if not secret:
        return _reject(pd, f"Environment variable {SECRET_ENV} is not set")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    payload = _payload(raw, event)
    block = payload if isinstance(payload, dict) else {}
    if isinstance(block.get("signature"), dict):
        block = block["signature"]
    stamp = block.get("timestamp")
    if isinstance(stamp, int) and not isinstance(stamp, bool):
        stamp = str(stamp)
    token = block.get("token")
    signatures = [
        value for value in (block.get("signature"), block.get("parent-signature"))
        if isinstance(value, str)
    ]
    if not isinstance(stamp, str) or not isinstance(token, str) or not signatures:
        return _reject(pd, "Missing Mailgun signature (timestamp, token, signature)")
    timestamp = _int(stamp)
    if timestamp is None:
        return _reject(pd, "Malformed Mailgun signature timestamp")
    if not _fresh(timestamp, TOLERANCE_SECONDS):
        return _reject(
            pd, f"Mailgun signature timestamp is more than {TOLERANCE_SECONDS} s from now"
        )
    expected = _hmac("sha256", secret.encode(), stamp.encode(), token.encode())
    if not any(_bytes_equal(_hex(value), expected) for value in signatures):
        return _reject(pd, "Mailgun signature does not match")
    return payload


# @include stepguard:core


# @include stepguard:raw-body
