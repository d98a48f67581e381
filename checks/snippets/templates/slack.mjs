// stepguard snippet 'slack': Slack request signature (X-Slack-Signature v0, HMAC-SHA256, 5 min
//   tolerance)
// Rendered by `stepguard snippet slack --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the app's Signing Secret (Basic
//   Information → App Credentials).
// Scheme: X-Slack-Signature: v0=<hex HMAC-SHA256 of `v0:${timestamp}:${rawBody}`>, timestamp from
//   X-Slack-Request-Timestamp (unix seconds, within 5 minutes of now). Events API
//   url_verification challenges are answered after the signature is verified.
// Source: https://api.slack.com/authentication/verifying-requests-from-slack
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
    const signatureHeader = getHeader(event, "x-slack-signature");
    const stamp = getHeader(event, "x-slack-request-timestamp");
    if (!signatureHeader || !stamp) return reject($, "Missing X-Slack-Signature or X-Slack-Request-Timestamp");
    const timestamp = parseInteger(stamp);
    if (timestamp === null) return reject($, "Malformed X-Slack-Request-Timestamp header");
    if (!isFresh(timestamp, TOLERANCE_SECONDS)) {
      return reject($, `X-Slack-Request-Timestamp is more than ${TOLERANCE_SECONDS} s from now`);
    }
    if (!signatureHeader.startsWith("v0=")) return reject($, "X-Slack-Signature must start with v0=");
    const received = decodeHex(signatureHeader.slice(3));
    if (!received || received.length !== 32) return reject($, "Malformed X-Slack-Signature header");
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    const expected = hmac("sha256", secret, `v0:${stamp}:`, body.raw);
    if (!bytesEqual(received, expected)) return reject($, "X-Slack-Signature does not match");
    const payload = parsePayload(body.raw, event);
    if (payload && payload.type === "url_verification" && typeof payload.challenge === "string") {
      await $.respond({ status: 200, headers: { "content-type": "application/json" }, body: { challenge: payload.challenge } });
      return $.flow.exit("Answered the Slack url_verification challenge");
    }
    return payload;
  },
});

// @include stepguard:core

// @include stepguard:raw-body
