import axios from "axios";

export default defineComponent({
  async run({ steps, $ }) {
    const { code } = steps.trigger.event.query;
    const tokenResponse = await axios.post("https://oauth2.googleapis.com/token", {
      code,
      client_id: process.env.GOOGLE_CLIENT_ID,
      client_secret: process.env.GOOGLE_CLIENT_SECRET,
      redirect_uri: "https://acme.io/oauth/callback",
      grant_type: "authorization_code",
    });
    const accessToken = tokenResponse.data.access_token;
    $.export("token_type", tokenResponse.data.token_type);
    return { ok: Boolean(accessToken) };
  },
});
