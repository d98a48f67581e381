export default defineComponent({
  props: {
    slack: { type: "app", app: "slack" },
    apiKey: { type: "string", label: "API Key", secret: true, description: "Your API key from the dashboard" },
  },
  async run({ steps, $ }) {
    const token = this.slack.$auth.oauth_access_token;
    const headers = { Authorization: `Bearer ${token}`, "X-API-Key": this.apiKey };
    return await fetch("https://slack.com/api/auth.test", { headers }).then((r) => r.json());
  },
});
