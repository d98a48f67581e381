// stepguard snippet 'basic': HTTP Basic auth (Authorization: Basic, "user:password" in one env
//   var)
// Rendered by `stepguard snippet basic --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the expected credentials as
//   "user:password" (the password may contain ":").
// Scheme: Authorization: Basic base64(user:password) (RFC 7617); the decoded credentials are
//   compared in constant time (SHA-256 digests) with the environment variable.
//   A failed attempt gets 401 with WWW-Authenticate: Basic.
// Source: https://datatracker.ietf.org/doc/html/rfc7617
// Result: returns steps.trigger.event.body once the caller is authenticated.
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";
const CHALLENGE = { "www-authenticate": 'Basic realm="pipedream", charset="UTF-8"' };

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const expected = getEnv(SECRET_ENV);
    if (!expected || !expected.includes(":")) {
      return reject($, `Environment variable ${SECRET_ENV} must hold user:password`, CHALLENGE);
    }
    const header = getHeader(event, "authorization");
    if (!header) return reject($, "Missing Authorization header", CHALLENGE);
    const match = /^Basic +(\S+)$/i.exec(header.trim());
    const decoded = match ? decodeBase64(match[1]) : null;
    if (!decoded) return reject($, "Authorization header is not Basic base64(user:password)", CHALLENGE);
    if (!textEqual(decoded.toString("utf8"), expected)) {
      return reject($, "Wrong Basic credentials", CHALLENGE);
    }
    return event.body;
  },
});

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
