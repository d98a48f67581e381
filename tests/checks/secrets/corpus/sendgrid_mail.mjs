import sgMail from "@sendgrid/mail";

sgMail.setApiKey("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");

export default defineComponent({
  async run({ steps, $ }) {
    const { email, name } = steps.trigger.event.body;
    await sgMail.send({
      to: email,
      from: "hello@acme.io",
      subject: `Welcome, ${name}`,
      text: "Thanks for signing up!",
    });
    return { delivered: true };
  },
});
