// stepguard snippet 'stripe': Stripe webhook signature (Stripe-Signature, HMAC-SHA256, 5 min
//   tolerance)
// Rendered by `stepguard snippet stripe --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the endpoint's signing secret
//   (whsec_…, from the Stripe dashboard or `stripe listen`).
// Scheme: Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…] (several v1 during secret rolls;
//   v0 and other schemes are ignored). Signed: `${t}.${rawBody}`, HMAC-SHA256 keyed with the
//   whole secret string. t must be within 300 s of now (Stripe's default tolerance).
// Source: https://docs.stripe.com/webhooks#verify-manually
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
    const header = getHeader(event, "stripe-signature");
    if (!header) return reject($, "Missing Stripe-Signature header");
    const pairs = headerPairs(header, ",");
    const stamps = pairs.filter(([key]) => key === "t").map(([, value]) => value);
    const signatures = pairs.filter(([key]) => key === "v1").map(([, value]) => value);
    const timestamp = stamps.length === 1 ? parseInteger(stamps[0]) : null;
    if (timestamp === null || signatures.length === 0) return reject($, "Malformed Stripe-Signature header");
    if (!isFresh(timestamp, TOLERANCE_SECONDS)) {
      return reject($, `Stripe-Signature timestamp is more than ${TOLERANCE_SECONDS} s from now`);
    }
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    const expected = hmac("sha256", secret, `${stamps[0]}.`, body.raw);
    if (!signatures.some((value) => bytesEqual(decodeHex(value), expected))) {
      return reject($, "No v1 signature in Stripe-Signature matches");
    }
    return parsePayload(body.raw, event);
  },
});

function headerPairs(header, separator) {
  const pairs = [];
  for (const item of header.split(separator)) {
    const eq = item.indexOf("=");
    if (eq > 0) pairs.push([item.slice(0, eq).trim(), item.slice(eq + 1).trim()]);
  }
  return pairs;
}

// @include stepguard:core

// @include stepguard:raw-body
