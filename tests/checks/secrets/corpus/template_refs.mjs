import axios from "axios";

export default defineComponent({
  async run({ steps, $ }) {
    const user = process.env.DB_USER;
    const pass = process.env.DB_PASSWORD;
    const dsn = `postgres://${user}:${pass}@db.acme.io:5432/app`;
    const auth = "Bearer " + process.env.ACME_TOKEN;
    const basic = `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
    return axios.get("https://api.acme.io/health", { headers: { Authorization: auth, "X-Basic": basic, "X-DSN": dsn.length } });
  },
});
