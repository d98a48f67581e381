// stepguard snippet 'sendgrid': SendGrid signed Event Webhook (ECDSA P-256 / SHA-256 over
//   timestamp + body)
// Rendered by `stepguard snippet sendgrid --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the Signed Event Webhook
//   verification key (base64 DER public key, as shown by SendGrid).
// Scheme: X-Twilio-Email-Event-Webhook-Signature: base64 DER ECDSA (P-256, SHA-256) signature of
//   timestamp + raw body, timestamp = X-Twilio-Email-Event-Webhook-Timestamp (unix seconds).
//   SendGrid documents no replay window; stepguard allows 5 minutes (TOLERANCE_SECONDS).
//   Python needs the `cryptography` package (Pipedream installs it from the import).
// Source:
//   https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";
const TOLERANCE_SECONDS = 300;

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const keyText = getEnv(SECRET_ENV);
    if (!keyText) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    let publicKey;
    try {
      const der = decodeBase64(keyText.replace(/-----[^-]+-----|\s+/g, ""));
      publicKey = der ? crypto.createPublicKey({ key: der, format: "der", type: "spki" }) : null;
    } catch {
      publicKey = null;
    }
    if (!publicKey || publicKey.asymmetricKeyType !== "ec") {
      return reject($, `Environment variable ${SECRET_ENV} is not a base64 DER EC public key`);
    }
    const signatureHeader = getHeader(event, "x-twilio-email-event-webhook-signature");
    const stamp = getHeader(event, "x-twilio-email-event-webhook-timestamp");
    if (!signatureHeader || !stamp) return reject($, "Missing SendGrid signature or timestamp header");
    const timestamp = parseInteger(stamp);
    if (timestamp === null) return reject($, "Malformed X-Twilio-Email-Event-Webhook-Timestamp header");
    if (!isFresh(timestamp, TOLERANCE_SECONDS)) {
      return reject($, `SendGrid timestamp is more than ${TOLERANCE_SECONDS} s from now`);
    }
    const received = decodeBase64(signatureHeader);
    if (!received) return reject($, "Malformed X-Twilio-Email-Event-Webhook-Signature header");
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    let valid = false;
    try {
      valid = crypto.verify("sha256", Buffer.concat([Buffer.from(stamp, "utf8"), body.raw]), publicKey, received);
    } catch {
      valid = false;
    }
    if (!valid) return reject($, "SendGrid signature does not verify");
    return parsePayload(body.raw, event);
  },
});

// @include stepguard:core

// @include stepguard:raw-body
