import { axios } from "@pipedream/platform@3.0.3";

export default defineComponent({
  props: {
    hubspot: { type: "app", app: "hubspot" },
  },
  async run({ steps, $ }) {
    const { name, email, message } = steps.trigger.event.body;
    const contact = await axios($, {
      method: "POST",
      url: "https://api.hubapi.com/crm/v3/objects/contacts",
      headers: { Authorization: `Bearer ${this.hubspot.$auth.oauth_access_token}` },
      data: { properties: { firstname: name, email, message } },
    });
    await $.respond({ status: 200, body: { ok: true } });
    return { id: contact.id };
  },
});
