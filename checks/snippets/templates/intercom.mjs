// stepguard snippet 'intercom': Intercom webhook signature (X-Hub-Signature sha1=, HMAC-SHA1)
// Rendered by `stepguard snippet intercom --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding your Intercom app's client
//   secret.
// Scheme: X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body, keyed with the app's client
//   secret>.
//   No timestamp is signed.
// Source: https://developers.intercom.com/docs/webhooks/webhook-notifications
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const secret = getEnv(SECRET_ENV);
    if (!secret) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const header = getHeader(event, "x-hub-signature");
    if (!header) return reject($, "Missing X-Hub-Signature header");
    if (!header.startsWith("sha1=")) return reject($, "X-Hub-Signature must start with sha1=");
    const received = decodeHex(header.slice(5));
    if (!received || received.length !== 20) return reject($, "X-Hub-Signature is not a hex sha1 digest");
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    const expected = hmac("sha1", secret, body.raw);
    if (!bytesEqual(received, expected)) return reject($, "X-Hub-Signature does not match");
    return parsePayload(body.raw, event);
  },
});

// @include stepguard:core

// @include stepguard:raw-body
