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

// @include stepguard:core
