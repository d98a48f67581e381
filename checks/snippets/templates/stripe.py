# stepguard snippet 'stripe': Stripe webhook signature (Stripe-Signature, HMAC-SHA256, 5 min
#   tolerance)
# Rendered by `stepguard snippet stripe --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the endpoint's signing secret
#   (whsec_…, from the Stripe dashboard or `stripe listen`).
# Scheme: Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…] (several v1 during secret rolls;
#   v0 and other schemes are ignored). Signed: `${t}.${rawBody}`, HMAC-SHA256 keyed with the
#   whole secret string. t must be within 300 s of now (Stripe's default tolerance).
# Source: https://docs.stripe.com/webhooks#verify-manually
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
    header = _header(event, "stripe-signature")
    if not header:
        return _reject(pd, "Missing Stripe-Signature header")
    pairs = _header_pairs(header, ",")
    stamps = [value for key, value in pairs if key == "t"]
    signatures = [value for key, value in pairs if key == "v1"]
    timestamp = _int(stamps[0]) if len(stamps) == 1 else None
    if timestamp is None or not signatures:
        return _reject(pd, "Malformed Stripe-Signature header")
    if not _fresh(timestamp, TOLERANCE_SECONDS):
        return _reject(
            pd, f"Stripe-Signature timestamp is more than {TOLERANCE_SECONDS} s from now"
        )
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    expected = _hmac("sha256", secret.encode(), f"{stamps[0]}.".encode(), raw)
    if not any(_bytes_equal(_hex(value), expected) for value in signatures):
        return _reject(pd, "No v1 signature in Stripe-Signature matches")
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
