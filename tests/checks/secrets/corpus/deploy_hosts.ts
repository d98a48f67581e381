import axios from "axios";

const VERCEL_TOKEN = "1fbx9ujFcNa6DRXjc64PxWnn";
const NETLIFY_TOKEN = "nfp_539JndCM4GEYWTW5444PiIY1jaNQSnjXLZdT";
const CLOUDFLARE_API_TOKEN = "ddhPy_szjX591DFI2VZuPW2jwfHIoV7cgyvLrgW7";

export default defineComponent({
  async run({ steps, $ }) {
    await axios.post("https://api.vercel.com/v13/deployments", { name: "site" }, { headers: { Authorization: `Bearer ${VERCEL_TOKEN}` } });
    await axios.post("https://api.netlify.com/api/v1/sites/acme/builds", {}, { headers: { Authorization: `Bearer ${NETLIFY_TOKEN}` } });
    await axios.post("https://api.cloudflare.com/client/v4/zones/abc/purge_cache", { purge_everything: true }, { headers: { Authorization: `Bearer ${CLOUDFLARE_API_TOKEN}` } });
  },
});
