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
