import axios from "axios";

const BASE_URL = "https://api.acme-corp.com/v3";
const TOKEN_URL = "https://auth.acme-corp.com/oauth/token";
const REDIS_URL = "redis://cache.internal:6379/0";
const docsLink = "https://developers.acme-corp.com/docs/authentication#api-keys";

export default defineComponent({
  async run({ steps, $ }) {
    const { data } = await axios.post(TOKEN_URL, {
      grant_type: "client_credentials",
      client_id: process.env.ACME_CLIENT_ID,
      client_secret: process.env.ACME_CLIENT_SECRET,
    });
    return axios.get(`${BASE_URL}/orders`, { headers: { Authorization: `Bearer ${data.access_token}` } }).then((r) => r.data);
  },
});
