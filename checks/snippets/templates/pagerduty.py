# stepguard snippet 'pagerduty': PagerDuty webhook signature (X-PagerDuty-Signature v1=,
#   HMAC-SHA256)
# Rendered by `stepguard snippet pagerduty --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the webhook subscription's
#   secret.
# Scheme: X-PagerDuty-Signature: v1=<hex>[,v1=<hex>…] (several while a secret is rotated):
#   hex HMAC-SHA256 of the raw body. No timestamp is signed.
# Source: https://developer.pagerduty.com/docs/webhooks/webhook-signatures/
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


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    secret = _env(SECRET_ENV)
    if not secret:
        return _reject(pd, f"Environment variable {SECRET_ENV} is not set")
    header = _header(event, "x-pagerduty-signature")
    if not header:
        return _reject(pd, "Missing X-PagerDuty-Signature header")
    signatures = [value for key, value in _header_pairs(header, ",") if key == "v1"]
    if not signatures:
        return _reject(pd, "X-PagerDuty-Signature has no v1 signature")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    expected = _hmac("sha256", secret.encode(), raw)
    if not any(_bytes_equal(_hex(value), expected) for value in signatures):
        return _reject(pd, "No v1 signature in X-PagerDuty-Signature matches")
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
