import crypto from "crypto";
import { get } from "lodash";
import base from "./base.mjs";

export default {
  ...base,
  props: {
    ...base.props,
    webhookSigningKey: {
      type: "string",
      secret: true,
      label: "Mailgun webhook signing key",
      description:
        "Your Mailgun webhook signing key, found " +
        "[in your Mailgun dashboard](https://app.mailgun.com/app/dashboard), located under " +
        "Settings on the left-hand nav and then in API Keys look for webhook signing key. " +
        "Required to compute the authentication signature of events.",
    },
    http: "$.interface.http",
  },
  methods: {
    ...base.methods,
    // … (trimmed: getWebhook, createWebhook, updateWebhook, deleteWebhook, isSubscribed) …
    getEventName() {
      throw new Error("getEventName is not implemented");
    },
    getEventType() {
      throw new Error("getEventType is not implemented");
    },
    generateMeta(payload) {
      return {
        id: `${payload["X-Mailgun-Sid"]}${payload.id}${payload.timestamp}`,
        summary: payload.recipient,
        ts: payload.timestamp,
      };
    },
    getEventSubtype() {
      return null;
    },
    emitEvent(payload) {
      const expectedTypes = this.getEventType();
      const expectedSubtypes = this.getEventSubtype();
      if (!expectedTypes.includes(payload.event) ||
        (expectedSubtypes && !expectedSubtypes.includes(payload.severity))
      ) {
        if (!expectedTypes.includes(payload.event)) {
          console.debug("Expected", expectedTypes, "but got a", payload.event, "- skipping");
        } else {
          console.debug("Expected", expectedSubtypes, "but got a", payload.severity, "- skipping");
        }
        return;
      }
      this.$emit(payload, this.generateMeta(payload));
    },
    verifySignature({
      timestamp, token, signature,
    }) {
      const encodedToken = crypto
        .createHmac("sha256", this.webhookSigningKey)
        .update(timestamp.concat(token))
        .digest("hex");
      return encodedToken === signature;
    },
  },
  hooks: {
    ...base.hooks,
    // … (trimmed: activate/deactivate registering the endpoint with Mailgun) …
  },
  async run(event) {
    if (!get(event, "body.signature", false)) {
      console.warn("Webhook signature missing, skipping");
      return;
    }
    if (!this.verifySignature(event.body.signature)) {
      this.http.respond({
        status: 401,
      });
      console.warn("Webhook signature invalid, skipping");
      return;
    }
    this.emitEvent(event.body["event-data"]);
  },
};
