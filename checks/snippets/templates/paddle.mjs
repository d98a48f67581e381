// stepguard snippet 'paddle': Paddle Billing webhook signature (Paddle-Signature ts=;h1=,
//   HMAC-SHA256, 5 s tolerance)
// Rendered by `stepguard snippet paddle --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Raw body: verification needs the exact request bytes. Add ?pipedream_upload_body=1 to
//   the trigger URL (the step then downloads steps.trigger.event.body.raw_body_url), or use
//   an event source that emits bodyRaw. It never re-serialises the parsed JSON body.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the notification destination's
//   secret key (pdl_ntfset_…).
// Scheme: Paddle-Signature: ts=<unix seconds>;h1=<hex>[;h1=<hex>…] (several h1 while a secret is
//   rotated). Signed: `${ts}:${rawBody}`, HMAC-SHA256 keyed with the secret key. ts must be
//   within 5 s of now (the tolerance of Paddle's SDKs); raise TOLERANCE_SECONDS if cold
//   starts of this workflow make legitimate deliveries arrive later.
// Source: https://developer.paddle.com/webhooks/signature-verification
// Result: returns the verified payload (parsed JSON, form fields, or the raw text).
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";
const TOLERANCE_SECONDS = 5;

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const secret = getEnv(SECRET_ENV);
    if (!secret) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const header = getHeader(event, "paddle-signature");
    if (!header) return reject($, "Missing Paddle-Signature header");
    const pairs = headerPairs(header, ";");
    const stamps = pairs.filter(([key]) => key === "ts").map(([, value]) => value);
    const signatures = pairs.filter(([key]) => key === "h1").map(([, value]) => value);
    const timestamp = stamps.length === 1 ? parseInteger(stamps[0]) : null;
    if (timestamp === null || signatures.length === 0) return reject($, "Malformed Paddle-Signature header");
    if (!isFresh(timestamp, TOLERANCE_SECONDS)) {
      return reject($, `Paddle-Signature timestamp is more than ${TOLERANCE_SECONDS} s from now`);
    }
    const body = await readRawBody(event);
    if (body.error) return reject($, body.error);
    const expected = hmac("sha256", secret, `${stamps[0]}:`, body.raw);
    if (!signatures.some((value) => bytesEqual(decodeHex(value), expected))) {
      return reject($, "No h1 signature in Paddle-Signature matches");
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
