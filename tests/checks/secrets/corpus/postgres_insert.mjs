import pg from "pg";

const client = new pg.Client({ connectionString: "postgres://pipedream:2lUS~B01Xzv86@db.acme.io:5432/analytics" });

export default defineComponent({
  async run({ steps, $ }) {
    await client.connect();
    const { email } = steps.trigger.event.body;
    await client.query("INSERT INTO signups(email) VALUES ($1)", [email]);
    await client.end();
  },
});
