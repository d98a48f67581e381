import crypto from "crypto";

// The website sends `Authorization: Bearer <token>`; the token lives in the
// CONTACT_FORM_TOKEN environment variable.
export default defineComponent({
  async run({ steps, $ }) {
    const header = steps.trigger.event.headers["authorization"] ?? "";
    const given = Buffer.from(header.replace(/^Bearer /, ""));
    const expected = Buffer.from(process.env.CONTACT_FORM_TOKEN ?? "");
    const ok = expected.length > 0 && given.length === expected.length
      && crypto.timingSafeEqual(given, expected);
    if (!ok) {
      await $.respond({ status: 401, body: { error: "unauthorized" } });
      return $.flow.exit("unauthorized");
    }
  },
});
