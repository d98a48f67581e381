import { createHmac } from "crypto";
import { uuid } from "uuidv4";
import common from "../common.mjs";
import constants from "../../constants.mjs";
import utils from "../utils.mjs";

const { typeform } = common.props;
const { parseIsoDate } = utils;

export default {
  ...common,
  key: "typeform-new-submission",
  name: "New Submission",
  version: "0.0.6",
  type: "source",
  description: "Emit new submission",
  props: {
    ...common.props,
    http: "$.interface.http",
    db: "$.service.db",
    formId: {
      propDefinition: [
        typeform,
        "formId",
      ],
    },
  },
  methods: {
    ...common.methods,
    generateSecret() {
      return "" + Math.random();
    },
  },
  hooks: {
    ...common.hooks,
    async activate() {
      const secret = this.generateSecret();
      this._setSecret(secret);

      let tag = this._getTag();
      if (!tag) {
        tag = uuid();
        this._setTag(tag);
      }

      return await this.typeform.createHook({
        endpoint: this.http.endpoint,
        formId: this.formId,
        tag,
        secret,
      });
    },
    // … (trimmed: deactivate) …
  },
  async run(event) {
    const {
      body,
      headers,
    } = event;

    const { [constants.TYPEFORM_SIGNATURE]: typeformSignature } = headers;

    if (typeformSignature) {
      const secret = this._getSecret();

      const hmac =
        createHmac(constants.ALGORITHM, secret)
          .update(body)
          .digest(constants.ENCODING);

      const signature = `${constants.ALGORITHM}=${hmac}`;

      if (typeformSignature !== signature) {
        throw new Error("signature mismatch");
      }
    }

    let formResponseString = "";
    const data = Object.assign({}, body.form_response);
    data.form_response_parsed = {};
    // … (trimmed: answer parsing loop) …
    data.form_response_string = formResponseString;
    data.raw_webhook_event = body;

    if (data.landed_at) {
      data.landed_at = parseIsoDate(data.landed_at);
    }

    if (data.submitted_at) {
      data.submitted_at = parseIsoDate(data.submitted_at);
    }

    data.form_title = body.form_response.definition.title;
    delete data.answers;
    delete data.definition;

    this.$emit(data, {
      summary: JSON.stringify(data),
      id: data.token,
    });
  },
};
