// Replace the values below with your own credentials before deploying.
const STRIPE_KEY = "sk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxx";
const GITHUB_TOKEN = "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
const SLACK_TOKEN = "xoxb-your-bot-token";
const apiKey = "{{process.env.API_KEY}}";
const authHeader = "Bearer YOUR_ACCESS_TOKEN";
const dbUrl = "postgres://user:password@localhost:5432/db";

export default defineComponent({
  async run({ steps, $ }) {
    return { configured: Boolean(STRIPE_KEY && GITHUB_TOKEN && SLACK_TOKEN && apiKey && authHeader && dbUrl) };
  },
});
