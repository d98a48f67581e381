import { Octokit } from "@octokit/rest";

export default defineComponent({
  async run({ steps, $ }) {
    const octokit = new Octokit({ auth: "ghp_MUPTsbDB4vWnA6IJgP3x8loiYlA8Zwyaaj7Q" });
    const { title, body } = steps.trigger.event.body;
    const issue = await octokit.issues.create({
      owner: "acme-corp",
      repo: "support",
      title,
      body,
      labels: ["from-pipedream"],
    });
    return issue.data.html_url;
  },
});
