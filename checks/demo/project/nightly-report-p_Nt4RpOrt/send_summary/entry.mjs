export default defineComponent({
  async run({ steps, $ }) {
    const res = await fetch("https://api.sendgrid.com/v3/mail/send", {
      method: "POST",
      headers: {
        Authorization: `Bearer ${process.env.SENDGRID_API_KEY}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({
        personalizations: [{ to: [{ email: "ops@acme-ops.com" }] }],
        from: { email: "reports@acme-ops.com" },
        subject: "Nightly report",
        content: [{ type: "text/plain", value: steps.build_report.summary }],
      }),
    });
    return { status: res.status };
  },
});
