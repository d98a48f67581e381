"""`timingSafeEqual` length safety: digests of one algorithm, helpers resolved by the model."""

from __future__ import annotations

import pytest
from tree_sitter import Node

from checks.auth.safelength import digest_algorithm, length_checked
from checks.model import Language
from checks.parsing import Code, parse_code
from checks.parsing.jsindex import nodes_of

STEP = """import crypto from "crypto";
function digest(x) {
  return crypto.createHash("md5").update(x).digest();
}
export default defineComponent({
  methods: {
    sign(x) { return crypto.createHmac("sha1", process.env.KEY).update(x).digest(); },
  },
  async run({ steps }) {
    const given = steps.trigger.event.headers["x-key"];
    const digest = (t) => crypto.createHash("sha256").update(String(t)).digest();
    %s
  },
});
"""


def _call(body: str, callee: str) -> tuple[Code, Node]:
    code = parse_code(STEP % body, Language.NODE)
    calls = [c for c in nodes_of(code, "call_expression") if code.js_node_text(c) == callee]
    assert len(calls) == 1, calls
    return code, calls[0]


@pytest.mark.parametrize(
    ("expr", "alg"),
    [
        ('crypto.createHmac("sha512", k).update(b).digest()', "sha512"),
        ('crypto.createHmac("sha512", k).update(b).digest("hex")', None),  # a string, any length
        ("digest(given)", "sha256"),  # the `const digest` of `run`, not the top-level function
        ("sign(given)", "sha1"),  # no lexical binding: the file's function of that name
        ("Buffer.from(given)", None),
    ],
)
def test_digest_algorithm(expr: str, alg: str | None) -> None:
    code, call = _call(f"const v = {expr};", expr)
    assert digest_algorithm(code, call) == alg


@pytest.mark.parametrize(
    ("body", "checked"),
    [
        ("crypto.timingSafeEqual(digest(given), digest(process.env.KEY));", True),
        ("crypto.timingSafeEqual(Buffer.from(given), digest(process.env.KEY));", False),
        (
            "if (given.length !== 32) return;\n"
            "crypto.timingSafeEqual(Buffer.from(given), digest(process.env.KEY));",
            True,
        ),
        ("try { crypto.timingSafeEqual(Buffer.from(given), Buffer.from(k)); } catch (e) {}", True),
    ],
)
def test_length_checked(body: str, checked: bool) -> None:
    code = parse_code(STEP % body, Language.NODE)
    call = next(
        c
        for c in nodes_of(code, "call_expression")
        if code.js_node_text(c).startswith("crypto.timingSafeEqual")
    )
    binaries = nodes_of(code, "binary_expression")
    assert length_checked(code, call, binaries) is checked
