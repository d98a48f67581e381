# stepguard snippet 'mailgun': Mailgun webhook signature (timestamp + token, HMAC-SHA256, carried
#   in the body)
# Rendered by `stepguard snippet mailgun --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the HTTP webhook signing key
#   (Sending → Webhooks → HTTP webhook signing key).
# Scheme: The body carries signature = {timestamp, token, signature} (JSON webhooks) or the same
#   three form fields (legacy webhooks). signature = hex HMAC-SHA256 of timestamp + token,
#   keyed with the signing key; parent-signature (sub-accounts) is accepted too. Mailgun
#   documents no replay window; stepguard allows 15 minutes (TOLERANCE_SECONDS).
#   Mailgun does NOT sign event-data: a captured signature block can be replayed with other
#   event data inside the window; store seen tokens (e.g. a data store) to refuse replays.
# Source: https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks
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
TOLERANCE_SECONDS = 900


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    secret = _env(SECRET_ENV)
    if not secret:
        return _reject(pd, f"Environment variable {SECRET_ENV} is not set")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    payload = _payload(raw, event)
    block = payload if isinstance(payload, dict) else {}
    if isinstance(block.get("signature"), dict):
        block = block["signature"]
    stamp = block.get("timestamp")
    if isinstance(stamp, int) and not isinstance(stamp, bool):
        stamp = str(stamp)
    token = block.get("token")
    signatures = [
        value for value in (block.get("signature"), block.get("parent-signature"))
        if isinstance(value, str)
    ]
    if not isinstance(stamp, str) or not isinstance(token, str) or not signatures:
        return _reject(pd, "Missing Mailgun signature (timestamp, token, signature)")
    timestamp = _int(stamp)
    if timestamp is None:
        return _reject(pd, "Malformed Mailgun signature timestamp")
    if not _fresh(timestamp, TOLERANCE_SECONDS):
        return _reject(
            pd, f"Mailgun signature timestamp is more than {TOLERANCE_SECONDS} s from now"
        )
    expected = _hmac("sha256", secret.encode(), stamp.encode(), token.encode())
    if not any(_bytes_equal(_hex(value), expected) for value in signatures):
        return _reject(pd, "Mailgun signature does not match")
    return payload


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


# >>> stepguard:raw-body (shared by every stepguard Python snippet that reads the body)
MAX_RAW_BODY_BYTES = 10 * 1024 * 1024
RAW_BODY_HELP = (
    "No raw request body. Add ?pipedream_upload_body=1 to the trigger URL (or send the header "
    "x-pd-upload-body: 1) so the trigger provides steps.trigger.event.body.raw_body_url, or "
    "trigger the workflow from an event source that emits bodyRaw (HTTP \"New Requests\" "
    "source with Emit set to the raw body or the full request). A re-serialised JSON body "
    "cannot be verified."
)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _raw_body(event):
    """Return (raw bytes, None) or (None, reason)."""
    if isinstance(event.get("bodyRaw"), str):
        return event["bodyRaw"].encode("utf-8"), None
    body = event.get("body")
    url = body.get("raw_body_url") if isinstance(body, dict) else None
    if not isinstance(url, str) or not url:
        return None, RAW_BODY_HELP
    if urllib.parse.urlsplit(url).scheme != "https":
        return None, "raw_body_url must be an https URL"
    try:
        with urllib.request.build_opener(_NoRedirect).open(url, timeout=15) as response:
            raw = response.read(MAX_RAW_BODY_BYTES + 1)
    except (OSError, ValueError) as exc:
        return None, f"Downloading raw_body_url failed: {type(exc).__name__}"
    if len(raw) > MAX_RAW_BODY_BYTES:
        return None, "The raw body is larger than MAX_RAW_BODY_BYTES"
    return raw, None


def _payload(raw, event):
    text = raw.decode("utf-8", "replace")
    content_type = (_header(event, "content-type") or "").lower()
    if "application/x-www-form-urlencoded" in content_type:
        return dict(urllib.parse.parse_qsl(text, keep_blank_values=True))
    try:
        return json.loads(text)
    except ValueError:
        return text
# <<< stepguard:raw-body
