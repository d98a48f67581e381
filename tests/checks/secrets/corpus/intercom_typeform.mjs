import axios from "axios";

const INTERCOM_TOKEN = "dG9rOjc1NDhhZThmLWVjYTYtNDFhZS04Y2I4LTZhZjFkYzlmMDU2MTowNTQzY2M0Yi0zNDA1LTRmMzctYTMzMC04OGQ1ZjkzNWQ4ZTM=";
const typeformToken = "tfp_jiTpzhdwOXzwW8FUz5e4L3mvEhOVCKUR3Mjk2J3IwpvR_NIyNwK8xVLxu7P";

export default defineComponent({
  async run({ steps, $ }) {
    const form = await axios.get("https://api.typeform.com/forms/abc123/responses", {
      headers: { Authorization: `Bearer ${typeformToken}` },
    });
    await axios.post("https://api.intercom.io/contacts", { email: form.data.items[0].hidden.email }, {
      headers: { Authorization: `Bearer ${INTERCOM_TOKEN}` },
    });
  },
});
