// stepguard snippet 'shopify': Shopify webhook HMAC (X-Shopify-Hmac-Sha256, base64 HMAC-SHA256)
// Rendered by `stepguard snippet shopify --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the app's client secret (or the
//   webhook signing secret shown in the Shopify admin).
// Scheme: X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body, keyed with the secret.
//   No timestamp is signed (deduplicate on X-Shopify-Webhook-Id).
// Source: https://shopify.dev/docs/apps/build/webhooks/subscribe/https
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const secret = getEnv(SECRET_ENV);
    if (!secret) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const header = getHeader(event, "x-shopify-hmac-sha256");
    if (!header) return reject($, "Missing X-Shopify-Hmac-Sha256 header");
    const received = decodeBase64(header);
    if (!received || received.length !== 32) return reject($, "X-Shopify-Hmac-Sha256 is not a base64 sha256 digest");
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    const expected = hmac("sha256", secret, body.raw);
    if (!bytesEqual(received, expected)) return reject($, "X-Shopify-Hmac-Sha256 does not match");
    return parsePayload(body.raw, event);
  },
});

// @include stepguard:core

// @include stepguard:raw-body
