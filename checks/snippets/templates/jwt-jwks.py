# stepguard snippet 'jwt-jwks': JWT bearer token, RS256 against a JWKS URL (cached keys, kid
#   lookup)
# Rendered by `stepguard snippet jwt-jwks --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the https URL of the issuer's
#   JWKS (e.g. https://issuer/.well-known/jwks.json).
# Also reads JWT_ISSUER (optional): required iss claim
# Also reads JWT_AUDIENCE (optional): required aud claim
# Scheme: Authorization: Bearer <JWT>. The JOSE header alg must be exactly RS256; the key is the
#   JWKS entry with the token's kid (kty RSA, use sig), fetched over https and cached in
#   module scope for 10 minutes (refetched at most every 30 s when a kid is unknown).
#   exp is required, exp/nbf/iat are checked with a 30 s leeway. Claims are exported
#   as `claims`; the step returns the request body.
# Source: https://datatracker.ietf.org/doc/html/rfc7517
# Result: returns steps.trigger.event.body once the caller is authenticated.
# Any failure responds 401 and ends the workflow with pd.flow.exit (never a 2xx, never a raise).
import base64
import hashlib
import hmac
import json
import os
import re
import time
import urllib.request

# pipedream add-package cryptography==50.0.2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

SECRET_ENV = "__SECRET_ENV__"
ISSUER_ENV = "JWT_ISSUER"
AUDIENCE_ENV = "JWT_AUDIENCE"
LEEWAY_SECONDS = 30
JWKS_CACHE_SECONDS = 600
JWKS_MIN_REFRESH_SECONDS = 30

_JWKS_CACHE = {"url": None, "fetched_at": 0.0, "keys": []}


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    jwks_url = _env(SECRET_ENV)
    if not jwks_url or not jwks_url.startswith("https://"):
        return _reject(pd, f"Environment variable {SECRET_ENV} must hold the https URL of a JWKS")
    header = _header(event, "authorization")
    if not header:
        return _reject(pd, "Missing Authorization header")
    jwt_pattern = r"Bearer +([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)"
    match = re.fullmatch(jwt_pattern, header.strip(), re.IGNORECASE)
    if not match:
        return _reject(pd, "Authorization header is not a Bearer JWT")
    encoded_header, encoded_payload, encoded_signature = match.groups()
    jose = _json_segment(encoded_header)
    if jose is None or jose.get("alg") != "RS256":
        return _reject(pd, "JWT alg must be RS256")
    signature = _b64url(encoded_signature)
    if signature is None:
        return _reject(pd, "JWT signature is not base64url")
    try:
        jwk = _pick_key(_load_jwks(jwks_url, False), jose.get("kid"))
        if jwk is None:
            jwk = _pick_key(_load_jwks(jwks_url, True), jose.get("kid"))
    except (OSError, ValueError) as exc:
        return _reject(pd, f"Could not load the JWKS: {type(exc).__name__}")
    if jwk is None:
        return _reject(pd, "No RS256 signing key in the JWKS matches the token's kid")
    if not _rs256_valid(jwk, f"{encoded_header}.{encoded_payload}".encode(), signature):
        return _reject(pd, "JWT signature does not verify")
    claims = _json_segment(encoded_payload)
    problem = _claims_problem(claims)
    if problem:
        return _reject(pd, problem)
    pd.export("claims", claims)
    return event.get("body")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _load_jwks(url, force_refresh):
    now = time.time()
    max_age = JWKS_MIN_REFRESH_SECONDS if force_refresh else JWKS_CACHE_SECONDS
    if _JWKS_CACHE["url"] == url and now - _JWKS_CACHE["fetched_at"] < max_age:
        return _JWKS_CACHE["keys"]
    with urllib.request.build_opener(_NoRedirect).open(url, timeout=10) as response:
        data = json.loads(response.read(1024 * 1024).decode("utf-8"))
    keys = data.get("keys") if isinstance(data, dict) and isinstance(data.get("keys"), list) else []
    _JWKS_CACHE.update(url=url, fetched_at=now, keys=keys)
    return keys


def _pick_key(keys, kid):
    usable = [
        key for key in keys
        if isinstance(key, dict) and key.get("kty") == "RSA"
        and key.get("use", "sig") == "sig" and key.get("alg", "RS256") == "RS256"
    ]
    if kid is not None:
        return next((key for key in usable if key.get("kid") == kid), None)
    return usable[0] if len(usable) == 1 else None


def _rs256_valid(jwk, signing_input, signature):
    modulus, exponent = _b64url(jwk.get("n")), _b64url(jwk.get("e"))
    if modulus is None or exponent is None:
        return False
    try:
        numbers = rsa.RSAPublicNumbers(
            int.from_bytes(exponent, "big"), int.from_bytes(modulus, "big")
        )
        numbers.public_key().verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True


# @include stepguard:jwt-claims
# @include stepguard:core
