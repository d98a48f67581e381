// stepguard snippet 'asana': Asana webhook signature (X-Hook-Signature, HMAC-SHA256) +
//   X-Hook-Secret handshake
// Rendered by `stepguard snippet asana --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the X-Hook-Secret Asana sent in
//   the webhook's handshake.
// Scheme: X-Hook-Signature: hex HMAC-SHA256 of the raw body, keyed with the handshake secret.
//   The handshake (a request carrying X-Hook-Secret) is answered 200 with the same
//   X-Hook-Secret header, as Asana requires; store that value in the env var.
// Source: https://developers.asana.com/docs/webhooks-guide
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const hookSecret = getHeader(event, "x-hook-secret");
    if (hookSecret) {
      await $.respond({ status: 200, headers: { "X-Hook-Secret": hookSecret }, body: "" });
      return $.flow.exit(`Answered the Asana handshake: store the X-Hook-Secret value in ${SECRET_ENV}`);
    }
    const secret = getEnv(SECRET_ENV);
    if (!secret) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const header = getHeader(event, "x-hook-signature");
    if (!header) return reject($, "Missing X-Hook-Signature header");
    const received = decodeHex(header);
    if (!received || received.length !== 32) return reject($, "X-Hook-Signature is not a hex sha256 digest");
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    const expected = hmac("sha256", secret, body.raw);
    if (!bytesEqual(received, expected)) return reject($, "X-Hook-Signature does not match");
    return parsePayload(body.raw, event);
  },
});

// @include stepguard:core

// @include stepguard:raw-body
