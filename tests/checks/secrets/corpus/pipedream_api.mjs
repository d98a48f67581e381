import axios from "axios";

const PIPEDREAM_API_KEY = "f2a9a1e5ab50bf7db2ef33f882ec90d3";

export default defineComponent({
  async run({ steps, $ }) {
    const res = await axios.get("https://api.pipedream.com/v1/users/me", {
      headers: { Authorization: `Bearer ${PIPEDREAM_API_KEY}` },
    });
    return res.data.data.username;
  },
});
