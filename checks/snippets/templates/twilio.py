# stepguard snippet 'twilio': Twilio request signature (X-Twilio-Signature, HMAC-SHA1 of URL +
#   sorted params)
# Rendered by `stepguard snippet twilio --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the Twilio account's Auth
#   Token.
# Also reads TWILIO_WEBHOOK_URL (optional): the exact webhook URL configured in Twilio, if it
#   differs from steps.trigger.event.url (scheme, host, path and query must match)
# Scheme: X-Twilio-Signature: base64 HMAC-SHA1 (keyed with the Auth Token) of the full request URL
#   followed, for form-encoded bodies, by every parameter as name+value sorted by name.
#   For JSON bodies the URL carries bodySHA256=<hex SHA-256 of the raw body>, which is
#   checked too. No timestamp is signed.
# Source: https://www.twilio.com/docs/usage/webhooks/webhooks-security
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
URL_ENV = "TWILIO_WEBHOOK_URL"


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    secret = _env(SECRET_ENV)
    if not secret:
        return _reject(pd, f"Environment variable {SECRET_ENV} is not set")
    header = _header(event, "x-twilio-signature")
    if not header:
        return _reject(pd, "Missing X-Twilio-Signature header")
    received = _b64(header)
    if received is None or len(received) != 20:
        return _reject(pd, "Malformed X-Twilio-Signature header")
    url = _env(URL_ENV) or event.get("url")
    if not isinstance(url, str) or not urllib.parse.urlsplit(url).netloc:
        return _reject(pd, f"The request URL is unknown; set {URL_ENV}")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    signed = url
    content_type = (_header(event, "content-type") or "").lower()
    if "application/x-www-form-urlencoded" in content_type:
        signed += _twilio_params(raw.decode("utf-8", "replace"))
    elif raw:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
        claimed = _hex((query.get("bodySHA256") or [""])[0])
        if not _bytes_equal(claimed, hashlib.sha256(raw).digest()):
            return _reject(pd, "bodySHA256 does not match the raw body")
    if not _bytes_equal(received, _hmac("sha1", secret.encode(), signed.encode("utf-8"))):
        return _reject(pd, "X-Twilio-Signature does not match")
    return _payload(raw, event)


def _twilio_params(form_text):
    grouped = {}
    for name, value in urllib.parse.parse_qsl(form_text, keep_blank_values=True):
        grouped.setdefault(name, []).append(value)
    return "".join(name + value for name in sorted(grouped) for value in sorted(grouped[name]))


# @include stepguard:core


# @include stepguard:raw-body
