// stepguard snippet 'pagerduty': PagerDuty webhook signature (X-PagerDuty-Signature v1=,
//   HMAC-SHA256)
// Rendered by `stepguard snippet pagerduty --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the webhook subscription's
//   secret.
// Scheme: X-PagerDuty-Signature: v1=<hex>[,v1=<hex>…] (several while a secret is rotated):
//   hex HMAC-SHA256 of the raw body. No timestamp is signed.
// Source: https://developer.pagerduty.com/docs/webhooks/webhook-signatures/
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const secret = getEnv(SECRET_ENV);
    if (!secret) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const header = getHeader(event, "x-pagerduty-signature");
    if (!header) return reject($, "Missing X-PagerDuty-Signature header");
    const signatures = headerPairs(header, ",").filter(([key]) => key === "v1").map(([, v]) => v);
    if (signatures.length === 0) return reject($, "X-PagerDuty-Signature has no v1 signature");
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    const expected = hmac("sha256", secret, body.raw);
    if (!signatures.some((value) => bytesEqual(decodeHex(value), expected))) {
      return reject($, "No v1 signature in X-PagerDuty-Signature matches");
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
