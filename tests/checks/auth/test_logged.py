"""Credentials a JS logging call prints, as the auth facts record them."""

from __future__ import annotations

import pytest

from checks.auth.js import analyse_js
from checks.auth.logged import js_logged_credential
from checks.model import Language
from checks.parsing import parse_code
from checks.parsing.jsindex import nodes_of

STEP = """export default defineComponent({
  async run({ steps, $ }) {
    const sig = steps.trigger.event.headers["x-hub-signature"];
    const user = steps.trigger.event.body.user;
    %s
  },
});
"""


@pytest.mark.parametrize(
    ("line", "logged"),
    [
        (
            'console.log(steps.trigger.event.headers["x-hub-signature"]);',
            ("x-hub-signature", "signature"),
        ),
        ("console.log(sig);", ("sig", "signature")),
        ("const h = sig;\n    console.log(h);", ("h", "secret")),  # derived from the header read
        ("console.log(this.apiKey);", ("apiKey", "secret")),
        ('$.export("sig", user);', None),  # the export's name is not what is logged
        ("console.log(user.name);", None),
    ],
)
def test_logged_credential(line: str, logged: tuple[str, str] | None) -> None:
    facts = analyse_js(parse_code(STEP % line, Language.NODE))
    got = [(log.what, log.kind) for log in facts.logs]
    assert got == ([logged] if logged else [])


def test_nothing_to_report_without_credentials() -> None:
    code = parse_code('console.log(steps.trigger.event.headers["x-sig"]);', Language.NODE)
    call = nodes_of(code, "call_expression")[0]
    assert js_logged_credential(code, call, "console.log", set(), set()) is None
