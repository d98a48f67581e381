import crypto from "crypto";

const EXPECTED_SHA256 = "924a981b0110478894180614b617d48a761c8f607d9f0aca9972a5b5b4b0f8ea";
const commitSha = "aa456fa8809e4cf62744df889b22096dba2310f3";
const legacyChecksum = "c3ba3a5d298e17a4bec0bb6c2b68d677";

export default defineComponent({
  async run({ steps, $ }) {
    const digest = crypto.createHash("sha256").update(steps.trigger.event.body.file).digest("hex");
    const idempotencyKey = "140825e3-fc5c-46a9-9f47-392f867d0600";
    return { valid: digest === EXPECTED_SHA256, commitSha, legacyChecksum, idempotencyKey };
  },
});
