// stepguard snippet 'square': Square webhook signature (x-square-hmacsha256-signature, HMAC-SHA256
//   of URL + body)
// Rendered by `stepguard snippet square --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the webhook subscription's
//   signature key.
// Also reads SQUARE_NOTIFICATION_URL (optional): the exact notification URL of the subscription,
//   if it differs from steps.trigger.event.url
// Scheme: x-square-hmacsha256-signature: base64 HMAC-SHA256 (keyed with the signature key) of
//   the notification URL followed by the raw body. No timestamp is signed.
// Source: https://developer.squareup.com/docs/webhooks/step3validate
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";
const URL_ENV = "SQUARE_NOTIFICATION_URL";

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const secret = getEnv(SECRET_ENV);
    if (!secret) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const header = getHeader(event, "x-square-hmacsha256-signature");
    if (!header) return reject($, "Missing x-square-hmacsha256-signature header");
    const received = decodeBase64(header);
    if (!received || received.length !== 32) return reject($, "Malformed x-square-hmacsha256-signature header");
    const url = getEnv(URL_ENV) || event.url;
    if (typeof url !== "string" || !url) return reject($, `The notification URL is unknown; set ${URL_ENV}`);
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    const expected = hmac("sha256", secret, Buffer.from(url, "utf8"), body.raw);
    if (!bytesEqual(received, expected)) return reject($, "x-square-hmacsha256-signature does not match");
    return parsePayload(body.raw, event);
  },
});

// @include stepguard:core

// @include stepguard:raw-body
