import jwt from "jsonwebtoken";

// The example token from jwt.io, used to show the decode format in logs.
const SAMPLE = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

export default defineComponent({
  async run({ steps, $ }) {
    const decoded = jwt.verify(steps.trigger.event.headers["x-token"], process.env.JWT_SECRET);
    return { decoded, sample: jwt.decode(SAMPLE) };
  },
});
