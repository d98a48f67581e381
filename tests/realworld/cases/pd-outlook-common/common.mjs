import microsoftOutlook from "../../microsoft_outlook.app.mjs";

const DAY_SECONDS = 24 * 60 * 60;
// … (trimmed: comment on renewal timing) …
const RENEWAL_INTERVAL_SECONDS = DAY_SECONDS;
const EXPIRATION_MS = DAY_SECONDS * 2.5 * 1000;

export default {
  props: {
    microsoftOutlook,
    http: {
      type: "$.interface.http",
      customResponse: true,
    },
    db: "$.service.db",
    timer: {
      type: "$.interface.timer",
      label: "Webhook renewal timer",
      description: "Graph API expires Outlook notifications in ~3 days; we request a 2.5-day expiration and auto-renew daily",
      default: {
        intervalSeconds: RENEWAL_INTERVAL_SECONDS,
      },
    },
  },
  // … (trimmed: deploy hook emitting sample events) …
  methods: {
    getIntervalEnd() {
      return new Date(Date.now() + EXPIRATION_MS);
    },
    randomString() {
      return `${Math.random().toString(36)
        .substring(2, 15)}${Math.random().toString(36)
        .substring(2, 15)}`;
    },
    async activate({
      resource,
      changeType,
    } = {}) {
      const clientState = this.randomString();
      const response = await this.microsoftOutlook.createHook({
        data: {
          notificationUrl: this.http.endpoint,
          changeType,
          resource,
          expirationDateTime: this.getIntervalEnd(),
          clientState: clientState,
        },
      });
      if (clientState == response.clientState) {
        this.db.set("hookId", response.id);
        this.db.set("clientState", clientState);
      }
    },
    async deactivate() {
      const hookId = this.db.get("hookId");
      if (!hookId) return;
      await this.microsoftOutlook.deleteHook({
        hookId,
      });
    },
    async run({
      event,
      emitFn,
    } = {}) {
      if (event.interval_seconds || event.cron) {
        // … (trimmed: subscription renewal on the timer) …
        return;
      }
      if (event.query && event.query.validationToken) {
        this.http.respond({
          status: 200,
          headers: {
            "Content-Type": "text/plain",
          },
          body: event.query.validationToken,
        });
      } else {
        this.http.respond({
          status: 202,
        });
        const eventBody = JSON.parse(event.bodyRaw);
        for (let i = 0; i < eventBody.value.length; i++) {
          const notification = eventBody.value[i];
          if (!notification.clientState || notification.clientState == this.db.get("clientState")) {
            const resourceId = notification.resourceData.id;
            await emitFn({
              resourceId,
            });
          }
        }
      }
    },
  },
};
