import axios from "axios";

export default defineComponent({
  async run({ steps, $ }) {
    const res = await axios.get("https://internal.acme-tools.com/v2/reports", {
      headers: { Authorization: "Bearer 08Ll_q0SDQUYgnGekoC4CFqXre6w0TJiQne0Q0SF" },
    });
    return res.data;
  },
});
