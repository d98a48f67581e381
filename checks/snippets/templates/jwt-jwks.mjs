// stepguard snippet 'jwt-jwks': JWT bearer token, RS256 against a JWKS URL (cached keys, kid
//   lookup)
// Rendered by `stepguard snippet jwt-jwks --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the https URL of the issuer's
//   JWKS (e.g. https://issuer/.well-known/jwks.json).
// Also reads JWT_ISSUER (optional): required iss claim
// Also reads JWT_AUDIENCE (optional): required aud claim
// Scheme: Authorization: Bearer <JWT>. The JOSE header alg must be exactly RS256; the key is the
//   JWKS entry with the token's kid (kty RSA, use sig), fetched over https and cached in
//   module scope for 10 minutes (refetched at most every 30 s when a kid is unknown).
//   exp is required, exp/nbf/iat are checked with a 30 s leeway. Claims are exported
//   as `claims`; the step returns the request body.
// Source: https://datatracker.ietf.org/doc/html/rfc7517
// Result: returns steps.trigger.event.body once the caller is authenticated.
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";
const ISSUER_ENV = "JWT_ISSUER";
const AUDIENCE_ENV = "JWT_AUDIENCE";
const LEEWAY_SECONDS = 30;
const JWKS_CACHE_SECONDS = 600;
const JWKS_MIN_REFRESH_SECONDS = 30;

let jwksCache = { url: null, fetchedAt: 0, keys: [] };

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const jwksUrl = getEnv(SECRET_ENV);
    if (!jwksUrl || !jwksUrl.startsWith("https://")) {
      return reject($, `Environment variable ${SECRET_ENV} must hold the https URL of a JWKS`);
    }
    const header = getHeader(event, "authorization");
    if (!header) return reject($, "Missing Authorization header");
    const match = /^Bearer +([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/i.exec(header.trim());
    if (!match) return reject($, "Authorization header is not a Bearer JWT");
    const [, encodedHeader, encodedPayload, encodedSignature] = match;
    const jose = parseJsonSegment(encodedHeader);
    if (!jose || jose.alg !== "RS256") return reject($, "JWT alg must be RS256");
    const signature = decodeBase64Url(encodedSignature);
    if (!signature) return reject($, "JWT signature is not base64url");
    let jwk;
    try {
      jwk = pickKey(await loadJwks(jwksUrl, false), jose.kid);
      if (!jwk) jwk = pickKey(await loadJwks(jwksUrl, true), jose.kid);
    } catch (err) {
      return reject($, `Could not load the JWKS: ${err && err.message ? err.message : err}`);
    }
    if (!jwk) return reject($, "No RS256 signing key in the JWKS matches the token's kid");
    let valid = false;
    try {
      const key = crypto.createPublicKey({ key: { kty: "RSA", n: jwk.n, e: jwk.e }, format: "jwk" });
      valid = crypto.verify("sha256", Buffer.from(`${encodedHeader}.${encodedPayload}`), key, signature);
    } catch {
      valid = false;
    }
    if (!valid) return reject($, "JWT signature does not verify");
    const claims = parseJsonSegment(encodedPayload);
    const problem = claimsProblem(claims);
    if (problem) return reject($, problem);
    $.export("claims", claims);
    return event.body;
  },
});

async function loadJwks(url, forceRefresh) {
  const now = Date.now() / 1000;
  const maxAge = forceRefresh ? JWKS_MIN_REFRESH_SECONDS : JWKS_CACHE_SECONDS;
  if (jwksCache.url === url && now - jwksCache.fetchedAt < maxAge) return jwksCache.keys;
  const response = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(10000) });
  if (!response.ok) throw new Error(`JWKS request failed: HTTP ${response.status}`);
  const data = await response.json();
  const keys = data && Array.isArray(data.keys) ? data.keys : [];
  jwksCache = { url, fetchedAt: now, keys };
  return keys;
}

function pickKey(keys, kid) {
  const usable = keys.filter((key) => key && key.kty === "RSA" &&
    (key.use === undefined || key.use === "sig") && (key.alg === undefined || key.alg === "RS256"));
  if (kid !== undefined) return usable.find((key) => key.kid === kid);
  return usable.length === 1 ? usable[0] : undefined;
}

// @include stepguard:jwt-claims
// @include stepguard:core
