# stepguard snippet 'discord': Discord interactions signature (X-Signature-Ed25519 over timestamp
#   + body)
# Rendered by `stepguard snippet discord --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the application's PUBLIC KEY
#   (hex, General Information page); it is not secret.
# Scheme: X-Signature-Ed25519: hex Ed25519 signature of timestamp + raw body, timestamp =
#   X-Signature-Timestamp (unix seconds), verified with the application's public key.
#   Discord documents no replay window; stepguard allows 5 minutes (TOLERANCE_SECONDS).
#   PING interactions (type 1) are answered with {type: 1} after verification.
#   Python needs the `cryptography` package, pinned by the add-package comment below.
# Source: https://discord.com/developers/docs/interactions/overview
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

# pipedream add-package cryptography==50.0.2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

SECRET_ENV = "__SECRET_ENV__"
TOLERANCE_SECONDS = 300


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    key_bytes = _hex(_env(SECRET_ENV) or "")
    if key_bytes is None or len(key_bytes) != 32:
        return _reject(
            pd, f"Environment variable {SECRET_ENV} must hold the 32-byte hex public key"
        )
    public_key = Ed25519PublicKey.from_public_bytes(key_bytes)
    signature_header = _header(event, "x-signature-ed25519")
    stamp = _header(event, "x-signature-timestamp")
    if not signature_header or not stamp:
        return _reject(pd, "Missing X-Signature-Ed25519 or X-Signature-Timestamp header")
    timestamp = _int(stamp)
    if timestamp is None:
        return _reject(pd, "Malformed X-Signature-Timestamp header")
    if not _fresh(timestamp, TOLERANCE_SECONDS):
        return _reject(pd, f"X-Signature-Timestamp is more than {TOLERANCE_SECONDS} s from now")
    received = _hex(signature_header)
    if received is None or len(received) != 64:
        return _reject(pd, "Malformed X-Signature-Ed25519 header")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    try:
        public_key.verify(received, stamp.encode() + raw)
    except InvalidSignature:
        return _reject(pd, "X-Signature-Ed25519 does not verify")
    payload = _payload(raw, event)
    if isinstance(payload, dict) and payload.get("type") == 1:
        pd.respond({
            "status": 200,
            "headers": {"content-type": "application/json"},
            "body": {"type": 1},
        })
        return pd.flow.exit("Answered the Discord PING")
    return payload


# @include stepguard:core


# @include stepguard:raw-body
