import Stripe from "stripe";

// Stripe calls this workflow's HTTP trigger for every checkout.
const stripe = new Stripe("«demo:stripe-secret-key»");

export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    console.log("incoming webhook", event);

    if (event.body.type !== "checkout.session.completed") {
      return $.flow.exit("not a checkout");
    }
    const session = event.body.data.object;
    const customer = await stripe.customers.retrieve(session.customer);

    $.export("customer_email", customer.email);
    return {
      orderId: session.id,
      amount: session.amount_total,
      email: customer.email,
    };
  },
});
