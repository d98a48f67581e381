// stepguard snippet 'jwt-hs256': JWT bearer token, HS256 (alg pinned, exp/nbf/iat with 30 s
//   leeway)
// Rendered by `stepguard snippet jwt-hs256 --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the HS256 signing secret (used
//   as UTF-8 bytes).
// Also reads JWT_ISSUER (optional): required iss claim
// Also reads JWT_AUDIENCE (optional): required aud claim
// Scheme: Authorization: Bearer <JWT> (RFC 7519). The JOSE header alg must be exactly HS256
//   (none / RS256 / HS512 are refused); HMAC-SHA256 over header.payload is compared in
//   constant time; exp is required, exp/nbf/iat are checked with a 30 s leeway.
//   The verified claims are exported as `claims`; the step returns the request body.
// Source: https://datatracker.ietf.org/doc/html/rfc7519
// Result: returns steps.trigger.event.body once the caller is authenticated.
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";
const ISSUER_ENV = "JWT_ISSUER";
const AUDIENCE_ENV = "JWT_AUDIENCE";
const LEEWAY_SECONDS = 30;

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const secret = getEnv(SECRET_ENV);
    if (!secret) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const header = getHeader(event, "authorization");
    if (!header) return reject($, "Missing Authorization header");
    const match = /^Bearer +([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/i.exec(header.trim());
    if (!match) return reject($, "Authorization header is not a Bearer JWT");
    const [, encodedHeader, encodedPayload, encodedSignature] = match;
    const jose = parseJsonSegment(encodedHeader);
    if (!jose || jose.alg !== "HS256") return reject($, "JWT alg must be HS256");
    const signature = decodeBase64Url(encodedSignature);
    const expected = hmac("sha256", secret, `${encodedHeader}.${encodedPayload}`);
    if (!bytesEqual(signature, expected)) return reject($, "JWT signature does not match");
    const claims = parseJsonSegment(encodedPayload);
    const problem = claimsProblem(claims);
    if (problem) return reject($, problem);
    $.export("claims", claims);
    return event.body;
  },
});

// @include stepguard:jwt-claims
// @include stepguard:core
