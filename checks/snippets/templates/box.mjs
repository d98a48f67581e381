// stepguard snippet 'box': Box webhook signatures (primary + secondary key, HMAC-SHA256, 10 min
//   tolerance)
// Rendered by `stepguard snippet box --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the app's PRIMARY signature key
//   (Developer Console → Webhooks → Manage signature keys).
// Also reads BOX_WEBHOOK_SECONDARY_KEY (optional): the secondary signature key, for rotation
// Scheme: box-signature-primary / box-signature-secondary: base64 HMAC-SHA256 of raw body +
//   box-delivery-timestamp (RFC 3339), keyed with the primary / secondary key; either one
//   matching is enough (key rotation). box-signature-version must be 1 and
//   box-signature-algorithm HmacSHA256; the timestamp must be within 10 minutes of now.
// Source: https://developer.box.com/guides/webhooks/v2/signatures-v2/
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";
const SECONDARY_ENV = "BOX_WEBHOOK_SECONDARY_KEY";
const TOLERANCE_SECONDS = 600;

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const primaryKey = getEnv(SECRET_ENV);
    const secondaryKey = getEnv(SECONDARY_ENV);
    if (!primaryKey && !secondaryKey) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const stamp = getHeader(event, "box-delivery-timestamp");
    const primary = getHeader(event, "box-signature-primary");
    const secondary = getHeader(event, "box-signature-secondary");
    if (!stamp || (!primary && !secondary)) return reject($, "Missing box-delivery-timestamp or box-signature-* headers");
    if (getHeader(event, "box-signature-version") !== "1" || getHeader(event, "box-signature-algorithm") !== "HmacSHA256") {
      return reject($, "Unsupported box-signature-version or box-signature-algorithm");
    }
    const timestamp = parseRfc3339(stamp);
    if (timestamp === null) return reject($, "Malformed box-delivery-timestamp header");
    if (!isFresh(timestamp, TOLERANCE_SECONDS)) {
      return reject($, `box-delivery-timestamp is more than ${TOLERANCE_SECONDS} s from now`);
    }
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    const matches = (key, signature) =>
      Boolean(key && signature) && bytesEqual(decodeBase64(signature), hmac("sha256", key, body.raw, stamp));
    if (!matches(primaryKey, primary) && !matches(secondaryKey, secondary)) {
      return reject($, "Neither box-signature-primary nor box-signature-secondary matches");
    }
    return parsePayload(body.raw, event);
  },
});

function parseRfc3339(text) {
  const pattern = /^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$/;
  const match = typeof text === "string" ? pattern.exec(text) : null;
  if (!match) return null;
  const millis = Date.parse(match[1] + (match[2] || "").slice(0, 4) + match[3]);
  return Number.isFinite(millis) ? millis / 1000 : null;
}

// >>> stepguard:core (shared by every stepguard Node.js snippet; keep identical)
async function reject($, reason, extraHeaders = {}) {
  await $.respond({
    status: 401,
    headers: { "content-type": "application/json", ...extraHeaders },
    body: { error: "unauthorized" },
  });
  return $.flow.exit(reason);
}

function getHeader(event, name) {
  const value = event && event.headers ? event.headers[name] : undefined;
  if (Array.isArray(value)) return value.length === 1 ? String(value[0]) : undefined;
  return typeof value === "string" ? value : undefined;
}

function getEnv(name) {
  const value = process.env[name];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function decodeHex(text) {
  const ok = typeof text === "string" && /^(?:[0-9a-fA-F]{2})+$/.test(text);
  return ok ? Buffer.from(text, "hex") : null;
}

function decodeBase64(text) {
  const ok = typeof text === "string" && text.length > 0 && text.length % 4 === 0 &&
    /^[A-Za-z0-9+/]*={0,2}$/.test(text);
  return ok ? Buffer.from(text, "base64") : null;
}

function decodeBase64Url(text) {
  const ok = typeof text === "string" && /^[A-Za-z0-9_-]+$/.test(text) && text.length % 4 !== 1;
  return ok ? Buffer.from(text, "base64url") : null;
}

function hmac(algorithm, key, ...parts) {
  const mac = crypto.createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

function bytesEqual(a, b) {
  if (!Buffer.isBuffer(a) || !Buffer.isBuffer(b) || a.length !== b.length) return false;
  return crypto.timingSafeEqual(a, b);
}

function textEqual(a, b) {
  const digest = (text) => crypto.createHash("sha256").update(String(text), "utf8").digest();
  return crypto.timingSafeEqual(digest(a), digest(b));
}

function parseInteger(text) {
  return typeof text === "string" && /^[0-9]{1,16}$/.test(text) ? Number(text) : null;
}

function isFresh(epochSeconds, toleranceSeconds) {
  if (typeof epochSeconds !== "number" || !Number.isFinite(epochSeconds)) return false;
  return Math.abs(Date.now() / 1000 - epochSeconds) <= toleranceSeconds;
}
// <<< stepguard:core

// >>> stepguard:raw-body (shared by every stepguard Node.js snippet that reads the body)
const MAX_RAW_BODY_BYTES = 10 * 1024 * 1024;
const RAW_BODY_HELP =
  "No raw request body. Add ?pipedream_upload_body=1 to the trigger URL (or send the header " +
  "x-pd-upload-body: 1) so the trigger provides steps.trigger.event.body.raw_body_url, or " +
  "trigger the workflow from an event source that emits bodyRaw (HTTP \"New Requests\" " +
  "source with Emit set to the raw body or the full request). A re-serialised JSON body " +
  "cannot be verified.";

async function readRawBody(event) {
  if (typeof event.bodyRaw === "string") return { raw: Buffer.from(event.bodyRaw, "utf8") };
  const body = event.body;
  const url = body && typeof body === "object" ? body.raw_body_url : undefined;
  if (typeof url !== "string" || url.length === 0) return { error: RAW_BODY_HELP };
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return { error: "raw_body_url is not a valid URL" };
  }
  if (parsed.protocol !== "https:") return { error: "raw_body_url must be an https URL" };
  try {
    const response = await fetch(parsed, { redirect: "error", signal: AbortSignal.timeout(15000) });
    if (!response.ok) return { error: `Downloading raw_body_url failed: HTTP ${response.status}` };
    if (Number(response.headers.get("content-length")) > MAX_RAW_BODY_BYTES) {
      return { error: "The raw body is larger than MAX_RAW_BODY_BYTES" };
    }
    const raw = Buffer.from(await response.arrayBuffer());
    if (raw.length > MAX_RAW_BODY_BYTES) return { error: "The raw body is larger than MAX_RAW_BODY_BYTES" };
    return { raw };
  } catch (err) {
    return { error: `Downloading raw_body_url failed: ${err && err.name ? err.name : "error"}` };
  }
}

function parsePayload(raw, event) {
  const text = raw.toString("utf8");
  const contentType = (getHeader(event, "content-type") || "").toLowerCase();
  if (contentType.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
// <<< stepguard:raw-body
