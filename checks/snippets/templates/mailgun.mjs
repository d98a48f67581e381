// stepguard snippet 'mailgun': Mailgun webhook signature (timestamp + token, HMAC-SHA256, carried
//   in the body)
// Rendered by `stepguard snippet mailgun --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the HTTP webhook signing key
//   (Sending → Webhooks → HTTP webhook signing key).
// Scheme: The body carries signature = {timestamp, token, signature} (JSON webhooks) or the same
//   three form fields (legacy webhooks). signature = hex HMAC-SHA256 of timestamp + token,
//   keyed with the signing key; parent-signature (sub-accounts) is accepted too. Mailgun
//   documents no replay window; stepguard allows 15 minutes (TOLERANCE_SECONDS).
//   Mailgun does NOT sign event-data: a captured signature block can be replayed with other
//   event data inside the window; store seen tokens (e.g. a data store) to refuse replays.
// Source: https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";
const TOLERANCE_SECONDS = 900;

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const secret = getEnv(SECRET_ENV);
    if (!secret) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    const payload = parsePayload(body.raw, event);
    const block = payload && typeof payload === "object"
      ? (payload.signature && typeof payload.signature === "object" ? payload.signature : payload)
      : {};
    const stamp = typeof block.timestamp === "number" ? String(block.timestamp) : block.timestamp;
    const token = block.token;
    const signatures = [block.signature, block["parent-signature"]].filter((v) => typeof v === "string");
    if (typeof stamp !== "string" || typeof token !== "string" || signatures.length === 0) {
      return reject($, "Missing Mailgun signature (timestamp, token, signature)");
    }
    const timestamp = parseInteger(stamp);
    if (timestamp === null) return reject($, "Malformed Mailgun signature timestamp");
    if (!isFresh(timestamp, TOLERANCE_SECONDS)) {
      return reject($, `Mailgun signature timestamp is more than ${TOLERANCE_SECONDS} s from now`);
    }
    const expected = hmac("sha256", secret, stamp, token);
    if (!signatures.some((value) => bytesEqual(decodeHex(value), expected))) {
      return reject($, "Mailgun signature does not match");
    }
    return payload;
  },
});

// @include stepguard:core

// @include stepguard:raw-body
