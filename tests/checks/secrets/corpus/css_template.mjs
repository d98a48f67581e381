const styles = `
  .card { border: 1px solid #e2e8f0; border-radius: 8px; padding: 16px; }
  .token-badge { background: #0f172a; color: #f8fafc; font-family: monospace; }
  .secret-field { filter: blur(4px); }
`;

export default defineComponent({
  async run({ steps, $ }) {
    const passwordInputSelector = "input[type=password][name=current-password]";
    return { html: `<style>${styles}</style><div class="card">ok</div>`, passwordInputSelector };
  },
});
