"""SG701 on official SDK clients set up with a credential (`new Stripe(key)`, `OpenAI(…)`)."""

from __future__ import annotations

import json
from pathlib import Path
from textwrap import dedent

import pytest

import checks.accounts.sdks as sdks
from checks.accounts import load_catalog
from checks.demo import write_demo
from checks.engine import ScanOptions, scan
from checks.model import Severity
from checks.redact import redact
from checks.reports import render
from tests.checks.transport.util import run_rules, scan_source

# The keys documented for SG701's `extra` (docs/rules-transport-accounts.md); SDK findings add
# "sdk", request findings keep exactly these.
EXTRA_KEYS = {
    "app",
    "app_name",
    "auth_kind",
    "auth_field",
    "auth_expression",
    "host",
    "env_vars",
    "literal_token",
    "snippet",
}


def sg701(tmp_path: Path, source: str, lang: str):
    return scan_source(tmp_path, source, lang, "SG701")


def node_step(imports: str, body: str) -> str:
    head = dedent(imports).strip()
    return (
        (head + "\n\n" if head else "")
        + "export default defineComponent({\n  async run({ steps, $ }) {\n"
        + "".join(f"    {line}\n" for line in dedent(body).strip().splitlines())
        + "  },\n});\n"
    )


def py_step(imports: str, body: str) -> str:
    return (
        "import os\n"
        + dedent(imports).strip()
        + '\n\n\ndef handler(pd: "pipedream"):\n'
        + "".join(f"    {line}\n" for line in dedent(body).strip().splitlines())
    )


# (id, imports, line in run(), app, the line as the snippet rewrites it)
NODE_CASES = [
    (
        "linear",
        'import { LinearClient } from "@linear/sdk";',
        "const linear = new LinearClient({ apiKey: process.env.LINEAR_API_KEY });",
        "linear_app",
        "const linear = new LinearClient({ apiKey: this.linear_app.$auth.api_key });",
    ),
    (
        "stripe",
        'import Stripe from "stripe";',
        "const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);",
        "stripe",
        "const stripe = new Stripe(this.stripe.$auth.api_key);",
    ),
    (
        "stripe-require-call",
        "",
        'const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);',
        "stripe",
        'const stripe = require("stripe")(this.stripe.$auth.api_key);',
    ),
    (
        "openai",
        'import OpenAI from "openai";',
        "const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });",
        "openai",
        "const openai = new OpenAI({ apiKey: this.openai.$auth.api_key });",
    ),
    (
        "openai-named-require",
        'const { OpenAI } = require("openai");',
        'const openai = new OpenAI({ apiKey: process.env["OPENAI_API_KEY"] });',
        "openai",
        "const openai = new OpenAI({ apiKey: this.openai.$auth.api_key });",
    ),
    (
        "octokit",
        'import { Octokit } from "@octokit/rest";',
        "const octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });",
        "github",
        "const octokit = new Octokit({ auth: this.github.$auth.oauth_access_token });",
    ),
    (
        "octokit-package",
        'import { Octokit } from "octokit";',
        "const octokit = new Octokit({ auth: process.env.GH_PAT });",
        "github",
        "const octokit = new Octokit({ auth: this.github.$auth.oauth_access_token });",
    ),
    (
        "slack-web-api",
        'import { WebClient } from "@slack/web-api";',
        "const web = new WebClient(process.env.SLACK_TOKEN);",
        "slack",
        "const web = new WebClient(this.slack.$auth.oauth_access_token);",
    ),
    (
        "anthropic",
        'import Anthropic from "@anthropic-ai/sdk";',
        "const anthropic = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });",
        "anthropic",
        "const anthropic = new Anthropic({ apiKey: this.anthropic.$auth.api_key });",
    ),
    (
        "airtable",
        'import Airtable from "airtable";',
        'const base = new Airtable({ apiKey: process.env.AIRTABLE_PAT }).base("appX");',
        "airtable_oauth",
        "const base = new Airtable({ apiKey: this.airtable_oauth.$auth.oauth_access_token })"
        '.base("appX");',
    ),
    (
        "airtable-configure",
        'const Airtable = require("airtable");',
        "Airtable.configure({ apiKey: process.env.AIRTABLE_API_KEY });",
        "airtable_oauth",
        "Airtable.configure({ apiKey: this.airtable_oauth.$auth.oauth_access_token });",
    ),
    (
        "notion",
        'import { Client } from "@notionhq/client";',
        "const notion = new Client({ auth: process.env.NOTION_TOKEN });",
        "notion",
        "const notion = new Client({ auth: this.notion.$auth.oauth_access_token });",
    ),
    (
        "sendgrid",
        'import sgMail from "@sendgrid/mail";',
        "sgMail.setApiKey(process.env.SENDGRID_API_KEY);",
        "sendgrid",
        "sgMail.setApiKey(this.sendgrid.$auth.api_key);",
    ),
    (
        "twilio",
        'import twilio from "twilio";',
        "const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);",
        "twilio",
        "const client = twilio(this.twilio.$auth.accountSid, this.twilio.$auth.authToken);",
    ),
]

PY_CASES = [
    (
        "openai",
        "from openai import OpenAI",
        'client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])',
        "openai",
        'client = OpenAI(api_key=pd.inputs["openai"]["$auth"]["api_key"])',
    ),
    (
        "openai-module-attribute",
        "import openai",
        'openai.api_key = os.getenv("OPENAI_API_KEY")',
        "openai",
        'openai.api_key = pd.inputs["openai"]["$auth"]["api_key"]',
    ),
    (
        "stripe",
        "import stripe",
        'stripe.api_key = os.environ["STRIPE_SECRET_KEY"]',
        "stripe",
        'stripe.api_key = pd.inputs["stripe"]["$auth"]["api_key"]',
    ),
    (
        "slack-sdk",
        "import slack_sdk",
        'client = slack_sdk.WebClient(token=os.environ["SLACK_TOKEN"])',
        "slack",
        'client = slack_sdk.WebClient(token=pd.inputs["slack"]["$auth"]["oauth_access_token"])',
    ),
    (
        "slack-sdk-bot",
        "from slack_sdk import WebClient",
        'client = WebClient(os.environ.get("SLACK_BOT_TOKEN"))',
        "slack_bot",
        'client = WebClient(pd.inputs["slack_bot"]["$auth"]["bot_token"])',
    ),
    (
        "anthropic",
        "import anthropic",
        'client = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])',
        "anthropic",
        'client = anthropic.Anthropic(api_key=pd.inputs["anthropic"]["$auth"]["api_key"])',
    ),
    (
        "pyairtable",
        "from pyairtable import Api",
        'api = Api(os.environ["AIRTABLE_TOKEN"])',
        "airtable_oauth",
        'api = Api(pd.inputs["airtable_oauth"]["$auth"]["oauth_access_token"])',
    ),
    (
        "airtable-wrapper",
        "from airtable import Airtable",
        'table = Airtable("appX", "Orders", api_key=os.environ["AIRTABLE_KEY"])',
        "airtable_oauth",
        'table = Airtable("appX", "Orders", '
        'api_key=pd.inputs["airtable_oauth"]["$auth"]["oauth_access_token"])',
    ),
    (
        "notion-client",
        "import notion_client",
        'notion = notion_client.Client(auth=os.environ["NOTION_TOKEN"])',
        "notion",
        'notion = notion_client.Client(auth=pd.inputs["notion"]["$auth"]["oauth_access_token"])',
    ),
    (
        "notion-client-options",
        "from notion_client import Client",
        'notion = Client(options={"auth": os.environ["NOTION_TOKEN"]})',
        "notion",
        'notion = Client(options={"auth": pd.inputs["notion"]["$auth"]["oauth_access_token"]})',
    ),
    (
        "twilio",
        "from twilio.rest import Client",
        'client = Client(os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"])',
        "twilio",
        'client = Client(pd.inputs["twilio"]["$auth"]["accountSid"], '
        'pd.inputs["twilio"]["$auth"]["authToken"])',
    ),
    (
        "sendgrid",
        "from sendgrid import SendGridAPIClient",
        'sg = SendGridAPIClient(os.environ["SENDGRID_API_KEY"])',
        "sendgrid",
        'sg = SendGridAPIClient(pd.inputs["sendgrid"]["$auth"]["api_key"])',
    ),
]


@pytest.mark.parametrize(
    ("imports", "line", "app", "rewritten"),
    [c[1:] for c in NODE_CASES],
    ids=[c[0] for c in NODE_CASES],
)
def test_node_sdk(tmp_path: Path, imports: str, line: str, app: str, rewritten: str) -> None:
    source = node_step(imports, line)
    [f] = sg701(tmp_path, source, "node")
    assert f.rule == "SG701" and f.severity is Severity.LOW
    assert f.extra["app"] == app
    assert f.line == source.splitlines().index("    " + line) + 1
    assert f.fix is not None and f.fix.kind == "connect-account"
    assert f.extra["literal_token"] is False and f.extra["env_vars"]
    assert f.extra["sdk"] in f.evidence and f.extra["sdk"] in f.message
    snippet = f.extra["snippet"]
    assert f'    {app}: {{\n      type: "app",\n      app: "{app}",\n    }},' in snippet
    assert "    " + rewritten + "\n" in snippet
    assert "process.env" not in snippet


@pytest.mark.parametrize(
    ("imports", "line", "app", "rewritten"),
    [c[1:] for c in PY_CASES],
    ids=[c[0] for c in PY_CASES],
)
def test_python_sdk(tmp_path: Path, imports: str, line: str, app: str, rewritten: str) -> None:
    source = py_step(imports, line)
    [f] = sg701(tmp_path, source, "python")
    assert f.extra["app"] == app
    assert f.line == source.splitlines().index("    " + line) + 1
    assert f.extra["auth_expression"].startswith(f'pd.inputs["{app}"]["$auth"]')
    snippet = f.extra["snippet"]
    assert f'pd.inputs["{app}"]["$auth"]' in snippet.splitlines()[1]
    assert "    " + rewritten + "\n" in snippet
    assert "os.environ" not in snippet and "os.getenv" not in snippet


def test_every_sdk_maps_to_a_catalog_app() -> None:
    slugs = {a.slug for a in load_catalog()}
    for sdk in (*sdks.JS_SDKS, *sdks.PY_SDKS):
        assert sdk.app in slugs, sdk
        assert sdk.names and (sdk.slots or sdk.kind == "assign"), sdk


NODE_SNIPPET = """\
export default defineComponent({
  props: {
    stripe: {
      type: "app",
      app: "stripe",
    },
  },
  async run({ steps, $ }) {
    // …
    // moved into run(): the connected account is only available there
    const stripe = new Stripe(this.stripe.$auth.api_key);
    // …
  },
});
"""


def test_node_literal_at_module_level(tmp_path: Path) -> None:
    key = "sk_live_51HqZa8Bc9Xy7Wv6Ut5Sr4Qp3On2Ml1Kk"
    source = f"""
    import Stripe from "stripe";

    const stripe = new Stripe("{key}");

    export default defineComponent({{
      async run({{ steps, $ }}) {{
        return stripe.customers.retrieve(steps.trigger.event.body.customer);
      }},
    }});
    """
    [f] = sg701(tmp_path, source, "node")
    assert (f.line, f.column) == (3, 16)  # at `new`
    assert f.extra["snippet"] == NODE_SNIPPET
    assert f.extra["literal_token"] is True and f.extra["env_vars"] == []
    assert f.extra["host"] == "api.stripe.com" and f.extra["sdk"] == "stripe"
    assert f.evidence.startswith("stripe new Stripe(…) ← a token written in the code")
    everything = f.message + f.evidence + repr(f.extra)
    assert key not in everything, "token leaked"
    assert redact(key) in f.message


PY_SNIPPET = """\
# In the workflow builder, add the OpenAI app to this step and connect an
# account; its credentials are then in pd.inputs["openai"]["$auth"].
def handler(pd: "pipedream"):
    # …
    # moved into handler(): the connected account is only available there
    client = OpenAI(api_key=pd.inputs["openai"]["$auth"]["api_key"])
    # …
"""


def test_python_literal_at_module_level(tmp_path: Path) -> None:
    key = "sk-proj-fyXI8q6keblhnInXpYsPQQgd1OWUyTC"
    source = f"""
    from openai import OpenAI

    client = OpenAI(api_key="{key}")


    def handler(pd: "pipedream"):
        return client.models.list()
    """
    [f] = sg701(tmp_path, source, "python")
    assert f.line == 3
    assert f.extra["snippet"] == PY_SNIPPET
    assert f.extra["auth_expression"] == 'pd.inputs["openai"]["$auth"]["api_key"]'
    assert key not in f.message + f.evidence + repr(f.extra)


def test_credentials_followed_through_constants_and_options(tmp_path: Path) -> None:
    node = """
    import OpenAI from "openai";
    import { WebClient } from "@slack/web-api";
    const token = process.env.SLACK_BOT_TOKEN || "xoxb-1234567890-abcdefghijkl";
    const options = { apiKey: process.env.OPENAI_API_KEY, maxRetries: 2 };
    export default defineComponent({
      async run({ steps, $ }) {
        const web = new WebClient(token);
        const openai = new OpenAI(options);
        return [web, openai];
      },
    });
    """
    slack, openai = sg701(tmp_path, node, "node")
    assert slack.extra["app"] == "slack_bot"  # the env name and the xoxb- prefix say bot
    assert slack.extra["env_vars"] == ["SLACK_BOT_TOKEN"] and slack.extra["literal_token"]
    assert "xoxb-1234567890" not in repr(slack.extra) + slack.message
    assert (
        "const token = this.slack_bot.$auth.bot_token || this.slack_bot.$auth.bot_token;"
        in slack.extra["snippet"]
    )
    assert openai.extra["app"] == "openai"
    assert (
        "const options = { apiKey: this.openai.$auth.api_key, maxRetries: 2 };"
        in openai.extra["snippet"]
    )


def test_typescript(tmp_path: Path) -> None:
    path = tmp_path / "entry.ts"
    path.write_text(
        'import OpenAI from "openai";\n'
        "export default defineComponent({\n"
        "  async run({ steps, $ }: { steps: any; $: any }) {\n"
        "    const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY! });\n"
        "    const again = new OpenAI({ apiKey: process.env.OPENAI_ORG_KEY as string });\n"
        "  },\n"
        "});\n",
        encoding="utf-8",
    )
    [f] = run_rules(path, "SG701")
    assert f.extra["env_vars"] == ["OPENAI_API_KEY", "OPENAI_ORG_KEY"]
    assert "new OpenAI({ apiKey: this.openai.$auth.api_key! })" in f.extra["snippet"]


def test_twilio_names_each_field(tmp_path: Path) -> None:
    source = node_step(
        'import twilio from "twilio";',
        "const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);",
    )
    [f] = sg701(tmp_path, source, "node")
    assert "use this.twilio.$auth.accountSid and this.twilio.$auth.authToken" in f.message
    assert "Object.keys" not in f.message  # the SDK says which field is which
    assert f.extra["auth_field"] == "authToken"  # the app's credential field, as for requests


# -- not reported ---------------------------------------------------------------------------

NOT_FLAGGED_NODE = {
    "auth-already": """
        import Stripe from "stripe";
        import OpenAI from "openai";
        import { LinearClient } from "@linear/sdk";
        export default defineComponent({
          props: {
            stripe: { type: "app", app: "stripe" },
            openai: { type: "app", app: "openai" },
            linear_app: { type: "app", app: "linear_app" },
          },
          async run({ steps, $ }) {
            const stripe = new Stripe(this.stripe.$auth.api_key);
            const key = this.openai.$auth.api_key;
            const openai = new OpenAI({ apiKey: key });
            const linear = new LinearClient({ apiKey: `${this.linear_app.$auth.api_key}` });
          },
        });
    """,
    "parameter-and-unknown": """
        import Stripe from "stripe";
        import OpenAI from "openai";
        import { Octokit } from "@octokit/rest";
        const apiKey = process.env.OPENAI_API_KEY;
        function openaiFor(apiKey) {
          return new OpenAI({ apiKey });
        }
        const stripeFor = ({ key }) => new Stripe(key);
        export default defineComponent({
          props: { token: { type: "string", secret: true } },
          async run({ steps, $ }) {
            const octokit = new Octokit({ auth: this.token });
            const other = new Stripe(await loadKey());
            const third = new OpenAI({ apiKey: steps.config.$return_value.key });
            const fourth = new OpenAI();
            const fifth = new Stripe("short");
          },
        });
    """,
    "not-imported": """
        export default defineComponent({
          async run({ steps, $ }) {
            const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);
            const linear = new LinearClient({ apiKey: process.env.LINEAR_API_KEY });
            sgMail.setApiKey(process.env.SENDGRID_API_KEY);
          },
        });
    """,
    "unrelated-client": """
        import { Client } from "pg";
        import { WebClient } from "./web.mjs";
        class Airtable { constructor(opts) { this.opts = opts; } }
        export default defineComponent({
          async run({ steps, $ }) {
            const db = new Client({ password: process.env.PG_PASSWORD, auth: process.env.X_TOKEN });
            const web = new WebClient(process.env.SLACK_TOKEN);
            const at = new Airtable({ apiKey: process.env.AIRTABLE_KEY });
          },
        });
    """,
}

NOT_FLAGGED_PY = {
    "auth-already": """
        import stripe
        from openai import OpenAI


        def handler(pd: "pipedream"):
            stripe.api_key = pd.inputs["stripe"]["$auth"]["api_key"]
            key = pd.inputs["openai"]["$auth"]["api_key"]
            client = OpenAI(api_key=key)
    """,
    "parameter-and-unknown": """
        import os
        from openai import OpenAI
        from anthropic import Anthropic

        api_key = os.environ["OPENAI_API_KEY"]


        def make(api_key):
            return OpenAI(api_key=api_key)


        def handler(pd: "pipedream"):
            claude = Anthropic(api_key=load_key())
            client = OpenAI()
            other = OpenAI(api_key=pd.steps["config"]["key"])
    """,
    "not-imported": """
        import os


        def handler(pd: "pipedream"):
            client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
            stripe.api_key = os.environ["STRIPE_SECRET_KEY"]
    """,
    "unrelated-client": """
        import os
        from myapi import Client
        from hvac import Client as Vault


        class WebClient:
            def __init__(self, token):
                self.token = token


        def handler(pd: "pipedream"):
            a = Client(auth=os.environ["NOTION_TOKEN"])
            b = Vault(token=os.environ["VAULT_TOKEN"])
            c = WebClient(token=os.environ["SLACK_TOKEN"])
    """,
}


@pytest.mark.parametrize("name", NOT_FLAGGED_NODE)
def test_not_flagged_node(tmp_path: Path, name: str) -> None:
    assert sg701(tmp_path, NOT_FLAGGED_NODE[name], "node") == []


@pytest.mark.parametrize("name", NOT_FLAGGED_PY)
def test_not_flagged_python(tmp_path: Path, name: str) -> None:
    assert sg701(tmp_path, NOT_FLAGGED_PY[name], "python") == []


# -- keys, fingerprints and the JSON contract -------------------------------------------------

BOTH = """
import axios from "axios";
import Stripe from "stripe";

export default defineComponent({
  async run({ steps, $ }) {
    const stripe = new Stripe(process.env.STRIPE_RESTRICTED_KEY);
    const { data } = await axios.get("https://api.stripe.com/v1/customers", {
      headers: { Authorization: `Bearer ${process.env.STRIPE_SECRET_KEY}` },
    });
    return data;
  },
});
"""


def test_request_finding_unchanged_next_to_an_sdk(tmp_path: Path) -> None:
    """The request finding keeps its message, key and extra; the SDK one has its own key."""
    sdk, request = sg701(tmp_path, BOTH, "node")
    assert request.line == 7 and set(request.extra) == EXTRA_KEYS
    assert request.fingerprint_key == "stripe|api.stripe.com"
    assert request.evidence == "axios api.stripe.com ← process.env.STRIPE_SECRET_KEY"
    assert request.extra["env_vars"] == ["STRIPE_SECRET_KEY"]
    assert "STRIPE_RESTRICTED_KEY" not in repr(request.extra) + request.message
    assert sdk.line == 6 and set(sdk.extra) == EXTRA_KEYS | {"sdk"}
    assert sdk.fingerprint_key == "stripe|sdk:stripe"


def test_sdk_credential_already_in_a_request_finding_is_not_repeated(tmp_path: Path) -> None:
    source = """
    import axios from "axios";
    import Stripe from "stripe";
    const key = process.env.STRIPE_SECRET_KEY;
    const stripe = new Stripe(key);
    export default defineComponent({
      async run({ steps, $ }) {
        return axios.get("https://api.stripe.com/v1/charges", {
          headers: { Authorization: `Bearer ${key}` },
        });
      },
    });
    """
    [f] = sg701(tmp_path, source, "node")
    assert "sdk" not in f.extra and f.extra["host"] == "api.stripe.com"


def test_json_report(tmp_path: Path) -> None:
    root = tmp_path / "wf-p_sdk1"
    (root / "one").mkdir(parents=True)
    (root / "workflow.yaml").write_text(
        "schema: workflow/2022.04\nname: WF\ntriggers:\n- id: hi_x\nsteps:\n"
        "- namespace: one\n  runtime: nodejs20.x\n  uses: ./one/entry.mjs\n",
        encoding="utf-8",
    )
    (root / "one" / "entry.mjs").write_text(BOTH.lstrip("\n"), encoding="utf-8")
    doc = json.loads(render(scan([tmp_path], ScanOptions(select=["SG701"])), "json"))
    sdk, request = doc["findings"]
    from tests.checks.reports.test_reports import FINDING_KEYS

    assert set(sdk) == set(request) and set(request) >= FINDING_KEYS
    assert set(request["extra"]) == EXTRA_KEYS
    assert set(sdk["extra"]) == EXTRA_KEYS | {"sdk"}
    assert sdk["fix"] == {
        "kind": "connect-account",
        "summary": "Connect Stripe and read this.stripe.$auth.api_key",
    }
    assert sdk["fingerprint"] != request["fingerprint"]


def test_demo_request_findings_are_unchanged(tmp_path: Path) -> None:
    """The demo's request findings are what they were before SDKs were read (pinned
    fingerprints, keyed by app and host since a migration must not change them); its SDK
    clients add one finding each."""
    project = write_demo(tmp_path / "demo")
    result = scan([project], ScanOptions(select=["SG701"]))
    doc = json.loads(render(result, "json"))
    requests = {
        (f["path"], f["line"], f["fingerprint"]) for f in doc["findings"] if "sdk" not in f["extra"]
    }
    assert requests == {
        ("github-issues-sync-p_Gh7IsSyn/create_linear_issue/entry.mjs", 20, "ffb2288ecfb892f8542f"),
        ("nightly-report-p_Nt4RpOrt/send_summary/entry.mjs", 3, "d7d1234cae404a512339"),
        ("stripe-orders-p_Dm3StrpO/save_order/entry.py", 9, "92e837311138aeb50201"),
    }
    sdk = sorted((f["extra"]["app"], f["line"]) for f in doc["findings"] if "sdk" in f["extra"])
    assert sdk == [("linear_app", 5), ("openai", 8), ("stripe", 4)]


# -- the early exit is exact ----------------------------------------------------------------

EXIT_EDGES = {
    "namespace.mjs": """import * as linear from "@linear/sdk";
export default defineComponent({
  async run({ $ }) {
    return new linear.LinearClient({ apiKey: process.env.LINEAR_API_KEY });
  },
});
""",
    "dynamic.mjs": """export default defineComponent({
  async run({ $ }) {
    const { default: OpenAI } = await import("openai@4.52.0");
    return new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
  },
});
""",
    "require_call.cjs": """const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);
module.exports = defineComponent({ async run() { return stripe.balance.retrieve(); } });
""",
    "escaped.mjs": """const stripe = require("\\x73tripe")(process.env.STRIPE_SECRET_KEY);
export default defineComponent({ async run() { return 1; } });
""",
    "broken.mjs": """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);
export default defineComponent({ async run() { if ( { } });
""",
    "none.mjs": """import axios from "axios";
export default defineComponent({ async run() { return axios.get("https://acme.dev"); } });
""",
}


def test_early_exit_changes_no_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_demo(tmp_path / "demo")
    for name, text in EXIT_EDGES.items():
        (tmp_path / "edges").mkdir(exist_ok=True)
        (tmp_path / "edges" / name).write_text(text, encoding="utf-8")
    with_exit = scan([tmp_path], ScanOptions(select=["SG701"]))
    calls: list[int] = []

    def off(*a, **k) -> bool:
        calls.append(1)
        return False

    monkeypatch.setattr(sdks, "_js_no_sdk", off)
    without = scan([tmp_path], ScanOptions(select=["SG701"]))
    assert calls, "the switch did not reach the exit"
    edges = {f.path.rsplit("/", 1)[-1] for f in with_exit.findings if f.path.startswith("edges")}
    assert edges == {
        "namespace.mjs",
        "dynamic.mjs",
        "require_call.cjs",
        "escaped.mjs",
        "broken.mjs",
    }
    assert [(f.path, f.line, f.message, f.extra) for f in with_exit.findings] == [
        (f.path, f.line, f.message, f.extra) for f in without.findings
    ]
