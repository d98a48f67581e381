"""SG701: suggest a connected account, with the rewritten step as a snippet."""

from pathlib import Path

from checks.model import Severity
from checks.redact import redact
from tests.checks.transport.util import scan_source


def sg701(tmp_path: Path, source: str, lang: str):
    return scan_source(tmp_path, source, lang, "SG701")


NODE_STRIPE = """
import axios from "axios";

export default defineComponent({
  async run({ steps, $ }) {
    const key = process.env.STRIPE_SECRET_KEY;
    const { data } = await axios.get("https://api.stripe.com/v1/customers", {
      headers: { Authorization: `Bearer ${key}` },
    });
    return data;
  },
});
"""

NODE_STRIPE_SNIPPET = """\
export default defineComponent({
  props: {
    stripe: {
      type: "app",
      app: "stripe",
    },
  },
  async run({ steps, $ }) {
    // …
    const key = this.stripe.$auth.api_key;
    // …
  },
});
"""


def test_node_env_var(tmp_path: Path) -> None:
    [f] = sg701(tmp_path, NODE_STRIPE, "node")
    assert f.severity is Severity.LOW
    assert f.line == 6
    assert f.fix is not None and f.fix.kind == "connect-account"
    assert f.extra["app"] == "stripe"
    assert f.extra["auth_expression"] == "this.stripe.$auth.api_key"
    assert f.extra["env_vars"] == ["STRIPE_SECRET_KEY"]
    assert f.extra["snippet"] == NODE_STRIPE_SNIPPET
    assert "process.env.STRIPE_SECRET_KEY" in f.message


def test_node_literal_token_is_redacted_everywhere(tmp_path: Path) -> None:
    token = "xoxb-1234567890-abcdefghijklmnop"
    other = "sk_test_51HqZa8Bc9Xy7Wv6Ut5Sr4"
    source = f"""
    export default defineComponent({{
      async run({{ steps, $ }}) {{
        return await fetch("https://slack.com/api/chat.postMessage", {{
          method: "POST",
          headers: {{ Authorization: "Bearer {token}", "X-Other": "{other}" }},
          body: JSON.stringify({{ channel: "C123", text: "hi" }}),
        }});
      }},
    }});
    """
    [f] = sg701(tmp_path, source, "node")
    assert f.extra["app"] == "slack_bot"  # an xoxb- token is a bot token
    snippet = f.extra["snippet"]
    assert "Authorization: `Bearer ${this.slack_bot.$auth.bot_token}`" in snippet
    everything = f.message + f.evidence + repr(f.extra)
    assert token not in everything, "token leaked"
    assert other not in everything, "other secret on the line leaked"
    assert redact(token.split(" ")[-1]) in f.message
    assert redact(other) in snippet


def test_python_env_var(tmp_path: Path) -> None:
    source = """
    import os
    import requests


    def handler(pd: "pipedream"):
        headers = {"Authorization": f"Bearer {os.environ['OPENAI_API_KEY']}"}
        r = requests.post("https://api.openai.com/v1/chat/completions", headers=headers, json={})
        return r.json()
    """
    [f] = sg701(tmp_path, source, "python")
    assert f.line == 7
    assert f.extra["auth_expression"] == 'pd.inputs["openai"]["$auth"]["api_key"]'
    assert f.extra["snippet"] == (
        "# In the workflow builder, add the OpenAI app to this step and connect an\n"
        '# account; its credentials are then in pd.inputs["openai"]["$auth"].\n'
        'def handler(pd: "pipedream"):\n'
        "    # …\n"
        "    headers = {\"Authorization\": f\"Bearer {pd.inputs['openai']['$auth']['api_key']}\"}\n"
        "    # …\n"
    )


def test_token_in_the_url_path(tmp_path: Path) -> None:
    source = """
    export default defineComponent({
      async run({ steps, $ }) {
        const url = `https://api.telegram.org/bot${process.env.TELEGRAM_BOT_TOKEN}/sendMessage`;
        return fetch(url, { method: "POST" });
      },
    });
    """
    [f] = sg701(tmp_path, source, "node")
    assert f.extra["app"] == "telegram_bot_api"
    assert "bot${this.telegram_bot_api.$auth.token}/sendMessage" in f.extra["snippet"]


def test_not_flagged(tmp_path: Path) -> None:
    node = """
    import { axios } from "@pipedream/platform";
    export default defineComponent({
      props: { stripe: { type: "app", app: "stripe" } },
      async run({ steps, $ }) {
        await axios($, {
          url: "https://api.stripe.com/v1/customers",
          headers: { Authorization: `Bearer ${this.stripe.$auth.api_key}` },
        });
        await fetch("https://api.acme.io/v1/x", { headers: { "x-api-key": process.env.ACME_KEY } });
        await fetch("https://api.github.com/zen");
        return fetch(`https://api.openai.com/v1/models?region=${process.env.REGION}`);
      },
    });
    """
    python = """
    import os
    import requests


    def handler(pd: "pipedream"):
        token = pd.inputs["github"]["$auth"]["oauth_access_token"]
        requests.get("https://api.github.com/user", headers={"Authorization": f"Bearer {token}"})
        return requests.get("https://api.acme.io", headers={"X-Key": os.environ["ACME_KEY"]})
    """
    bash = """
    curl -H "Authorization: Bearer $STRIPE_KEY" https://api.stripe.com/v1/charges
    """
    assert sg701(tmp_path, node, "node") == []
    assert sg701(tmp_path, python, "python") == []
    assert sg701(tmp_path, bash, "bash") == []  # Bash steps cannot use connected accounts


def test_tokens_of_other_clients_do_not_leak_through_data(tmp_path: Path) -> None:
    """A literal key given to another SDK is not this request's credential."""
    source = """
    import { LinearClient } from "@linear/sdk";
    import { axios } from "@pipedream/platform";
    const linear = new LinearClient({ apiKey: "lin_api_0123456789abcdefABCDEF" });
    export default defineComponent({
      async run({ steps, $ }) {
        const created = await linear.createIssue({ title: "x" });
        return axios($, {
          method: "POST",
          url: "https://api.github.com/repos/acme/ops/issues/1/comments",
          headers: { Authorization: `Bearer ${process.env.GITHUB_TOKEN}` },
          data: { body: `Tracked in Linear: ${created.issueId}` },
        });
      },
    });
    """
    linear, f = sg701(tmp_path, source, "node")
    assert f.extra["app"] == "github"
    assert f.extra["env_vars"] == ["GITHUB_TOKEN"]
    assert f.extra["literal_token"] is False
    assert "lin_api" not in f.message + repr(f.extra)
    # The SDK client is a finding of its own (test_sdk_clients.py), its key redacted there too.
    assert linear.extra["app"] == "linear_app" and linear.extra["literal_token"] is True
    assert "lin_api_0123456789abcdefABCDEF" not in linear.message + repr(linear.extra)


def test_article_before_the_app_name() -> None:
    from checks.rules.accounts import article

    assert [article(n) for n in ("OpenAI", "Airtable", "Slack", "Uber", "eBay")] == [
        "an",
        "an",
        "a",
        "a",
        "an",
    ]
