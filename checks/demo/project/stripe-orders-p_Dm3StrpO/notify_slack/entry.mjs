import axios from "axios";

const SLACK_WEBHOOK = "«demo:slack-webhook-url»";
const STATUS_PAGE = "http://status.acme-ops.com/api/events";

export default defineComponent({
  async run({ steps, $ }) {
    const order = steps.parse_event.$return_value;
    await axios.post(SLACK_WEBHOOK, {
      text: `New order ${order.orderId}: $${(order.amount / 100).toFixed(2)}`,
    });
    await axios.post(STATUS_PAGE, { kind: "order", id: order.orderId });
    console.log("headers were", steps.trigger.event.headers);
  },
});
