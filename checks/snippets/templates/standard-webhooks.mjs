// stepguard snippet 'standard-webhooks': Standard Webhooks / Svix signature (webhook-signature v1,
//   HMAC-SHA256, 5 min tolerance)
// Rendered by `stepguard snippet standard-webhooks --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the endpoint's signing secret,
//   whsec_<base64> (Svix / Clerk / Resend / Brex dashboards).
// Scheme: Standard Webhooks: webhook-id, webhook-timestamp (unix seconds, within 5 minutes) and
//   webhook-signature = space-separated `v1,<base64>` entries (several during rotation);
//   Svix sends the same as svix-id / svix-timestamp / svix-signature. Signed:
//   `${id}.${timestamp}.${rawBody}`, HMAC-SHA256 keyed with base64-decode(secret without
//   the whsec_ prefix).
// Source:
//   https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";
const TOLERANCE_SECONDS = 300;

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const secretText = getEnv(SECRET_ENV);
    if (!secretText) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const key = decodeBase64(secretText.startsWith("whsec_") ? secretText.slice(6) : secretText);
    if (!key) return reject($, `Environment variable ${SECRET_ENV} is not whsec_<base64>`);
    const prefix = getHeader(event, "webhook-signature") !== undefined ? "webhook" : "svix";
    const id = getHeader(event, `${prefix}-id`);
    const stamp = getHeader(event, `${prefix}-timestamp`);
    const signatureHeader = getHeader(event, `${prefix}-signature`);
    if (!id || !stamp || !signatureHeader) return reject($, `Missing ${prefix}-id, -timestamp or -signature header`);
    const timestamp = parseInteger(stamp);
    if (timestamp === null) return reject($, `Malformed ${prefix}-timestamp header`);
    if (!isFresh(timestamp, TOLERANCE_SECONDS)) {
      return reject($, `${prefix}-timestamp is more than ${TOLERANCE_SECONDS} s from now`);
    }
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    const expected = hmac("sha256", key, `${id}.${stamp}.`, body.raw);
    const valid = signatureHeader.split(" ").some((entry) => {
      const comma = entry.indexOf(",");
      return comma > 0 && entry.slice(0, comma) === "v1" && bytesEqual(decodeBase64(entry.slice(comma + 1)), expected);
    });
    if (!valid) return reject($, `No v1 signature in ${prefix}-signature matches`);
    return parsePayload(body.raw, event);
  },
});

// @include stepguard:core

// @include stepguard:raw-body
