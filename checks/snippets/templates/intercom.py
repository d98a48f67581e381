# stepguard snippet 'intercom': Intercom webhook signature (X-Hub-Signature sha1=, HMAC-SHA1)
# Rendered by `stepguard snippet intercom --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding your Intercom app's client
#   secret.
# Scheme: X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body, keyed with the app's client
#   secret>.
#   No timestamp is signed.
# Source: https://developers.intercom.com/docs/webhooks/webhook-notifications
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
    header = _header(event, "x-hub-signature")
    if not header:
        return _reject(pd, "Missing X-Hub-Signature header")
    if not header.startswith("sha1="):
        return _reject(pd, "X-Hub-Signature must start with sha1=")
    received = _hex(header[5:])
    if received is None or len(received) != 20:
        return _reject(pd, "X-Hub-Signature is not a hex sha1 digest")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    if not _bytes_equal(received, _hmac("sha1", secret.encode(), raw)):
        return _reject(pd, "X-Hub-Signature does not match")
    return _payload(raw, event)


# @include stepguard:core


# @include stepguard:raw-body
