// stepguard snippet 'bearer': Bearer token (Authorization: Bearer, constant-time compare)
// Rendered by `stepguard snippet bearer --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the expected bearer token.
// Scheme: Authorization: Bearer <token> (RFC 6750); compared in constant time (SHA-256 digests).
// Source: https://datatracker.ietf.org/doc/html/rfc6750#section-2.1
// Result: returns steps.trigger.event.body once the caller is authenticated.
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const expected = getEnv(SECRET_ENV);
    if (!expected) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const header = getHeader(event, "authorization");
    if (!header) return reject($, "Missing Authorization header");
    const match = /^Bearer +(\S+)$/i.exec(header.trim());
    if (!match) return reject($, "Authorization header is not a Bearer token");
    if (!textEqual(match[1], expected)) return reject($, "Wrong bearer token");
    return event.body;
  },
});

// @include stepguard:core
