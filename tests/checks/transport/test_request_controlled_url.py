"""SG204: requests sent to a URL the incoming request chose (Node and Python)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.model import Severity
from tests.checks.transport.util import scan_source

NODE = """
import axios from "axios";
export default defineComponent({{
  async run({{ steps, $ }}) {{
{body}
  }},
}});
"""

SOURCE = """
import app from "../../acme.app.mjs";
export default {{
  type: "source",
  props: {{ app, http: "$.interface.http" }},
  async run(event) {{
{body}
  }},
}};
"""

PY = """
import requests

def handler(pd: "pipedream"):
{body}
"""


def sg204(tmp_path: Path, template: str, body: str, lang: str = "node"):
    return scan_source(tmp_path, template.format(body=body), lang, "SG204")


@pytest.mark.parametrize(
    ("body", "part"),
    [
        ("    await axios.post(steps.trigger.event.body.callback_url, { ok: true });", "body"),
        (
            "    const externalUrl = steps.trigger.event.inArguments[0].endpoint;\n"
            "    const { data } = await axios({ url: externalUrl, method: 'POST' });",
            "inArguments",
        ),
        ("    await fetch(`${steps.trigger.event.query.next}/page`);", "query.next"),
        ("    const u = steps.trigger.event.headers['x-resource-uri'];\n    await fetch(u);", "x-"),
    ],
    ids=["body", "indexed-path", "template-lead", "header"],
)
def test_workflow_step_request_to_caller_url(tmp_path: Path, body: str, part: str) -> None:
    found = sg204(tmp_path, NODE, body)
    assert [f.rule for f in found] == ["SG204"]
    assert part in found[0].extra["url_from"] and found[0].severity is Severity.MEDIUM


@pytest.mark.parametrize(
    "body",
    [
        "    await fetch(`https://${steps.trigger.event.body.host}/api/ping`);",
        "    await axios.get('https://' + steps.trigger.event.query.host + '/api/ping');",
    ],
    ids=["template", "concat"],
)
def test_caller_chosen_host_after_a_fixed_scheme(tmp_path: Path, body: str) -> None:
    found = sg204(tmp_path, NODE, body)
    assert [f.rule for f in found] == ["SG204"] and "host" in found[0].extra["url_from"]


def test_source_confirms_sns_subscribe_url(tmp_path: Path) -> None:
    body = (
        "    const { body } = event;\n"
        "    if (body.Type === 'SubscriptionConfirmation') { await fetch(body.SubscribeURL); }"
    )
    found = sg204(tmp_path, SOURCE, body)
    assert [f.extra["url_from"] for f in found] == ["body.SubscribeURL"]


def test_credentials_sent_to_caller_url_is_high(tmp_path: Path) -> None:
    body = (
        "    await axios.get(steps.trigger.event.body.resource, {\n"
        "      headers: { Authorization: `Bearer ${this.app.$auth.oauth_access_token}` },\n"
        "    });"
    )
    found = sg204(tmp_path, NODE, body)
    assert [f.severity for f in found] == [Severity.HIGH]
    assert "credentials" in found[0].message


def test_python_requests_to_caller_url(tmp_path: Path) -> None:
    body = (
        '    url = pd.steps["trigger"]["event"]["body"]["callback"]\n'
        '    requests.post(url, headers={"Authorization": "Bearer " + pd.inputs["app"]["$auth"]'
        '["oauth_access_token"]})'
    )
    found = sg204(tmp_path, PY, body, "python")
    assert [(f.rule, f.severity) for f in found] == [("SG204", Severity.HIGH)]
    assert found[0].extra["url_from"] == "body.callback"


@pytest.mark.parametrize(
    "body",
    [
        # the host is fixed; the request only picks a path
        "    await axios.get(`https://api.acme.io/orders/${steps.trigger.event.body.id}`);",
        "    await axios.get('https://api.acme.io/orders/' + steps.trigger.event.body.id);",
        # the destination comes from a prop, an env var or the code
        "    await axios.post(this.webhookUrl, steps.trigger.event.body);",
        "    await axios.post(process.env.FORWARD_URL, steps.trigger.event.body);",
        "    const u = 'https://hooks.acme.io/in';\n    await fetch(u, { method: 'POST' });",
    ],
    ids=["template-path", "concat-path", "prop", "env", "literal"],
)
def test_destinations_the_caller_does_not_choose(tmp_path: Path, body: str) -> None:
    assert sg204(tmp_path, NODE, body) == []


def test_python_fixed_host_is_not_flagged(tmp_path: Path) -> None:
    body = "    requests.get(f\"https://api.acme.io/{pd.steps['trigger']['event']['body']['id']}\")"
    assert sg204(tmp_path, PY, body, "python") == []
