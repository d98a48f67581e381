import axios from "axios";

interface Config { stripeKey: string; slackWebhook: string }

const cfg: Config = {
  stripeKey: "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",
  slackWebhook: "https://hooks.slack.com/services/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",
};

export default defineComponent({
  async run({ steps, $ }) {
    await axios.post(cfg.slackWebhook, { text: "payment received" });
    return cfg.stripeKey.slice(0, 7);
  },
});
