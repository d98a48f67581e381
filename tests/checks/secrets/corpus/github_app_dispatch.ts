import axios from "axios";

const installationToken: string = "ghs_q41oaM2j1yYBDdc5k2mdfBl7GdMs0FE6yuQw";
const oauthToken = "gho_QmZd3xpDQR9LZkqwWl8XJKC6LyQ5BeNwqD8T";

export default defineComponent({
  async run({ steps, $ }) {
    await axios.post(
      "https://api.github.com/repos/acme-corp/deploy/dispatches",
      { event_type: "pipedream", client_payload: steps.trigger.event.body },
      { headers: { Authorization: `Bearer ${installationToken}` } },
    );
    return { ok: true, user: oauthToken.length };
  },
});
