import axios from "axios";

const DD_API_KEY = "d9e3e34f43468a30ef3197f3dee43bc1";

export default defineComponent({
  async run({ steps, $ }) {
    await axios.post(
      "https://api.datadoghq.com/api/v2/series",
      { series: [{ metric: "pipedream.orders", type: 1, points: [{ timestamp: Math.floor(Date.now() / 1000), value: 1 }] }] },
      { headers: { "DD-API-KEY": DD_API_KEY } },
    );
  },
});
