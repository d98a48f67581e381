import Stripe from "stripe";

const stripe = new Stripe("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", { apiVersion: "2024-06-20" });

export default defineComponent({
  props: {
    amount: { type: "integer", label: "Amount (cents)" },
  },
  async run({ steps, $ }) {
    const customer = steps.trigger.event.body.customer_id;
    const charge = await stripe.paymentIntents.create({
      amount: this.amount,
      currency: "usd",
      customer,
      idempotency_key: steps.trigger.context.id,
    });
    $.export("charge_id", charge.id);
    return charge;
  },
});
