// stepguard snippet 'notion': Notion webhook signature (X-Notion-Signature sha256=, HMAC-SHA256) +
//   handshake
// Rendered by `stepguard snippet notion --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the subscription's
//   verification_token.
// Scheme: X-Notion-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with the
//   verification_token>. The one-time, unsigned verification request (a body holding only
//   verification_token) is answered 200 without processing: copy the token from this
//   execution's trigger event into the Notion integration settings and into the env var.
// Source: https://developers.notion.com/reference/webhooks
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const handshake = event.body;
    const isHandshake = !getHeader(event, "x-notion-signature") && handshake && typeof handshake === "object" &&
      Object.keys(handshake).length === 1 && typeof handshake.verification_token === "string";
    if (isHandshake) {
      await $.respond({ status: 200, headers: { "content-type": "application/json" }, body: {} });
      return $.flow.exit(`Notion verification request received: copy verification_token into ${SECRET_ENV}`);
    }
    const secret = getEnv(SECRET_ENV);
    if (!secret) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const header = getHeader(event, "x-notion-signature");
    if (!header) return reject($, "Missing X-Notion-Signature header");
    if (!header.startsWith("sha256=")) return reject($, "X-Notion-Signature must start with sha256=");
    const received = decodeHex(header.slice(7));
    if (!received || received.length !== 32) return reject($, "X-Notion-Signature is not a hex sha256 digest");
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    const expected = hmac("sha256", secret, body.raw);
    if (!bytesEqual(received, expected)) return reject($, "X-Notion-Signature does not match");
    return parsePayload(body.raw, event);
  },
});

// @include stepguard:core

// @include stepguard:raw-body
