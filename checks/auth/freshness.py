"""Whether JS/TS code checks a delivery's age (`StepFacts.freshness_check`, the replay window).

A clock read (`Date.now()`, `new Date().getTime()`, … `JS_TIME_CALLS`) kept in a variable or
used in a comparison or arithmetic, or `new Date(…)` inside a comparison or arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable

from tree_sitter import Node

from checks.parsing.code import Code
from checks.parsing.js import text
from checks.parsing.vocabulary import JS_TIME_CALLS

_COMPARE_OR_ARITH = frozenset({"<", ">", "<=", ">=", "-", "+", "===", "!==", "==", "!="})
_ARITH = _COMPARE_OR_ARITH | {"/", "*"}
_PARENTS = 6  # enclosing nodes looked at between a clock read and its statement


def js_checks_freshness(
    code: Code, calls: Iterable[tuple[Node, str]], binaries: list[Node]
) -> bool:
    """`calls`: (call, callee name) of the step; `binaries`: its binary expressions."""
    if any(name in JS_TIME_CALLS and _in_arith(call) for call, name in calls):
        return True
    if b"new Date" not in code.data:
        return False
    return any(
        text(b.child_by_field_name("operator")) in _COMPARE_OR_ARITH
        and b"new Date" in code.data[b.start_byte : b.end_byte]
        for b in binaries
    )


def _in_arith(call: Node) -> bool:
    cur = call.parent
    for _ in range(_PARENTS):
        if cur is None:
            return False
        if cur.type == "binary_expression" and text(cur.child_by_field_name("operator")) in _ARITH:
            return True
        if cur.type in ("expression_statement", "lexical_declaration", "statement_block"):
            return False
        if cur.type == "variable_declarator":
            return True  # `const now = Date.now()` — the value is kept to compare with
        cur = cur.parent
    return False
