# stepguard snippet 'basic': HTTP Basic auth (Authorization: Basic, "user:password" in one env
#   var)
# Rendered by `stepguard snippet basic --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the expected credentials as
#   "user:password" (the password may contain ":").
# Scheme: Authorization: Basic base64(user:password) (RFC 7617); the decoded credentials are
#   compared in constant time (SHA-256 digests) with the environment variable.
#   A failed attempt gets 401 with WWW-Authenticate: Basic.
# Source: https://datatracker.ietf.org/doc/html/rfc7617
# Result: returns steps.trigger.event.body once the caller is authenticated.
# Any failure responds 401 and ends the workflow with pd.flow.exit (never a 2xx, never a raise).
import base64
import hashlib
import hmac
import os
import re
import time

SECRET_ENV = "__SECRET_ENV__"
CHALLENGE = {"www-authenticate": 'Basic realm="pipedream", charset="UTF-8"'}


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    expected = _env(SECRET_ENV)
    if not expected or ":" not in expected:
        return _reject(pd, f"Environment variable {SECRET_ENV} must hold user:password", CHALLENGE)
    header = _header(event, "authorization")
    if not header:
        return _reject(pd, "Missing Authorization header", CHALLENGE)
    match = re.fullmatch(r"Basic +(\S+)", header.strip(), re.IGNORECASE)
    decoded = _b64(match.group(1)) if match else None
    if decoded is None:
        return _reject(pd, "Authorization header is not Basic base64(user:password)", CHALLENGE)
    if not _text_equal(decoded.decode("utf-8", "replace"), expected):
        return _reject(pd, "Wrong Basic credentials", CHALLENGE)
    return event.get("body")


# @include stepguard:core
