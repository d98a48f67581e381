import axios from "axios";

const QUERY = `
  query Orders($first: Int!) {
    orders(first: $first) { edges { node { id name totalPriceSet { shopMoney { amount } } } } }
  }
`;

export default defineComponent({
  props: { shopify: { type: "app", app: "shopify" } },
  async run({ steps, $ }) {
    const res = await axios.post(
      `https://${this.shopify.$auth.shop_id}.myshopify.com/admin/api/2024-07/graphql.json`,
      { query: QUERY, variables: { first: 10 } },
      { headers: { "X-Shopify-Access-Token": this.shopify.$auth.oauth_access_token } },
    );
    return res.data;
  },
});
