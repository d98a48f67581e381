import twilio from "twilio";

const client = twilio("SKa9485d0114bdee25baa6ee84562b77dd", process.env.TWILIO_API_SECRET, {
  accountSid: process.env.TWILIO_ACCOUNT_SID,
});

export default defineComponent({
  async run({ steps }) {
    return client.messages.create({ to: steps.trigger.event.body.to, from: "+15005550006", body: "hi" });
  },
});
