export default defineComponent({
  key: "acme-create-order-webhook",
  name: "Create Order",
  version: "0.0.3",
  type: "action",
  props: {
    partitionKey: { type: "string", default: "orders-by-customer-region" },
    sortKey: { type: "string", default: "created_at_desc" },
    tokenType: { type: "string", options: ["access_token", "refresh_token"] },
  },
  async run({ steps, $ }) {
    const keyName = "primary_signing_key_v2";
    const authStrategy = "oauth2_client_credentials";
    return { keyName, authStrategy };
  },
});
