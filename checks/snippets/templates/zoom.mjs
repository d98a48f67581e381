// stepguard snippet 'zoom': Zoom webhook signature (x-zm-signature v0, HMAC-SHA256) + URL
//   validation
// Rendered by `stepguard snippet zoom --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the app's webhook Secret Token.
// Scheme: x-zm-signature: v0=<hex HMAC-SHA256 of `v0:${timestamp}:${rawBody}`>, timestamp =
//   x-zm-request-timestamp (unix seconds). Zoom documents no replay window; stepguard
//   allows 5 minutes. endpoint.url_validation requests are answered (plainToken +
//   encryptedToken) after the signature is verified.
// Source: https://developers.zoom.us/docs/api/webhooks/
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
    const signatureHeader = getHeader(event, "x-zm-signature");
    const stamp = getHeader(event, "x-zm-request-timestamp");
    if (!signatureHeader || !stamp) return reject($, "Missing x-zm-signature or x-zm-request-timestamp");
    const timestamp = parseInteger(stamp);
    if (timestamp === null) return reject($, "Malformed x-zm-request-timestamp header");
    if (!isFresh(timestamp, TOLERANCE_SECONDS)) {
      return reject($, `x-zm-request-timestamp is more than ${TOLERANCE_SECONDS} s from now`);
    }
    if (!signatureHeader.startsWith("v0=")) return reject($, "x-zm-signature must start with v0=");
    const received = decodeHex(signatureHeader.slice(3));
    if (!received || received.length !== 32) return reject($, "Malformed x-zm-signature header");
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    const expected = hmac("sha256", secret, `v0:${stamp}:`, body.raw);
    if (!bytesEqual(received, expected)) return reject($, "x-zm-signature does not match");
    const payload = parsePayload(body.raw, event);
    const plainToken = payload && payload.payload ? payload.payload.plainToken : undefined;
    if (payload && payload.event === "endpoint.url_validation" && typeof plainToken === "string") {
      const encryptedToken = hmac("sha256", secret, plainToken).toString("hex");
      await $.respond({ status: 200, headers: { "content-type": "application/json" }, body: { plainToken, encryptedToken } });
      return $.flow.exit("Answered the Zoom endpoint.url_validation request");
    }
    return payload;
  },
});

// @include stepguard:core

// @include stepguard:raw-body
