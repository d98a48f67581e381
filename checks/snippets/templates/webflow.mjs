// stepguard snippet 'webflow': Webflow webhook signature (x-webflow-signature, HMAC-SHA256, 5 min
//   tolerance)
// Rendered by `stepguard snippet webflow --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the OAuth app's client secret
//   (Webflow signs only webhooks created by an OAuth app).
// Scheme: x-webflow-signature: hex HMAC-SHA256 of `${timestamp}:${rawBody}`, timestamp =
//   x-webflow-timestamp (unix milliseconds, within 5 minutes of now).
// Source: https://developers.webflow.com/data/docs/working-with-webhooks
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
    const signatureHeader = getHeader(event, "x-webflow-signature");
    const stamp = getHeader(event, "x-webflow-timestamp");
    if (!signatureHeader || !stamp) return reject($, "Missing x-webflow-signature or x-webflow-timestamp");
    const timestamp = parseInteger(stamp);
    if (timestamp === null) return reject($, "Malformed x-webflow-timestamp header");
    if (!isFresh(timestamp / 1000, TOLERANCE_SECONDS)) {
      return reject($, `x-webflow-timestamp is more than ${TOLERANCE_SECONDS} s from now`);
    }
    const received = decodeHex(signatureHeader);
    if (!received || received.length !== 32) return reject($, "Malformed x-webflow-signature header");
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    const expected = hmac("sha256", secret, `${stamp}:`, body.raw);
    if (!bytesEqual(received, expected)) return reject($, "x-webflow-signature does not match");
    return parsePayload(body.raw, event);
  },
});

// @include stepguard:core

// @include stepguard:raw-body
