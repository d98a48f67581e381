// stepguard snippet 'discord': Discord interactions signature (X-Signature-Ed25519 over timestamp
//   + body)
// Rendered by `stepguard snippet discord --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the application's PUBLIC KEY
//   (hex, General Information page); it is not secret.
// Scheme: X-Signature-Ed25519: hex Ed25519 signature of timestamp + raw body, timestamp =
//   X-Signature-Timestamp (unix seconds), verified with the application's public key.
//   Discord documents no replay window; stepguard allows 5 minutes (TOLERANCE_SECONDS).
//   PING interactions (type 1) are answered with {type: 1} after verification.
//   Python needs the `cryptography` package (Pipedream installs it from the import).
// Source: https://discord.com/developers/docs/interactions/overview
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";
const TOLERANCE_SECONDS = 300;

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const keyBytes = decodeHex(getEnv(SECRET_ENV) || "");
    if (!keyBytes || keyBytes.length !== 32) {
      return reject($, `Environment variable ${SECRET_ENV} must hold the 32-byte hex public key`);
    }
    const publicKey = crypto.createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: keyBytes.toString("base64url") },
      format: "jwk",
    });
    const signatureHeader = getHeader(event, "x-signature-ed25519");
    const stamp = getHeader(event, "x-signature-timestamp");
    if (!signatureHeader || !stamp) return reject($, "Missing X-Signature-Ed25519 or X-Signature-Timestamp header");
    const timestamp = parseInteger(stamp);
    if (timestamp === null) return reject($, "Malformed X-Signature-Timestamp header");
    if (!isFresh(timestamp, TOLERANCE_SECONDS)) {
      return reject($, `X-Signature-Timestamp is more than ${TOLERANCE_SECONDS} s from now`);
    }
    const received = decodeHex(signatureHeader);
    if (!received || received.length !== 64) return reject($, "Malformed X-Signature-Ed25519 header");
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    let valid = false;
    try {
      valid = crypto.verify(null, Buffer.concat([Buffer.from(stamp, "utf8"), body.raw]), publicKey, received);
    } catch {
      valid = false;
    }
    if (!valid) return reject($, "X-Signature-Ed25519 does not verify");
    const payload = parsePayload(body.raw, event);
    if (payload && payload.type === 1) {
      await $.respond({ status: 200, headers: { "content-type": "application/json" }, body: { type: 1 } });
      return $.flow.exit("Answered the Discord PING");
    }
    return payload;
  },
});

// @include stepguard:core

// @include stepguard:raw-body
