# stepguard snippet 'hubspot': HubSpot request signature v3 (X-HubSpot-Signature-v3, HMAC-SHA256,
#   5 min tolerance)
# Rendered by `stepguard snippet hubspot --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the app's client secret.
# Also reads HUBSPOT_WEBHOOK_URL (optional): the exact target URL configured in HubSpot
# Scheme: X-HubSpot-Signature-v3: base64 HMAC-SHA256 of method + URI + raw body + timestamp,
#   timestamp = X-HubSpot-Request-Timestamp (unix milliseconds, rejected when more than
#   5 minutes from now). URI = HUBSPOT_WEBHOOK_URL if set (the exact URL configured in
#   HubSpot), else steps.trigger.event.url, with HubSpot's listed %XX escapes decoded.
# Source: https://developers.hubspot.com/docs/apps/legacy-apps/authentication/validating-requests
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
TOLERANCE_SECONDS = 300
URL_ENV = "HUBSPOT_WEBHOOK_URL"


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    secret = _env(SECRET_ENV)
    if not secret:
        return _reject(pd, f"Environment variable {SECRET_ENV} is not set")
    signature_header = _header(event, "x-hubspot-signature-v3")
    stamp = _header(event, "x-hubspot-request-timestamp")
    if not signature_header or not stamp:
        return _reject(pd, "Missing X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp")
    timestamp = _int(stamp)
    if timestamp is None:
        return _reject(pd, "Malformed X-HubSpot-Request-Timestamp header")
    if not _fresh(timestamp / 1000, TOLERANCE_SECONDS):
        return _reject(
            pd, f"X-HubSpot-Request-Timestamp is more than {TOLERANCE_SECONDS} s from now"
        )
    received = _b64(signature_header)
    if received is None or len(received) != 32:
        return _reject(pd, "Malformed X-HubSpot-Signature-v3 header")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    expected = _hmac("sha256", secret.encode(), _hubspot_source(event), raw, stamp.encode())
    if not _bytes_equal(received, expected):
        return _reject(pd, "X-HubSpot-Signature-v3 does not match")
    return _payload(raw, event)


_HUBSPOT_DECODE = {
    "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$",
    "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";",
}


def _hubspot_source(event):
    url = _env(URL_ENV) or str(event.get("url") or "")
    uri = re.sub(
        r"%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)",
        lambda m: _HUBSPOT_DECODE[m.group(0).upper()],
        url,
        flags=re.IGNORECASE,
    )
    return (str(event.get("method") or "POST").upper() + uri).encode("utf-8")


# @include stepguard:core


# @include stepguard:raw-body
