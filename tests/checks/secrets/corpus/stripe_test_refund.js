const stripe = require("stripe")("sk_test_51rH2vj1UgreDfvaE1hM2zNkIiL16uqEdDlEAqFObS4oaH4c822gesmrqwaWqojXCZ8bx3AoU9Qu5u0bHTe3dO2R4qlILMn24gC");

module.exports = defineComponent({
  async run({ steps, $ }) {
    const refund = await stripe.refunds.create({
      payment_intent: steps.trigger.event.body.payment_intent,
    });
    return refund.status;
  },
});
