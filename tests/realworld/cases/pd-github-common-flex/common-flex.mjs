import github from "../../github.app.mjs";
import { DEFAULT_POLLING_SOURCE_TIMER_INTERVAL } from "@pipedream/platform";

export default {
  props: {
    github,
    repoFullname: {
      propDefinition: [
        github,
        "repoFullname",
      ],
      reloadProps: true,
    },
    db: "$.service.db",
  },
  async additionalProps() {
    if (await this.checkAdminPermission()) {
      return {
        http: {
          type: "$.interface.http",
        },
        ...this.getHttpAdditionalProps(),
      };
    } else {
      return {
        timer: {
          type: "$.interface.timer",
          default: {
            intervalSeconds: DEFAULT_POLLING_SOURCE_TIMER_INTERVAL,
          },
        },
        ...this.getTimerAdditionalProps(),
      };
    }
  },
  methods: {
    _getWebhookId() {
      return this.db.get("webhookId");
    },
    _setWebhookId(webhookId) {
      this.db.set("webhookId", webhookId);
    },
    // … (trimmed: saved-item bookkeeping, abstract getters, checkAdminPermission, checkWebhookCreation) …
    async createWebhook() {
      if (this._getWebhookId()) {
        await this.removeWebhook();
      }
      const response = await this.github.createWebhook({
        repoFullname: this.repoFullname,
        data: {
          name: "web",
          config: {
            url: this.http.endpoint,
            content_type: "json",
          },
          events: this.getWebhookEvents(),
        },
      });
      this._setWebhookId(response.id);
    },
    // … (trimmed: removeWebhook, shouldEmit, getId, getSummary) …
    getWebhookEventItem(body) {
      delete body.repository;
      return body;
    },
    emitEvent({
      id, item,
    }) {
      const ts = Date.now();
      const summary = this.getSummary(item);
      this.$emit(item, {
        id,
        summary,
        ts,
      });
    },
    async onWebhookTrigger(event) {
      const { body } = event;
      if (this.shouldEmitWebhookEvent(body)) {
        const item = this.getWebhookEventItem(body);
        const id = this.getId(item);
        this.emitEvent({
          id,
          item,
        });
      }
    },
    // … (trimmed: onTimerTrigger polling path) …
  },
  hooks: {
    async activate() {
      await this.checkWebhookCreation();
    },
    async deactivate() {
      await this.removeWebhook();
    },
  },
  async run(event) {
    if (this._getWebhookId()) {
      await this.onWebhookTrigger(event);
    }

    else {
      await this.onTimerTrigger();
    }
  },
};
