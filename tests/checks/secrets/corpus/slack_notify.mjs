import { WebClient } from "@slack/web-api";

const slackToken = "xoxb-12502958431-8392345353163-XEVOyNIbOtL64HoEOwaUsM3O";

export default defineComponent({
  async run({ steps, $ }) {
    const web = new WebClient(slackToken);
    const order = steps.trigger.event.body;
    await web.chat.postMessage({
      channel: "#orders",
      text: `New order ${order.id} for ${order.total}`,
    });
  },
});
