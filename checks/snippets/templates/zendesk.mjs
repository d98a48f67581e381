// stepguard snippet 'zendesk': Zendesk webhook signature (X-Zendesk-Webhook-Signature, HMAC-SHA256
//   of timestamp + body)
// Rendered by `stepguard snippet zendesk --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the webhook's signing secret
//   (Admin Center → Webhooks → the webhook → Reveal secret).
// Scheme: X-Zendesk-Webhook-Signature: base64 HMAC-SHA256 of timestamp + raw body (no separator),
//   timestamp = X-Zendesk-Webhook-Signature-Timestamp (ISO 8601). Zendesk documents no
//   replay window; stepguard allows 5 minutes (TOLERANCE_SECONDS).
// Source: https://developer.zendesk.com/documentation/webhooks/verifying/
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";
const TOLERANCE_SECONDS = 300;

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const secret = getEnv(SECRET_ENV);
    if (!secret) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const signatureHeader = getHeader(event, "x-zendesk-webhook-signature");
    const stamp = getHeader(event, "x-zendesk-webhook-signature-timestamp");
    if (!signatureHeader || !stamp) return reject($, "Missing X-Zendesk-Webhook-Signature or X-Zendesk-Webhook-Signature-Timestamp");
    const timestamp = parseRfc3339(stamp);
    if (timestamp === null) return reject($, "Malformed X-Zendesk-Webhook-Signature-Timestamp header");
    if (!isFresh(timestamp, TOLERANCE_SECONDS)) {
      return reject($, `X-Zendesk-Webhook-Signature-Timestamp is more than ${TOLERANCE_SECONDS} s from now`);
    }
    const received = decodeBase64(signatureHeader);
    if (!received || received.length !== 32) return reject($, "Malformed X-Zendesk-Webhook-Signature header");
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    const expected = hmac("sha256", secret, stamp, body.raw);
    if (!bytesEqual(received, expected)) return reject($, "X-Zendesk-Webhook-Signature does not match");
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
