# stepguard snippet 'jwt-hs256': JWT bearer token, HS256 (alg pinned, exp/nbf/iat with 30 s
#   leeway)
# Rendered by `stepguard snippet jwt-hs256 --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the HS256 signing secret (used
#   as UTF-8 bytes).
# Also reads JWT_ISSUER (optional): required iss claim
# Also reads JWT_AUDIENCE (optional): required aud claim
# Scheme: Authorization: Bearer <JWT> (RFC 7519). The JOSE header alg must be exactly HS256
#   (none / RS256 / HS512 are refused); HMAC-SHA256 over header.payload is compared in
#   constant time; exp is required, exp/nbf/iat are checked with a 30 s leeway.
#   The verified claims are exported as `claims`; the step returns the request body.
# Source: https://datatracker.ietf.org/doc/html/rfc7519
# Result: returns steps.trigger.event.body once the caller is authenticated.
# Any failure responds 401 and ends the workflow with pd.flow.exit (never a 2xx, never a raise).
import base64
import hashlib
import hmac
import json
import os
import re
import time

SECRET_ENV = "__SECRET_ENV__"
ISSUER_ENV = "JWT_ISSUER"
AUDIENCE_ENV = "JWT_AUDIENCE"
LEEWAY_SECONDS = 30


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    secret = _env(SECRET_ENV)
    if not secret:
        return _reject(pd, f"Environment variable {SECRET_ENV} is not set")
    header = _header(event, "authorization")
    if not header:
        return _reject(pd, "Missing Authorization header")
    jwt_pattern = r"Bearer +([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)"
    match = re.fullmatch(jwt_pattern, header.strip(), re.IGNORECASE)
    if not match:
        return _reject(pd, "Authorization header is not a Bearer JWT")
    encoded_header, encoded_payload, encoded_signature = match.groups()
    jose = _json_segment(encoded_header)
    if jose is None or jose.get("alg") != "HS256":
        return _reject(pd, "JWT alg must be HS256")
    signature = _b64url(encoded_signature)
    signing_input = f"{encoded_header}.{encoded_payload}".encode()
    if not _bytes_equal(signature, _hmac("sha256", secret.encode(), signing_input)):
        return _reject(pd, "JWT signature does not match")
    claims = _json_segment(encoded_payload)
    problem = _claims_problem(claims)
    if problem:
        return _reject(pd, problem)
    pd.export("claims", claims)
    return event.get("body")


# @include stepguard:jwt-claims
# @include stepguard:core
