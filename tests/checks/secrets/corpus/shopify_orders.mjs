import { axios } from "@pipedream/platform";

export default defineComponent({
  async run({ steps, $ }) {
    return await axios($, {
      url: "https://acme-store.myshopify.com/admin/api/2024-07/orders.json",
      headers: {
        "X-Shopify-Access-Token": "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",
      },
      params: { status: "any", limit: 50 },
    });
  },
});
