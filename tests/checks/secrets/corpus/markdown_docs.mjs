const HELP = `
To connect, create an API key in Settings -> API and paste it into the **API Key** prop.
Keys look like \`sk_live_...\` for live mode. Never paste a key into the code itself.
Use \`Authorization: Bearer <token>\` when calling the API directly.
`;

export default defineComponent({
  async run({ steps, $ }) {
    return HELP.trim();
  },
});
