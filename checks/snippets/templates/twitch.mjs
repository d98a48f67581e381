// stepguard snippet 'twitch': Twitch EventSub signature (HMAC-SHA256 of id + timestamp + body, 10
//   min tolerance)
// Rendered by `stepguard snippet twitch --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the secret you passed when
//   creating the EventSub subscription.
// Scheme: Twitch-Eventsub-Message-Signature: sha256=<hex HMAC-SHA256 of message id + timestamp +
//   raw body>, from Twitch-Eventsub-Message-Id and Twitch-Eventsub-Message-Timestamp
//   (RFC 3339, must be within 10 minutes of now). webhook_callback_verification messages
//   are answered with the challenge (text/plain) after verification.
// Source: https://dev.twitch.tv/docs/eventsub/handling-webhook-events/
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";
const TOLERANCE_SECONDS = 600;

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const secret = getEnv(SECRET_ENV);
    if (!secret) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const messageId = getHeader(event, "twitch-eventsub-message-id");
    const stamp = getHeader(event, "twitch-eventsub-message-timestamp");
    const signatureHeader = getHeader(event, "twitch-eventsub-message-signature");
    if (!messageId || !stamp || !signatureHeader) return reject($, "Missing Twitch-Eventsub-Message-* headers");
    const timestamp = parseRfc3339(stamp);
    if (timestamp === null) return reject($, "Malformed Twitch-Eventsub-Message-Timestamp header");
    if (!isFresh(timestamp, TOLERANCE_SECONDS)) {
      return reject($, `Twitch-Eventsub-Message-Timestamp is more than ${TOLERANCE_SECONDS} s from now`);
    }
    if (!signatureHeader.startsWith("sha256=")) return reject($, "Twitch-Eventsub-Message-Signature must start with sha256=");
    const received = decodeHex(signatureHeader.slice(7));
    if (!received || received.length !== 32) return reject($, "Malformed Twitch-Eventsub-Message-Signature header");
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    if (!bytesEqual(received, hmac("sha256", secret, messageId, stamp, body.raw))) {
      return reject($, "Twitch-Eventsub-Message-Signature does not match");
    }
    const payload = parsePayload(body.raw, event);
    const messageType = getHeader(event, "twitch-eventsub-message-type");
    if (messageType === "webhook_callback_verification" && payload && typeof payload.challenge === "string") {
      await $.respond({ status: 200, headers: { "content-type": "text/plain" }, body: payload.challenge });
      return $.flow.exit("Answered the Twitch EventSub callback verification");
    }
    return payload;
  },
});

function parseRfc3339(text) {
  const pattern = /^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$/;
  const match = typeof text === "string" ? pattern.exec(text) : null;
  if (!match) return null;
  const millis = Date.parse(match[1] + (match[2] || "").slice(0, 4) + match[3]);
  return Number.isFinite(millis) ? millis / 1000 : null;
}

// @include stepguard:core

// @include stepguard:raw-body
