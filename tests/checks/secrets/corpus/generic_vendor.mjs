import axios from "axios";

export default defineComponent({
  async run({ steps, $ }) {
    const apiKey = "5GV2jaIiogXjbXk7rorxAYxTWVGV0GJd";
    const res = await axios.get("https://api.weatherly.dev/v1/forecast", {
      params: { city: steps.trigger.event.query.city },
      headers: { "X-API-Key": apiKey },
    });
    return res.data;
  },
});
