import crypto from "crypto";

export default defineComponent({
  async run({ steps, $ }) {
    const { headers, body } = steps.trigger.event;
    const received = headers["X-Hub-Signature-256"];
    const expected = "sha256=" + crypto
      .createHmac("sha256", process.env.GITHUB_WEBHOOK_SECRET)
      .update(JSON.stringify(body))
      .digest("hex");

    if (received !== expected) {
      $.flow.exit("bad signature");
    }
    return body;
  },
});
