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


# >>> stepguard:core (shared by every stepguard Python snippet; keep identical)
def _reject(pd, reason, extra_headers=None):
    headers = {"content-type": "application/json", **(extra_headers or {})}
    pd.respond({"status": 401, "headers": headers, "body": {"error": "unauthorized"}})
    return pd.flow.exit(reason)


def _header(event, name):
    value = (event.get("headers") or {}).get(name)
    if isinstance(value, list):
        return str(value[0]) if len(value) == 1 else None
    return value if isinstance(value, str) else None


def _env(name):
    return os.environ.get(name) or None


def _hex(text):
    if isinstance(text, str) and re.fullmatch(r"(?:[0-9a-fA-F]{2})+", text):
        return bytes.fromhex(text)
    return None


def _b64(text):
    if not isinstance(text, str) or not text or len(text) % 4:
        return None
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        return None


def _b64url(text):
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", text) or len(text) % 4 == 1:
        return None
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _hmac(algorithm, key, *parts):
    mac = hmac.new(key, digestmod=algorithm)
    for part in parts:
        mac.update(part)
    return mac.digest()


def _bytes_equal(a, b):
    if not isinstance(a, bytes) or not isinstance(b, bytes) or len(a) != len(b):
        return False
    return hmac.compare_digest(a, b)


def _text_equal(a, b):
    digest_a = hashlib.sha256(str(a).encode("utf-8", "replace")).digest()
    digest_b = hashlib.sha256(str(b).encode("utf-8", "replace")).digest()
    return hmac.compare_digest(digest_a, digest_b)


def _int(text):
    return int(text) if isinstance(text, str) and re.fullmatch(r"[0-9]{1,16}", text) else None


def _fresh(epoch_seconds, tolerance_seconds):
    if not isinstance(epoch_seconds, (int, float)) or isinstance(epoch_seconds, bool):
        return False
    return abs(time.time() - epoch_seconds) <= tolerance_seconds
# <<< stepguard:core
