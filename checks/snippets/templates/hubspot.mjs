// stepguard snippet 'hubspot': HubSpot request signature v3 (X-HubSpot-Signature-v3, HMAC-SHA256,
//   5 min tolerance)
// Rendered by `stepguard snippet hubspot --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the app's client secret.
// Also reads HUBSPOT_WEBHOOK_URL (optional): the exact target URL configured in HubSpot
// Scheme: X-HubSpot-Signature-v3: base64 HMAC-SHA256 of method + URI + raw body + timestamp,
//   timestamp = X-HubSpot-Request-Timestamp (unix milliseconds, rejected when more than
//   5 minutes from now). URI = HUBSPOT_WEBHOOK_URL if set (the exact URL configured in
//   HubSpot), else steps.trigger.event.url, with HubSpot's listed %XX escapes decoded.
// Source: https://developers.hubspot.com/docs/apps/legacy-apps/authentication/validating-requests
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";
const TOLERANCE_SECONDS = 300;
const URL_ENV = "HUBSPOT_WEBHOOK_URL";

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const secret = getEnv(SECRET_ENV);
    if (!secret) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const signatureHeader = getHeader(event, "x-hubspot-signature-v3");
    const stamp = getHeader(event, "x-hubspot-request-timestamp");
    if (!signatureHeader || !stamp) return reject($, "Missing X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp");
    const timestamp = parseInteger(stamp);
    if (timestamp === null) return reject($, "Malformed X-HubSpot-Request-Timestamp header");
    if (!isFresh(timestamp / 1000, TOLERANCE_SECONDS)) {
      return reject($, `X-HubSpot-Request-Timestamp is more than ${TOLERANCE_SECONDS} s from now`);
    }
    const received = decodeBase64(signatureHeader);
    if (!received || received.length !== 32) return reject($, "Malformed X-HubSpot-Signature-v3 header");
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    const expected = hmac("sha256", secret, hubspotSource(event), body.raw, stamp);
    if (!bytesEqual(received, expected)) return reject($, "X-HubSpot-Signature-v3 does not match");
    return parsePayload(body.raw, event);
  },
});

const HUBSPOT_DECODE = {
  "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$",
  "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";",
};

function hubspotSource(event) {
  const url = getEnv(URL_ENV) || String(event.url || "");
  const uri = url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => HUBSPOT_DECODE[m.toUpperCase()]);
  return Buffer.from(String(event.method || "POST").toUpperCase() + uri, "utf8");
}

// @include stepguard:core

// @include stepguard:raw-body
