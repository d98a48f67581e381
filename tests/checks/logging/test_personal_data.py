"""SG605: personal data from the trigger event written to the logs (precision first)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.model import Severity
from checks.pii import PersonalData, personal_kind
from tests.checks.transport.util import scan_source

NODE = """
export default defineComponent({{
  async run({{ steps, $ }}) {{
{body}
  }},
}});
"""

SOURCE = """
export default {{
  type: "source",
  props: {{ http: "$.interface.http" }},
  async run(event) {{
{body}
  }},
}};
"""

PY = """
import logging
logger = logging.getLogger(__name__)

def handler(pd: "pipedream"):
{body}
"""


def sg605(tmp_path: Path, template: str, body: str, lang: str = "node"):
    return scan_source(tmp_path, template.format(body=body), lang, "SG605")


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ("    console.log(steps.trigger.event.body.email);", "body.email"),
        ("    console.log(`New signup: ${steps.trigger.event.body.email}`);", "body.email"),
        (
            "    const { customer } = steps.trigger.event.body;\n    console.log(customer.phone);",
            "body.customer.phone",
        ),
        ("    const e = steps.trigger.event;\n    console.info('from', e.from);", "from"),
        ("    console.log({ who: steps.trigger.event.body.first_name });", "body.first_name"),
        (
            "    console.log('ship to ' + steps.trigger.event.body.shipping.street);",
            "body.shipping.street",
        ),
    ],
    ids=["email", "template", "destructured", "email-trigger-from", "object", "concat"],
)
def test_personal_data_logged_in_a_workflow_step(tmp_path: Path, body: str, path: str) -> None:
    found = sg605(tmp_path, NODE, body)
    assert [(f.rule, f.severity) for f in found] == [("SG605", Severity.LOW)]
    assert found[0].extra["source"] == f"trigger event {path}"


def test_source_logs_personal_data(tmp_path: Path) -> None:
    found = sg605(tmp_path, SOURCE, "    console.log(event.body.customer_email);")
    assert [f.extra["source"] for f in found] == ["trigger event body.customer_email"]


def test_python_print_and_logger(tmp_path: Path) -> None:
    body = (
        '    email = pd.steps["trigger"]["event"]["body"]["email"]\n'
        '    print(f"signup {email}")\n'
        '    logger.info("phone %s", pd.steps["trigger"]["event"]["body"]["phone_number"])'
    )
    found = sg605(tmp_path, PY, body, "python")
    assert sorted(f.extra["source"] for f in found) == [
        "trigger event body.email",
        "trigger event body.phone_number",
    ]


@pytest.mark.parametrize(
    "body",
    [
        # not personal data, or not from the trigger event, or not logged
        "    console.log(steps.trigger.event.body.order_id);",
        # a product's name as often as a person's
        "    console.log(steps.trigger.event.body.name);",
        "    console.log(steps.trigger.event.body.ip_address);",
        "    console.log(steps.trigger.event.body.email_template);",
        "    console.log(process.env.ADMIN_EMAIL);",
        "    const email = 'ops@example.com';\n    console.log(email);",
        "    await $.send.email({ subject: 'x', text: steps.trigger.event.body.email });",
        "    console.log(steps.trigger.event.headers['x-forwarded-for']);",
    ],
    ids=[
        "id",
        "bare-name",
        "ip-address",
        "template-name",
        "env",
        "literal",
        "not-logged",
        "header",
    ],
)
def test_near_misses_are_not_reported(tmp_path: Path, body: str) -> None:
    assert sg605(tmp_path, NODE, body) == []


@pytest.mark.parametrize(
    ("field", "kind"),
    [
        ("email", PersonalData.EMAIL),
        ("customerEmail", PersonalData.EMAIL),
        ("phone", PersonalData.PHONE),
        ("mobile_number", PersonalData.PHONE),
        ("lastName", PersonalData.NAME),
        ("customer_name", PersonalData.NAME),
        ("postal_code", PersonalData.ADDRESS),
        ("billing_address", PersonalData.ADDRESS),
        ("name", None),
        ("file_name", None),
        ("ip_address", None),
        ("status", None),
    ],
)
def test_field_vocabulary(field: str, kind: PersonalData | None) -> None:
    assert personal_kind(field) is kind
