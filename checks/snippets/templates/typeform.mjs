// stepguard snippet 'typeform': Typeform webhook signature (Typeform-Signature sha256=, base64
//   HMAC-SHA256)
// Rendered by `stepguard snippet typeform --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the secret you set on the
//   Typeform webhook.
// Scheme: Typeform-Signature: sha256=<base64 HMAC-SHA256 of the raw body, keyed with the secret>.
//   No timestamp is signed.
// Source: https://www.typeform.com/developers/webhooks/secure-your-webhooks/
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const secret = getEnv(SECRET_ENV);
    if (!secret) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const header = getHeader(event, "typeform-signature");
    if (!header) return reject($, "Missing Typeform-Signature header");
    if (!header.startsWith("sha256=")) return reject($, "Typeform-Signature must start with sha256=");
    const received = decodeBase64(header.slice(7));
    if (!received || received.length !== 32) return reject($, "Typeform-Signature is not a base64 sha256 digest");
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    const expected = hmac("sha256", secret, body.raw);
    if (!bytesEqual(received, expected)) return reject($, "Typeform-Signature does not match");
    return parsePayload(body.raw, event);
  },
});

// @include stepguard:core

// @include stepguard:raw-body
