import { LinearClient } from "@linear/sdk";

const linear = new LinearClient({ apiKey: "lin_api_XHBcd3MRYUKuRhu076ToE5KPKMhtdYHHVhJOGrNp" });

export default defineComponent({
  async run({ steps, $ }) {
    const teams = await linear.teams();
    const issue = await linear.createIssue({
      teamId: teams.nodes[0].id,
      title: String(steps.trigger.event.body.title),
    });
    return issue.success;
  },
});
