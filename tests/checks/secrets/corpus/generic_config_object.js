const settings = {
  endpoint: "https://hooks.partner.example.net/ingest",
  signingSecret: "YcujHR2QG1a82Y6HGYEURJhdst456JuZ",
  retries: 3,
};

module.exports = defineComponent({
  async run({ steps, $ }) {
    const crypto = require("crypto");
    const body = JSON.stringify(steps.trigger.event.body);
    const signature = crypto.createHmac("sha256", settings.signingSecret).update(body).digest("hex");
    return { signature };
  },
});
