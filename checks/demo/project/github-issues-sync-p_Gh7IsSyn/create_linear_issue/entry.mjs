import { LinearClient } from "@linear/sdk";
import _ from "lodash";
import { axios } from "@pipedream/platform";

const linear = new LinearClient({ apiKey: "«demo:linear-api-key»" });

export default defineComponent({
  async run({ steps, $ }) {
    const issue = steps.verify_signature.$return_value.issue;
    const teams = await linear.teams();
    const team = _.find(teams.nodes, { key: "OPS" });

    const created = await linear.createIssue({
      teamId: team.id,
      title: issue.title,
      description: `${issue.body}\n\nFrom GitHub: ${issue.html_url}`,
    });

    // Mirror a comment back to GitHub.
    await axios($, {
      method: "POST",
      url: `https://api.github.com/repos/acme/ops/issues/${issue.number}/comments`,
      headers: { Authorization: `Bearer ${process.env.GITHUB_TOKEN}` },
      data: { body: `Tracked in Linear: ${created.issueId}` },
    });
    return created;
  },
});
