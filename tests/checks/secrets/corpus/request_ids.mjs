export default defineComponent({
  async run({ steps, $ }) {
    const traceId = "req_G9Tn8s7bRto5Ur";
    const customerId = "cus_Q2w3E4r5T6y7U8";
    const priceId = "price_1PqRsTuVwXyZ0123AbCd";
    const eventId = "evt_1Nc4bY2eZvKYlo2C0aXk9pTq";
    const nonce = "53916e4db465aabeef8774dc3d0081f4";
    return { traceId, customerId, priceId, eventId, nonce };
  },
});
