import Stripe from "stripe";

const endpointSecret = "whsec_2gmWGryWfWGmJyTqouXeMJwO6TWu2KRN";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);

export default defineComponent({
  async run({ steps, $ }) {
    const sig = steps.trigger.event.headers["stripe-signature"];
    const event = stripe.webhooks.constructEvent(steps.trigger.event.bodyRaw, sig, endpointSecret);
    if (event.type === "checkout.session.completed") {
      $.export("session", event.data.object.id);
    }
    await $.respond({ status: 200, body: "ok" });
  },
});
