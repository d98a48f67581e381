import { createHmac } from "crypto";
import common from "./common.mjs";

export default {
  ...common,
  props: {
    ...common.props,
    http: "$.interface.http",
  },
  hooks: {
    // … (trimmed: deploy hook emitting sample events) …
    async activate() {
      const modelId = await this.getModelId();
      const { id } = await this.createHook({
        params: {
          idModel: modelId,
          description: "Pipedream Source ID",
          callbackURL: this.http.endpoint,
        },
      });
      this._setHookId(id);
    },
    async deactivate() {
      const hookId = this._getHookId();
      if (hookId) {
        await this.deleteHook({
          hookId,
        });
      }
    },
  },
  methods: {
    ...common.methods,
    _getHookId() {
      return this.db.get("hookId");
    },
    _setHookId(hookId) {
      this.db.set("hookId", hookId);
    },
    getBase64Digest(data) {
      const { secret } = this.app.getToken();
      return createHmac("sha1", secret)
        .update(data)
        .digest("base64");
    },
    // Do not remove the async keyword from this function
    async isValidSignature({
      body, bodyRaw, headers,
    }) {
      const data = bodyRaw + body.webhook?.callbackURL;
      const doubleHash = this.getBase64Digest(data);
      const headerHash = headers["x-trello-webhook"];
      return doubleHash === headerHash;
    },
    // … (trimmed: createHook, deleteHook, getModelId, isCorrectEventType, isRelevant) …
  },
  async run(event) {
    if (event.body === undefined) {
      console.log("Event body is undefined. Skipping...");
      return;
    }

    if (!this.isValidSignature(event)) {
      console.log("The event failed the verification. Skipping...");
      return;
    }

    if (!this.isCorrectEventType(event)) {
      console.log("The event is not of the correct type. Skipping...");
      return;
    }

    const result = await this.getResult(event);
    const isRelevant = await this.isRelevant({
      result,
      event,
    });

    if (!isRelevant) {
      console.log("The event is not relevant. Skipping...");
      return;
    }

    this.emitEvent(result);
  },
};
