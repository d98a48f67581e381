# stepguard snippet 'square': Square webhook signature (x-square-hmacsha256-signature, HMAC-SHA256
#   of URL + body)
# Rendered by `stepguard snippet square --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the webhook subscription's
#   signature key.
# Also reads SQUARE_NOTIFICATION_URL (optional): the exact notification URL of the subscription,
#   if it differs from steps.trigger.event.url
# Scheme: x-square-hmacsha256-signature: base64 HMAC-SHA256 (keyed with the signature key) of
#   the notification URL followed by the raw body. No timestamp is signed.
# Source: https://developer.squareup.com/docs/webhooks/step3validate
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
URL_ENV = "SQUARE_NOTIFICATION_URL"


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    secret = _env(SECRET_ENV)
    if not secret:
        return _reject(pd, f"Environment variable {SECRET_ENV} is not set")
    header = _header(event, "x-square-hmacsha256-signature")
    if not header:
        return _reject(pd, "Missing x-square-hmacsha256-signature header")
    received = _b64(header)
    if received is None or len(received) != 32:
        return _reject(pd, "Malformed x-square-hmacsha256-signature header")
    url = _env(URL_ENV) or event.get("url")
    if not isinstance(url, str) or not url:
        return _reject(pd, f"The notification URL is unknown; set {URL_ENV}")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    if not _bytes_equal(received, _hmac("sha256", secret.encode(), url.encode("utf-8"), raw)):
        return _reject(pd, "x-square-hmacsha256-signature does not match")
    return _payload(raw, event)


# @include stepguard:core


# @include stepguard:raw-body
