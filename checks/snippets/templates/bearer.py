# stepguard snippet 'bearer': Bearer token (Authorization: Bearer, constant-time compare)
# Rendered by `stepguard snippet bearer --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the expected bearer token.
# Scheme: Authorization: Bearer <token> (RFC 6750); compared in constant time (SHA-256 digests).
# Source: https://datatracker.ietf.org/doc/html/rfc6750#section-2.1
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
    header = _header(event, "authorization")
    if not header:
        return _reject(pd, "Missing Authorization header")
    match = re.fullmatch(r"Bearer +(\S+)", header.strip(), re.IGNORECASE)
    if not match:
        return _reject(pd, "Authorization header is not a Bearer token")
    if not _text_equal(match.group(1), expected):
        return _reject(pd, "Wrong bearer token")
    return event.get("body")


# @include stepguard:core
