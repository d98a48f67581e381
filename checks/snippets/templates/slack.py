# stepguard snippet 'slack': Slack request signature (X-Slack-Signature v0, HMAC-SHA256, 5 min
#   tolerance)
# Rendered by `stepguard snippet slack --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the app's Signing Secret (Basic
#   Information → App Credentials).
# Scheme: X-Slack-Signature: v0=<hex HMAC-SHA256 of `v0:${timestamp}:${rawBody}`>, timestamp from
#   X-Slack-Request-Timestamp (unix seconds, within 5 minutes of now). Events API
#   url_verification challenges are answered after the signature is verified.
# Source: https://api.slack.com/authentication/verifying-requests-from-slack
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


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    secret = _env(SECRET_ENV)
    if not secret:
        return _reject(pd, f"Environment variable {SECRET_ENV} is not set")
    signature_header = _header(event, "x-slack-signature")
    stamp = _header(event, "x-slack-request-timestamp")
    if not signature_header or not stamp:
        return _reject(pd, "Missing X-Slack-Signature or X-Slack-Request-Timestamp")
    timestamp = _int(stamp)
    if timestamp is None:
        return _reject(pd, "Malformed X-Slack-Request-Timestamp header")
    if not _fresh(timestamp, TOLERANCE_SECONDS):
        return _reject(pd, f"X-Slack-Request-Timestamp is more than {TOLERANCE_SECONDS} s from now")
    if not signature_header.startswith("v0="):
        return _reject(pd, "X-Slack-Signature must start with v0=")
    received = _hex(signature_header[3:])
    if received is None or len(received) != 32:
        return _reject(pd, "Malformed X-Slack-Signature header")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    expected = _hmac("sha256", secret.encode(), f"v0:{stamp}:".encode(), raw)
    if not _bytes_equal(received, expected):
        return _reject(pd, "X-Slack-Signature does not match")
    payload = _payload(raw, event)
    if isinstance(payload, dict) and payload.get("type") == "url_verification":
        challenge = payload.get("challenge")
        if isinstance(challenge, str):
            pd.respond({
                "status": 200,
                "headers": {"content-type": "application/json"},
                "body": {"challenge": challenge},
            })
            return pd.flow.exit("Answered the Slack url_verification challenge")
    return payload


# @include stepguard:core


# @include stepguard:raw-body
