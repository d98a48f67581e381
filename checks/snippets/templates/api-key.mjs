// stepguard snippet 'api-key': Shared API key (x-api-key header, constant-time compare)
// Rendered by `stepguard snippet api-key --lang node`; review before deploying.
//
// Trigger: HTTP / Webhook trigger with HTTP Response set to "Return a custom response from
//   your workflow"; put this step first so nothing runs before the request is verified.
// Secret: a Pipedream environment variable named __SECRET_ENV__ (Settings → Environment
//   Variables, or the project's Variables; mark it secret) holding the shared API key callers send
//   in the x-api-key header.
// Scheme: x-api-key: <key>; compared in constant time (SHA-256 digests).
// Source: https://pipedream.com/docs/privacy-and-security/best-practices
// Result: returns steps.trigger.event.body once the caller is authenticated.
// Any failure responds 401 and ends the workflow with $.flow.exit (never a 2xx, never a throw).
import crypto from "crypto";

const SECRET_ENV = "__SECRET_ENV__";

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const expected = getEnv(SECRET_ENV);
    if (!expected) return reject($, `Environment variable ${SECRET_ENV} is not set`);
    const key = getHeader(event, "x-api-key");
    if (!key) return reject($, "Missing x-api-key header");
    if (!textEqual(key, expected)) return reject($, "Wrong API key");
    return event.body;
  },
});

// @include stepguard:core
