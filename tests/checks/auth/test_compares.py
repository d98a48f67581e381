"""Credential comparisons in JS: operand kinds and redacted evidence."""

from __future__ import annotations

import pytest

from checks.auth.compares_js import evidence
from checks.auth.js import analyse_js
from checks.model import Language
from checks.parsing import parse_code
from checks.parsing.jsindex import nodes_of

STEP = """export default defineComponent({
  async run({ steps, $ }) {
    const token = steps.trigger.event.headers["x-api-token"];
    if (%s) { return $.flow.exit("no"); }
  },
});
"""
LITERAL = "k" + "9" * 23  # built at test time: looks like a credential, is none


@pytest.mark.parametrize(
    ("cond", "expected"),
    [
        (f'token !== "{LITERAL}"', (True, LITERAL)),  # request credential vs a literal
        ("token !== process.env.API_TOKEN", (True, None)),
        ("this.secret === this.other", (False, None)),  # named like a credential
        ("token.length !== 24", None),  # trivial
        ('token === "x"', None),  # a literal that looks like no credential
        ("user === other", None),
    ],
)
def test_compares(cond: str, expected: tuple[bool, str | None] | None) -> None:
    facts = analyse_js(parse_code(STEP % cond, Language.NODE))
    got = [(c.request_derived, c.literal) for c in facts.compares]
    assert got == ([expected] if expected else [])
    assert all(LITERAL not in c.evidence for c in facts.compares)


def test_evidence_redacts_long_literals_and_cuts() -> None:
    code = parse_code(f'f("{LITERAL}", {"a" * 100})', Language.NODE)
    call = nodes_of(code, "call_expression")[0]
    ev = evidence(code, call)
    assert LITERAL not in ev and ev.startswith('f("') and ev.endswith("...") and len(ev) == 80
