# stepguard snippet 'api-key': Shared API key (x-api-key header, constant-time compare)
# Rendered by `stepguard snippet api-key --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the shared API key callers send
#   in the x-api-key header.
# Scheme: x-api-key: <key>; compared in constant time (SHA-256 digests).
# Source: https://pipedream.com/docs/privacy-and-security/best-practices
# Result: returns steps.trigger.event.body once the caller is authenticated.
# Any failure responds 401 and ends the workflow with pd.flow.exit (never a 2xx, never a raise).
import base64
import hashlib
import hmac
import os
import re
import time

SECRET_ENV = "__SECRET_ENV__"


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    expected = _env(SECRET_ENV)
    if not expected:
        return _reject(pd, f"Environment variable {SECRET_ENV} is not set")
    key = _header(event, "x-api-key")
    if not key:
        return _reject(pd, "Missing x-api-key header")
    if not _text_equal(key, expected):
        return _reject(pd, "Wrong API key")
    return event.get("body")


# @include stepguard:core
