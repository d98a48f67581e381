# stepguard snippet 'lemon-squeezy': Lemon Squeezy webhook signature (X-Signature, HMAC-SHA256
#   hex)
# Rendered by `stepguard snippet lemon-squeezy --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the signing secret you entered
#   when creating the Lemon Squeezy webhook.
# Scheme: X-Signature: hex HMAC-SHA256 of the raw body, keyed with the signing secret.
#   No timestamp is signed.
# Source: https://docs.lemonsqueezy.com/help/webhooks/signing-requests
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
    header = _header(event, "x-signature")
    if not header:
        return _reject(pd, "Missing X-Signature header")
    received = _hex(header)
    if received is None or len(received) != 32:
        return _reject(pd, "X-Signature is not a hex sha256 digest")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    if not _bytes_equal(received, _hmac("sha256", secret.encode(), raw)):
        return _reject(pd, "X-Signature does not match")
    return _payload(raw, event)


# @include stepguard:core


# @include stepguard:raw-body
