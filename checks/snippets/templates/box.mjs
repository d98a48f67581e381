// stepguard snippet 'box': Box webhook signatures (primary + secondary key, HMAC-SHA256, 10 min
//   tolerance)
// Rendered by `stepguard snippet box --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the app's PRIMARY signature key
//   (Developer Console → Webhooks → Manage signature keys).
// Also reads BOX_WEBHOOK_SECONDARY_KEY (optional): the secondary signature key, for rotation
// Scheme: box-signature-primary / box-signature-secondary: base64 HMAC-SHA256 of raw body +
//   box-delivery-timestamp (RFC 3339), keyed with the primary / secondary key; either one
//   matching is enough (key rotation). box-signature-version must be 1 and
//   box-signature-algorithm HmacSHA256; the timestamp must be within 10 minutes of now.
// Source: https://developer.box.com/guides/webhooks/v2/signatures-v2/
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";
const SECONDARY_ENV = "BOX_WEBHOOK_SECONDARY_KEY";
const TOLERANCE_SECONDS = 600;

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const primaryKey = getEnv(SECRET_ENV);
    const secondaryKey = getEnv(SECONDARY_ENV);
    if (!primaryKey && !secondaryKey) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const stamp = getHeader(event, "box-delivery-timestamp");
    const primary = getHeader(event, "box-signature-primary");
    const secondary = getHeader(event, "box-signature-secondary");
    if (!stamp || (!primary && !secondary)) return reject($, "Missing box-delivery-timestamp or box-signature-* headers");
    if (getHeader(event, "box-signature-version") !== "1" || getHeader(event, "box-signature-algorithm") !== "HmacSHA256") {
      return reject($, "Unsupported box-signature-version or box-signature-algorithm");
    }
    const timestamp = parseRfc3339(stamp);
    if (timestamp === null) return reject($, "Malformed box-delivery-timestamp header");
    if (!isFresh(timestamp, TOLERANCE_SECONDS)) {
      return reject($, `box-delivery-timestamp is more than ${TOLERANCE_SECONDS} s from now`);
    }
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    const matches = (key, signature) =>
      Boolean(key && signature) && bytesEqual(decodeBase64(signature), hmac("sha256", key, body.raw, stamp));
    if (!matches(primaryKey, primary) && !matches(secondaryKey, secondary)) {
      return reject($, "Neither box-signature-primary nor box-signature-secondary matches");
    }
    return parsePayload(body.raw, event);
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
