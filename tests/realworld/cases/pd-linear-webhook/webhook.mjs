import linearApp from "../../linear_app.app.mjs";
import constants from "../../common/constants.mjs";
import utils from "../../common/utils.mjs";
import { ConfigurationError } from "@pipedream/platform";

export default {
  props: {
    linearApp,
    teamIds: {
      label: "Team IDs",
      type: "string[]",
      propDefinition: [
        linearApp,
        "teamId",
      ],
      reloadProps: true,
    },
    projectId: {
      propDefinition: [
        linearApp,
        "projectId",
      ],
    },
    http: "$.interface.http",
    db: "$.service.db",
  },
  // … (trimmed: additionalProps admin alert) …
  methods: {
    setWebhookId(teamId, id) {
      this.db.set(`webhook-${teamId}`, id);
    },
    getWebhookId(teamId) {
      return this.db.get(`webhook-${teamId}`);
    },
    isWebhookValid(clientIp) {
      return constants.CLIENT_IPS.includes(clientIp);
    },
    isFromProject(body) {
      return !this.projectId || body?.data?.projectId == this.projectId;
    },
    isRelevant() {
      return true;
    },
    // … (trimmed: abstract getters, isAdmin) …
  },
  hooks: {
    // … (trimmed: deploy hook emitting historical events) …
    async activate() {
      const args = {
        resourceTypes: this.getResourceTypes(),
        url: this.http.endpoint,
        label: this.getWebhookLabel(),
      };
      if (!this.teamIds && !this.teamId) {
        args.allPublicTeams = true;
        const { _webhook: webhook } = await this.linearApp.createWebhook(args);
        this.setWebhookId("1", webhook.id);
        return;
      }
      const teamIds = this.teamIds || [
        this.teamId,
      ];
      for (const teamId of teamIds) {
        const { _webhook: webhook } =
          await this.linearApp.createWebhook({
            teamId,
            ...args,
          });
        this.setWebhookId(teamId, webhook.id);
      }
    },
    // … (trimmed: deactivate) …
  },
  async run(event) {
    const {
      client_ip: clientIp,
      body,
      headers,
    } = event;

    const { [constants.LINEAR_DELIVERY_HEADER]: delivery } = headers;

    const resource = {
      ...body,
      delivery,
    };

    if (!this.isWebhookValid(clientIp)) {
      console.log("Webhook is not valid");
      return;
    }

    if (!(await this.isFromProject(body)) || !this.isRelevant(body)) {
      return;
    }

    const meta = this.getMetadata(resource);
    this.$emit(body, meta);
  },
};
