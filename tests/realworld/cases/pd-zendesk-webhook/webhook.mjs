import crypto from "crypto";
import app from "../../zendesk.app.mjs";
import constants from "../../common/constants.mjs";

export default {
  props: {
    app,
    db: "$.service.db",
    http: "$.interface.http",
    categoryId: {
      propDefinition: [
        app,
        "categoryId",
      ],
    },
    customSubdomain: {
      propDefinition: [
        app,
        "customSubdomain",
      ],
    },
  },
  hooks: {
    async activate() {
      const {
        categoryId,
        customSubdomain,
      } = this;

      const { webhook } = await this.createWebhook({
        customSubdomain,
        data: this.setupWebhookData(),
      });

      const { id: webhookId } = webhook;
      this.setWebhookId(webhookId);

      const { signing_secret: signingSecret } = await this.showWebhookSigningSecret({
        customSubdomain,
        webhookId,
      });

      const { secret } = signingSecret;
      this.setSigningSecret(secret);

      // … (trimmed: creates the Zendesk trigger that calls the webhook) …
    },
    // … (trimmed: deactivate) …
  },
  methods: {
    // … (trimmed: REST helpers, db getters/setters, trigger setup) …
    setSigningSecret(secret) {
      return this.db.set(constants.SIGNING_SECRET, secret);
    },
    getSigningSecret() {
      return this.db.get(constants.SIGNING_SECRET);
    },
    isValidSource({
      signature, bodyRaw, timestamp,
    }) {
      const secret = this.getSigningSecret();

      const sig =
        crypto
          .createHmac(constants.SIGNING_SECRET_ALGORITHM, secret)
          .update(timestamp + bodyRaw)
          .digest(constants.BASE_64);

      return (
        Buffer.compare(
          Buffer.from(signature),
          Buffer.from(sig.toString(constants.BASE_64)),
        ) === 0
      );
    },
    isRelevant() {
      return true;
    },
  },
  async run(event) {
    const {
      body: payload,
      headers,
      bodyRaw,
    } = event;

    const {
      [constants.X_ZENDESK_WEBHOOK_SIGNATURE_HEADER]: signature,
      [constants.X_ZENDESK_WEBHOOK_SIGNATURE_TIMESTAMP_HEADER]: timestamp,
    } = headers;

    const isValid = this.isValidSource({
      signature,
      bodyRaw,
      timestamp,
    });

    if (!isValid) {
      console.log("Skipping event due to invalid signature");
      return;
    }

    const isRelevant = await this.isRelevant(payload);
    if (!isRelevant) {
      return;
    }

    const ts = Date.parse(payload.updatedAt);
    const id = `${payload.ticketId}-${ts}`;

    this.$emit(payload, {
      id,
      summary: payload.title,
      ts,
    });
  },
};
