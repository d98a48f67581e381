# stepguard snippet 'sendgrid': SendGrid signed Event Webhook (ECDSA P-256 / SHA-256 over
#   timestamp + body)
# Rendered by `stepguard snippet sendgrid --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the Signed Event Webhook
#   verification key (base64 DER public key, as shown by SendGrid).
# Scheme: X-Twilio-Email-Event-Webhook-Signature: base64 DER ECDSA (P-256, SHA-256) signature of
#   timestamp + raw body, timestamp = X-Twilio-Email-Event-Webhook-Timestamp (unix seconds).
#   SendGrid documents no replay window; stepguard allows 5 minutes (TOLERANCE_SECONDS).
#   Python needs the `cryptography` package, pinned by the add-package comment below.
# Source:
#   https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features
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
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_der_public_key

SECRET_ENV = "__SECRET_ENV__"
TOLERANCE_SECONDS = 300


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    key_text = _env(SECRET_ENV)
    if not key_text:
        return _reject(pd, f"Environment variable {SECRET_ENV} is not set")
    der = _b64(re.sub(r"-----[^-]+-----|\s+", "", key_text))
    try:
        public_key = load_der_public_key(der) if der else None
    except (ValueError, UnsupportedAlgorithm):
        public_key = None
    if not isinstance(public_key, ec.EllipticCurvePublicKey):
        return _reject(pd, f"Environment variable {SECRET_ENV} is not a base64 DER EC public key")
    signature_header = _header(event, "x-twilio-email-event-webhook-signature")
    stamp = _header(event, "x-twilio-email-event-webhook-timestamp")
    if not signature_header or not stamp:
        return _reject(pd, "Missing SendGrid signature or timestamp header")
    timestamp = _int(stamp)
    if timestamp is None:
        return _reject(pd, "Malformed X-Twilio-Email-Event-Webhook-Timestamp header")
    if not _fresh(timestamp, TOLERANCE_SECONDS):
        return _reject(pd, f"SendGrid timestamp is more than {TOLERANCE_SECONDS} s from now")
    received = _b64(signature_header)
    if received is None:
        return _reject(pd, "Malformed X-Twilio-Email-Event-Webhook-Signature header")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    try:
        public_key.verify(received, stamp.encode() + raw, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return _reject(pd, "SendGrid signature does not verify")
    return _payload(raw, event)


# @include stepguard:core


# @include stepguard:raw-body
