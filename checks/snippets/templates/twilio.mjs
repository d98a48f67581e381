// stepguard snippet 'twilio': Twilio request signature (X-Twilio-Signature, HMAC-SHA1 of URL +
//   sorted params)
// Rendered by `stepguard snippet twilio --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the Twilio account's Auth
//   Token.
// Also reads TWILIO_WEBHOOK_URL (optional): the exact webhook URL configured in Twilio, if it
//   differs from steps.trigger.event.url (scheme, host, path and query must match)
// Scheme: X-Twilio-Signature: base64 HMAC-SHA1 (keyed with the Auth Token) of the full request URL
//   followed, for form-encoded bodies, by every parameter as name+value sorted by name.
//   For JSON bodies the URL carries bodySHA256=<hex SHA-256 of the raw body>, which is
//   checked too. No timestamp is signed.
// Source: https://www.twilio.com/docs/usage/webhooks/webhooks-security
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";
const URL_ENV = "TWILIO_WEBHOOK_URL";

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const secret = getEnv(SECRET_ENV);
    if (!secret) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const header = getHeader(event, "x-twilio-signature");
    if (!header) return reject($, "Missing X-Twilio-Signature header");
    const received = decodeBase64(header);
    if (!received || received.length !== 20) return reject($, "Malformed X-Twilio-Signature header");
    const url = getEnv(URL_ENV) || event.url;
    let parsedUrl;
    try {
      parsedUrl = new URL(url);
    } catch {
      return reject($, `The request URL is unknown; set ${URL_ENV}`);
    }
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    let signed = url;
    const contentType = (getHeader(event, "content-type") || "").toLowerCase();
    if (contentType.includes("application/x-www-form-urlencoded")) {
      signed += twilioParams(body.raw.toString("utf8"));
    } else if (body.raw.length > 0) {
      const claimed = decodeHex(parsedUrl.searchParams.get("bodySHA256") || "");
      const actual = crypto.createHash("sha256").update(body.raw).digest();
      if (!bytesEqual(claimed, actual)) return reject($, "bodySHA256 does not match the raw body");
    }
    const expected = hmac("sha1", secret, Buffer.from(signed, "utf8"));
    if (!bytesEqual(received, expected)) return reject($, "X-Twilio-Signature does not match");
    return parsePayload(body.raw, event);
  },
});

function twilioParams(formText) {
  const grouped = new Map();
  for (const [name, value] of new URLSearchParams(formText)) {
    if (!grouped.has(name)) grouped.set(name, []);
    grouped.get(name).push(value);
  }
  return [...grouped.keys()].sort()
    .map((name) => grouped.get(name).sort().map((value) => name + value).join(""))
    .join("");
}

// @include stepguard:core

// @include stepguard:raw-body
