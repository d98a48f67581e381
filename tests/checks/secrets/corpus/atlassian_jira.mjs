import axios from "axios";

const JIRA_EMAIL = "ops@acme.io";
const JIRA_API_TOKEN = "ATATT3xFfGF033S_qSRag7iRuE0kXUkJQvbIG2es6Bfs-SqAARbpP5UGB4QIDxUPqeVxRRpPfkTmeas33XsaMx3RqewOHEWuZWGbbSU6vaa27SgmVHaB-TPV7MMJBcmBRuirLa0xiq1Q3TWK-dJTLDOV2J0qnD1fLV_1UY-m9z7mG51X8aJF04=495F75E1";

export default defineComponent({
  async run({ steps, $ }) {
    const auth = Buffer.from(`${JIRA_EMAIL}:${JIRA_API_TOKEN}`).toString("base64");
    const res = await axios.post(
      "https://acme.atlassian.net/rest/api/3/issue",
      { fields: { project: { key: "OPS" }, summary: steps.trigger.event.body.title, issuetype: { name: "Task" } } },
      { headers: { Authorization: `Basic ${auth}` } },
    );
    return res.data.key;
  },
});
