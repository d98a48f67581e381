# stepguard snippet 'twitch': Twitch EventSub signature (HMAC-SHA256 of id + timestamp + body, 10
#   min tolerance)
# Rendered by `stepguard snippet twitch --lang python`; review before deploying.
#
# Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
#   your workflow"; put this step first so nothing runs before the request is verified.
# Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
#   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
#   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
# Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
#   Variables, or the project's Variables; mark it secret) holding the secret you passed when
#   creating the EventSub subscription.
# Scheme: Twitch-Eventsub-Message-Signature: sha256=<hex HMAC-SHA256 of message id + timestamp +
#   raw body>, from Twitch-Eventsub-Message-Id and Twitch-Eventsub-Message-Timestamp
#   (RFC 3339, must be within 10 minutes of now). webhook_callback_verification messages
#   are answered with the challenge (text/plain) after verification.
# Source: https://dev.twitch.tv/docs/eventsub/handling-webhook-events/
# Result: returns the verified payload (parsed JSON, form fields, or the raw text).
# Any failure responds 401 and ends the workflow with pd.flow.exit (never a 2xx, never a raise).
import base64
import datetime
import hashlib
import hmac
import json
import os
import re
import time
import urllib.parse
import urllib.request

SECRET_ENV = "__SECRET_ENV__"
TOLERANCE_SECONDS = 600


def handler(pd: "pipedream"):  # noqa: F821
    event = pd.steps["trigger"]["event"]
    secret = _env(SECRET_ENV)
    if not secret:
        return _reject(pd, f"Environment variable {SECRET_ENV} is not set")
    message_id = _header(event, "twitch-eventsub-message-id")
    stamp = _header(event, "twitch-eventsub-message-timestamp")
    signature_header = _header(event, "twitch-eventsub-message-signature")
    if not message_id or not stamp or not signature_header:
        return _reject(pd, "Missing Twitch-Eventsub-Message-* headers")
    timestamp = _rfc3339(stamp)
    if timestamp is None:
        return _reject(pd, "Malformed Twitch-Eventsub-Message-Timestamp header")
    if not _fresh(timestamp, TOLERANCE_SECONDS):
        return _reject(
            pd, f"Twitch-Eventsub-Message-Timestamp is more than {TOLERANCE_SECONDS} s from now"
        )
    if not signature_header.startswith("sha256="):
        return _reject(pd, "Twitch-Eventsub-Message-Signature must start with sha256=")
    received = _hex(signature_header[7:])
    if received is None or len(received) != 32:
        return _reject(pd, "Malformed Twitch-Eventsub-Message-Signature header")
    raw, problem = _raw_body(event)
    if problem:
        return _reject(pd, problem)
    expected = _hmac("sha256", secret.encode(), message_id.encode(), stamp.encode(), raw)
    if not _bytes_equal(received, expected):
        return _reject(pd, "Twitch-Eventsub-Message-Signature does not match")
    payload = _payload(raw, event)
    message_type = _header(event, "twitch-eventsub-message-type")
    challenge = payload.get("challenge") if isinstance(payload, dict) else None
    if message_type == "webhook_callback_verification" and isinstance(challenge, str):
        pd.respond({"status": 200, "headers": {"content-type": "text/plain"}, "body": challenge})
        return pd.flow.exit("Answered the Twitch EventSub callback verification")
    return payload


def _rfc3339(text):
    pattern = (
        r"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})"
        r"(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})"
    )
    match = re.fullmatch(pattern, text) if isinstance(text, str) else None
    if not match:
        return None
    zone = "+00:00" if match.group(3) == "Z" else match.group(3)
    try:
        moment = datetime.datetime.fromisoformat(match.group(1) + (match.group(2) or "")[:7] + zone)
    except ValueError:
        return None
    return moment.timestamp()


# @include stepguard:core


# @include stepguard:raw-body
