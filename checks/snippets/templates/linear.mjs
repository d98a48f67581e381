// stepguard snippet 'linear': Linear webhook signature (Linear-Signature, HMAC-SHA256,
//   webhookTimestamp within 60 s)
// Rendered by `stepguard snippet linear --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the webhook's signing secret
//   (Settings → API → Webhooks).
// Scheme: Linear-Signature: hex HMAC-SHA256 of the raw body, keyed with the signing secret. The
//   signed JSON body's webhookTimestamp (unix milliseconds) must be within 60 s of now
//   (the window used by Linear's SDK).
// Source: https://linear.app/developers/webhooks#securing-webhooks
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";
const TOLERANCE_SECONDS = 60;

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const secret = getEnv(SECRET_ENV);
    if (!secret) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const header = getHeader(event, "linear-signature");
    if (!header) return reject($, "Missing Linear-Signature header");
    const received = decodeHex(header);
    if (!received || received.length !== 32) return reject($, "Malformed Linear-Signature header");
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    if (!bytesEqual(received, hmac("sha256", secret, body.raw))) return reject($, "Linear-Signature does not match");
    const payload = parsePayload(body.raw, event);
    const sentAt = payload && typeof payload === "object" ? payload.webhookTimestamp : undefined;
    if (typeof sentAt !== "number" || !isFresh(sentAt / 1000, TOLERANCE_SECONDS)) {
      return reject($, `webhookTimestamp is missing or more than ${TOLERANCE_SECONDS} s from now`);
    }
    return payload;
  },
});

// @include stepguard:core

// @include stepguard:raw-body
