import axios from "axios";

export default defineComponent({
  async run({ steps, $ }) {
    const { email, firstname } = steps.trigger.event.body;
    const res = await axios.post(
      "https://api.hubapi.com/crm/v3/objects/contacts",
      { properties: { email, firstname } },
      { headers: { Authorization: "Bearer pat-na1-21926442-92e2-46b2-8e75-089f756224a2" } },
    );
    return res.data.id;
  },
});
