import Stripe from "stripe";

export default defineComponent({
  async run({ steps, $ }) {
    const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);
    const publishableKey = "pk_live_51tIONOSQMecdxJcDIOReDuEoH46J8mK6taGxIH3AYFqDyBqCZBJCK3Iv3ch5MxDr1vtZ8ayti4dRoQv295Gr8E8xguIXSZjF8W";
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: "price_1PqRsTuVwXyZ0123", quantity: 1 }],
      success_url: "https://acme.io/thanks",
    });
    return { url: session.url, publishableKey };
  },
});
