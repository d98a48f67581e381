# ruff: noqa: E501 - the cases are code snippets written as they appear in steps
"""Table of realistic Node and Python step snippets and the flows the analysis must find.

Each case: (id, language, body, expected) where `expected` is the exact set of
(source kind, source label, sink) triples; an empty set is a false-positive guard.
"""

from __future__ import annotations

import textwrap

NODE = """import axios from "axios";
import got from "got";
import crypto from "crypto";

export default defineComponent({
  props: { github: { type: "app", app: "github" } },
  async run({ steps, $ }) {
    const url = "https://api.github.com/user";
    const items = steps.trigger.event.body.items || [];
%s
  },
});
"""

PY = """import hashlib
import json
import logging
import os

import requests

logger = logging.getLogger(__name__)


def handler(pd: "pipedream"):
    url = "https://api.github.com/user"
    items = pd.steps["trigger"]["event"]["body"].get("items", [])
%s
"""


def wrap(language: str, body: str) -> str:
    template = NODE if language == "node" else PY
    return template % textwrap.indent(textwrap.dedent(body).strip("\n"), "    ")


AUTH = "this.github.$auth"
TOK = "this.github.$auth.oauth_access_token"
HDR = "steps.trigger.event.headers"
PYHDR = 'pd.steps["trigger"]["event"]["headers"]'

CASES: list[tuple[str, str, str, set[tuple[str, str, str]]]] = [
    # --- Node: secret env vars -------------------------------------------------------------
    (
        "js-env-log",
        "node",
        """
        const key = process.env.STRIPE_SECRET_KEY;
        console.log(key);
     """,
        {("secret-env", "process.env.STRIPE_SECRET_KEY", "console.log")},
    ),
    (
        "js-env-template",
        "node",
        """
        console.log(`calling with ${process.env.API_TOKEN}`);
     """,
        {("secret-env", "process.env.API_TOKEN", "console.log")},
    ),
    (
        "js-env-concat-info",
        "node",
        """
        const dsn = "postgres://app:" + process.env.DB_PASSWORD + "@db/app";
        console.info("connecting to " + dsn);
     """,
        {("secret-env", "process.env.DB_PASSWORD", "console.info")},
    ),
    (
        "js-env-subscript",
        "node",
        """
        console.warn(process.env["SLACK_BOT_TOKEN"]);
     """,
        {("secret-env", "process.env.SLACK_BOT_TOKEN", "console.warn")},
    ),
    (
        "js-env-dynamic",
        "node",
        """
        const name = steps.trigger.event.body.var;
        console.log(process.env[name]);
     """,
        {("secret-env", "process.env[…]", "console.log")},
    ),
    (
        "js-env-whole",
        "node",
        """
        console.debug(process.env);
     """,
        {("secret-env", "process.env", "console.debug")},
    ),
    (
        "js-env-reassigned",
        "node",
        """
        let token;
        token = process.env.API_KEY;
        console.log("token", token);
     """,
        {("secret-env", "process.env.API_KEY", "console.log")},
    ),
    (
        "js-env-member-store",
        "node",
        """
        const cfg = {};
        cfg.apiKey = process.env.OPENAI_API_KEY;
        console.log(cfg);
     """,
        {("secret-env", "process.env.OPENAI_API_KEY", "console.log")},
    ),
    (
        "js-env-alias-sink",
        "node",
        """
        const log = console.log;
        log(process.env.SIGNING_SECRET);
     """,
        {("secret-env", "process.env.SIGNING_SECRET", "log (= console.log)")},
    ),
    (
        "js-env-return",
        "node",
        """
        return { ok: true, key: process.env.OPENAI_API_KEY };
     """,
        {("secret-env", "process.env.OPENAI_API_KEY", "return")},
    ),
    (
        "js-env-respond",
        "node",
        """
        await $.respond({ status: 200, body: { secret: process.env.WEBHOOK_SECRET } });
     """,
        {("secret-env", "process.env.WEBHOOK_SECRET", "$.respond")},
    ),
    (
        "js-env-string-ops",
        "node",
        """
        const k = String(process.env.API_KEY).trim().toUpperCase();
        $.export("k", k);
     """,
        {("secret-env", "process.env.API_KEY", "$.export")},
    ),
    # --- Node: connected accounts ---------------------------------------------------------
    (
        "js-auth-export",
        "node",
        """
        $.export("token", this.github.$auth.oauth_access_token);
     """,
        {("auth", TOK, "$.export")},
    ),
    (
        "js-auth-whole-log",
        "node",
        """
        console.log(this.github.$auth);
     """,
        {("auth", AUTH, "console.log")},
    ),
    (
        "js-auth-destructured",
        "node",
        """
        const { oauth_access_token: tok } = this.github.$auth;
        console.log(`token ${tok}`);
     """,
        {("auth", TOK, "console.log")},
    ),
    (
        "js-auth-object-literal",
        "node",
        """
        console.log({ user: "me", token: this.github.$auth.oauth_access_token });
     """,
        {("auth", TOK, "console.log")},
    ),
    (
        "js-auth-config-stringified",
        "node",
        """
        const config = { url, headers: { Authorization: `Bearer ${this.github.$auth.oauth_access_token}` } };
        console.log(JSON.stringify(config));
     """,
        {("auth", TOK, "console.log")},
    ),
    (
        "js-auth-throw",
        "node",
        """
        throw new Error(`GitHub rejected token ${this.github.$auth.oauth_access_token}`);
     """,
        {("auth", TOK, "throw new Error")},
    ),
    (
        "js-auth-values",
        "node",
        """
        console.log(Object.values(this.github.$auth));
     """,
        {("auth", AUTH, "console.log")},
    ),
    # --- Node: request headers, query and the trigger event -------------------------------
    (
        "js-header-destructured",
        "node",
        """
        const { authorization } = steps.trigger.event.headers;
        console.log(authorization);
     """,
        {("auth-header", f"{HDR}.authorization", "console.log")},
    ),
    (
        "js-header-signature-subscript",
        "node",
        """
        console.log("sig", steps.trigger.event.headers["x-hub-signature-256"]);
     """,
        {("auth-header", f"{HDR}.x-hub-signature-256", "console.log")},
    ),
    (
        "js-header-stripe-export-alias",
        "node",
        """
        const event = steps.trigger.event;
        const sig = event.headers["stripe-signature"];
        $.export("sig", sig);
     """,
        {("auth-header", f"{HDR}.stripe-signature", "$.export")},
    ),
    (
        "js-header-cookie-template",
        "node",
        """
        console.log(`cookie: ${steps.trigger.event.headers.cookie}`);
     """,
        {("auth-header", f"{HDR}.cookie", "console.log")},
    ),
    (
        "js-header-shopify-hmac",
        "node",
        """
        const hmac = steps.trigger.event.headers["x-shopify-hmac-sha256"];
        return { hmac };
     """,
        {("auth-header", f"{HDR}.x-shopify-hmac-sha256", "return")},
    ),
    (
        "js-headers-whole",
        "node",
        """
        const { headers } = steps.trigger.event;
        console.log(headers);
     """,
        {("headers", HDR, "console.log")},
    ),
    (
        "js-headers-entries-loop",
        "node",
        """
        for (const [name, value] of Object.entries(steps.trigger.event.headers)) {
          console.log(value);
        }
     """,
        {("headers", HDR, "console.log")},
    ),
    (
        "js-query-token",
        "node",
        """
        console.log(steps.trigger.event.query.token);
     """,
        {("auth-header", "steps.trigger.event.query.token", "console.log")},
    ),
    (
        "js-event-log",
        "node",
        """
        console.log(steps.trigger.event);
     """,
        {("trigger-event", "steps.trigger.event", "console.log")},
    ),
    (
        "js-event-stringify",
        "node",
        """
        console.log(JSON.stringify(steps.trigger.event, null, 2));
     """,
        {("trigger-event", "steps.trigger.event", "console.log")},
    ),
    (
        "js-event-return",
        "node",
        """
        return steps.trigger.event;
     """,
        {("trigger-event", "steps.trigger.event", "return")},
    ),
    (
        "js-event-spread-export",
        "node",
        """
        $.export("event", { ...steps.trigger.event, seen: true });
     """,
        {("trigger-event", "steps.trigger.event", "$.export")},
    ),
    (
        "js-all-steps",
        "node",
        """
        console.log(JSON.stringify(steps));
     """,
        {("trigger-event", "steps", "console.log")},
    ),
    (
        "js-neg-other-steps-and-context",
        "node",
        """
        console.log(steps.fetch_user.$return_value, steps.trigger.context.id, steps.trigger.context);
     """,
        set(),
    ),
    # --- Node: HTTP client errors ---------------------------------------------------------
    (
        "js-axios-error-auth",
        "node",
        """
        try {
          await axios.get(url, { headers: { Authorization: `Bearer ${this.github.$auth.oauth_access_token}` } });
        } catch (err) {
          console.error(err);
        }
     """,
        {("request-error", "err (error of axios.get on line 11)", "console.error")},
    ),
    (
        "js-platform-axios-error-stringified",
        "node",
        """
        try {
          return await axios($, { url, headers: { Authorization: `token ${process.env.GITHUB_TOKEN}` } });
        } catch (error) {
          console.log(JSON.stringify(error));
        }
     """,
        {("request-error", "error (error of axios on line 11)", "console.log")},
    ),
    (
        "js-axios-catch-callback",
        "node",
        """
        await axios.post(url, {}, { headers: { "X-API-Key": process.env.API_KEY } })
          .catch((e) => console.log(e));
     """,
        {("request-error", "e (error of axios.post on line 10)", "console.log")},
    ),
    (
        "js-got-error-config",
        "node",
        """
        const options = { headers: { authorization: `Bearer ${process.env.GH_TOKEN}` } };
        try {
          await got(url, options);
        } catch (err) {
          console.log(err.options);
        }
     """,
        {("request-error", "err (error of got on line 12).options", "console.log")},
    ),
    (
        "js-axios-instance-error",
        "node",
        """
        const api = axios.create({ baseURL: url, headers: { Authorization: `Bearer ${process.env.API_TOKEN}` } });
        try {
          await api.get("/repos");
        } catch (err) {
          console.log(err);
        }
     """,
        {("request-error", "err (error of api.get on line 12)", "console.log")},
    ),
    # --- Node: negatives ------------------------------------------------------------------
    (
        "js-neg-auth-keys",
        "node",
        """
        console.log(Object.keys(this.github.$auth));
     """,
        set(),
    ),
    (
        "js-neg-body-id",
        "node",
        """
        console.log(steps.trigger.event.body.id, steps.trigger.event.body);
     """,
        set(),
    ),
    (
        "js-neg-content-type",
        "node",
        """
        console.log(steps.trigger.event.headers["content-type"], steps.trigger.event.headers["user-agent"]);
     """,
        set(),
    ),
    (
        "js-neg-token-is-count",
        "node",
        """
        const token = items.length;
        console.log(token);
     """,
        set(),
    ),
    (
        "js-neg-shadowed-param",
        "node",
        """
        const key = process.env.API_KEY;
        items.forEach((key) => console.log(key));
     """,
        set(),
    ),
    (
        "js-neg-shadowed-block",
        "node",
        """
        const token = process.env.API_TOKEN;
        {
          const token = "n/a";
          console.log(token);
        }
     """,
        set(),
    ),
    (
        "js-neg-derived-facts",
        "node",
        """
        const key = process.env.API_KEY;
        console.log(key.length, typeof key, key === undefined, !!key, key.startsWith("sk_"));
     """,
        set(),
    ),
    (
        "js-neg-hash",
        "node",
        """
        console.log(crypto.createHash("sha256").update(process.env.API_KEY).digest("hex"));
     """,
        set(),
    ),
    (
        "js-neg-masked",
        "node",
        """
        console.log(process.env.API_KEY.slice(0, 4) + "…");
     """,
        set(),
    ),
    (
        "js-neg-config-env",
        "node",
        """
        console.log(process.env.NODE_ENV, process.env.BASE_URL, process.env.DEFAULT_AUTHOR);
     """,
        set(),
    ),
    (
        "js-neg-method-path-query",
        "node",
        """
        const { method, path, query } = steps.trigger.event;
        console.log(method, path, query, steps.trigger.event.query.page);
     """,
        set(),
    ),
    (
        "js-neg-config-url",
        "node",
        """
        const cfg = { url, headers: { Authorization: `Bearer ${process.env.API_KEY}` } };
        console.log(cfg.url);
     """,
        set(),
    ),
    (
        "js-neg-unauthenticated-error",
        "node",
        """
        try {
          await axios.get("https://example.com/status");
        } catch (err) {
          console.log(err);
        }
     """,
        set(),
    ),
    (
        "js-neg-error-message",
        "node",
        """
        try {
          await axios.get(url, { headers: { Authorization: `Bearer ${process.env.API_KEY}` } });
        } catch (err) {
          console.log(err.message, err.response?.data, err.response.status, `${err}`);
        }
     """,
        set(),
    ),
    (
        "js-neg-fetch-error",
        "node",
        """
        try {
          await fetch(url, { headers: { Authorization: `Bearer ${process.env.API_KEY}` } });
        } catch (err) {
          console.log(err);
        }
     """,
        set(),
    ),
    (
        "js-neg-object-in-template",
        "node",
        """
        console.log(`auth object: ${this.github.$auth} headers: ${steps.trigger.event.headers}`);
     """,
        set(),
    ),
    (
        "js-neg-helper-return",
        "node",
        """
        const getKey = () => process.env.API_KEY;
        function other() { return process.env.API_KEY; }
        return { ok: true, id: steps.trigger.event.body.id, count: items.length };
     """,
        set(),
    ),
    (
        "js-neg-request-only",
        "node",
        """
        const data = await axios.get(url, { headers: { Authorization: `Bearer ${this.github.$auth.oauth_access_token}` } });
        $.export("user", data.login);
        return $.flow.exit("done");
     """,
        set(),
    ),
    (
        "js-neg-header-keys",
        "node",
        """
        console.log(Object.keys(steps.trigger.event.headers));
     """,
        set(),
    ),
    # --- Python ---------------------------------------------------------------------------
    (
        "py-env-print",
        "python",
        """
        key = os.environ["API_KEY"]
        print(key)
     """,
        {("secret-env", 'os.environ["API_KEY"]', "print")},
    ),
    (
        "py-env-get-fstring-logging",
        "python",
        """
        tok = os.environ.get("SLACK_TOKEN")
        logging.info(f"using {tok}")
     """,
        {("secret-env", 'os.environ["SLACK_TOKEN"]', "logging.info")},
    ),
    (
        "py-getenv-percent",
        "python",
        """
        print("password %s" % os.getenv("DB_PASSWORD"))
     """,
        {("secret-env", 'os.environ["DB_PASSWORD"]', "print")},
    ),
    (
        "py-env-format-logger",
        "python",
        """
        tok = os.environ["GITHUB_TOKEN"]
        logger.warning("token {}".format(tok))
     """,
        {("secret-env", 'os.environ["GITHUB_TOKEN"]', "logger.warning")},
    ),
    (
        "py-env-concat",
        "python",
        """
        header = "Bearer " + os.environ["API_TOKEN"]
        print(header)
     """,
        {("secret-env", 'os.environ["API_TOKEN"]', "print")},
    ),
    (
        "py-auth-export",
        "python",
        """
        pd.export("token", pd.inputs["github"]["$auth"]["oauth_access_token"])
     """,
        {("auth", 'pd.inputs["github"]["$auth"]["oauth_access_token"]', "pd.export")},
    ),
    (
        "py-auth-whole",
        "python",
        """
        creds = pd.inputs["github"]["$auth"]
        print(creds)
     """,
        {("auth", 'pd.inputs["github"]["$auth"]', "print")},
    ),
    (
        "py-auth-dict",
        "python",
        """
        print({"user": "me", "token": pd.inputs["github"]["$auth"]["oauth_access_token"]})
     """,
        {("auth", 'pd.inputs["github"]["$auth"]["oauth_access_token"]', "print")},
    ),
    (
        "py-header-authorization",
        "python",
        """
        headers = pd.steps["trigger"]["event"]["headers"]
        print(headers["authorization"])
     """,
        {("auth-header", f'{PYHDR}["authorization"]', "print")},
    ),
    (
        "py-header-get-signature",
        "python",
        """
        sig = pd.steps["trigger"]["event"]["headers"].get("x-hub-signature-256")
        logger.info("sig=%s", sig)
     """,
        {("auth-header", f'{PYHDR}["x-hub-signature-256"]', "logger.info")},
    ),
    (
        "py-headers-json",
        "python",
        """
        print(json.dumps(pd.steps["trigger"]["event"]["headers"]))
     """,
        {("headers", PYHDR, "print")},
    ),
    (
        "py-headers-items-values",
        "python",
        """
        for name, value in pd.steps["trigger"]["event"]["headers"].items():
            print(value)
     """,
        {("headers", PYHDR, "print")},
    ),
    (
        "py-event-return",
        "python",
        """
        return pd.steps["trigger"]["event"]
     """,
        {("trigger-event", 'pd.steps["trigger"]["event"]', "return")},
    ),
    (
        "py-event-str",
        "python",
        """
        event = pd.steps["trigger"]["event"]
        print("got " + str(event))
     """,
        {("trigger-event", 'pd.steps["trigger"]["event"]', "print")},
    ),
    (
        "py-respond-secret",
        "python",
        """
        pd.respond({"status": 200, "body": {"key": os.environ["WEBHOOK_SECRET"]}})
     """,
        {("secret-env", 'os.environ["WEBHOOK_SECRET"]', "pd.respond")},
    ),
    (
        "py-raise-fstring",
        "python",
        """
        key = os.environ["API_KEY"]
        raise Exception(f"bad key {key}")
     """,
        {("secret-env", 'os.environ["API_KEY"]', "raise Exception")},
    ),
    (
        "py-all-steps",
        "python",
        """
        logger.debug("steps: %s", pd.steps)
     """,
        {("trigger-event", "pd.steps", "logger.debug")},
    ),
    # --- Python: negatives ----------------------------------------------------------------
    (
        "py-neg-derived",
        "python",
        """
        key = os.environ["API_KEY"]
        print(len(key), key[:4], hashlib.sha256(key.encode()).hexdigest(), key.startswith("sk"))
     """,
        set(),
    ),
    (
        "py-neg-body",
        "python",
        """
        body = pd.steps["trigger"]["event"]["body"]
        print(body["id"], body)
     """,
        set(),
    ),
    (
        "py-neg-content-type",
        "python",
        """
        print(pd.steps["trigger"]["event"]["headers"].get("content-type"))
     """,
        set(),
    ),
    (
        "py-neg-token-is-count",
        "python",
        """
        token = len(items)
        print(token)
     """,
        set(),
    ),
    (
        "py-neg-shadowed-param",
        "python",
        """
        key = os.environ["API_KEY"]

        def show(key):
            print(key)

        show("n/a")
     """,
        set(),
    ),
    (
        "py-neg-requests-error",
        "python",
        """
        try:
            requests.get(url, headers={"Authorization": "Bearer " + os.environ["API_TOKEN"]}).raise_for_status()
        except requests.RequestException as e:
            print(e)
            logging.exception("request failed")
     """,
        set(),
    ),
    (
        "py-neg-auth-keys",
        "python",
        """
        print(list(pd.inputs["github"]["$auth"].keys()), sorted(pd.inputs["github"]["$auth"].keys()))
     """,
        set(),
    ),
    (
        "py-neg-config-env",
        "python",
        """
        print(os.environ.get("APP_ENV"), os.getenv("BASE_URL"))
     """,
        set(),
    ),
    (
        "py-neg-header-names",
        "python",
        """
        for name, value in pd.steps["trigger"]["event"]["headers"].items():
            print(name)
     """,
        set(),
    ),
    (
        "py-neg-return-ok",
        "python",
        """
        return {"status": "ok", "count": len(items)}
     """,
        set(),
    ),
]
