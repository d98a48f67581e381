"""Equality comparisons of credentials in JS/TS code (`StepFacts.compares`): the operands.

`sig === expected` where either side holds a credential (a non-constant-time check, SG302), and
`token !== "hard-coded"` where the request's credential is compared with a literal that looks
like one (SG304). Each operand is classified: trivial (`null`, a number, `.length`, `typeof`…),
a literal, request-derived ("req"), a credential ("cred": derived from one, or named like one)
or other. What holds a credential is the caller's taint (`is_request_credential`,
`is_credential`); names, member paths and callees come from the shared model.
"""

from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from checks.auth.compares import Operand, OperandKind, compare_fact
from checks.auth.facts import Compare
from checks.parsing.code import Code
from checks.parsing.component import js_component
from checks.parsing.js import string_value, text, walk
from checks.parsing.jspaths import js_paths
from checks.parsing.vocabulary import is_secretish_name, looks_like_credential_literal
from checks.redact import redact

EQ_OPS = frozenset({"===", "!==", "==", "!="})
_TRIVIAL_TYPES = frozenset({"null", "undefined", "true", "false", "number", "regex"})
_TRIVIAL_PROPERTIES = frozenset({"length", "size", "byteLength", "type", "status"})
_LONG_LITERAL = 8  # shorter literals are not redacted in the evidence
_EVIDENCE_CHARS = 80


def js_compares(
    code: Code,
    binaries: list[Node],
    is_request_credential: Callable[[Node], bool],
    is_credential: Callable[[Node], bool],
    may_hold_credential: Callable[[Node], bool] | None = None,
) -> list[Compare]:
    """The credential comparisons among `binaries` (the step's binary expressions); the
    decision is the language-neutral `compare_fact`. `may_hold_credential`: a cheap test that
    is false only for a comparison neither side of which can be a credential (skipped)."""
    out: list[Compare] = []
    find = code.data.find
    for b in binaries:
        if find(b"=", b.start_byte, b.end_byte) < 0:
            continue  # every operator of EQ_OPS has one
        op = text(b.child_by_field_name("operator"))
        if op not in EQ_OPS:
            continue
        if may_hold_credential is not None and not may_hold_credential(b):
            continue
        left, right = b.child_by_field_name("left"), b.child_by_field_name("right")
        if left is None or right is None:
            continue
        lk, lv = _operand(code, left, is_request_credential, is_credential)
        rk, rv = _operand(code, right, is_request_credential, is_credential)
        fact = compare_fact(
            b.start_byte,
            b.end_byte,
            op,
            Operand(lk, left, lv),
            Operand(rk, right, rv),
            span=_span,
            evidence=lambda n: evidence(code, n),
        )
        if fact is not None:
            out.append(fact)
    return out


def _span(node: Node) -> tuple[int, int]:
    return node.start_byte, node.end_byte


def _operand(
    code: Code,
    node: Node,
    is_request_credential: Callable[[Node], bool],
    is_credential: Callable[[Node], bool],
) -> tuple[OperandKind, str | None]:
    """The operand's kind, and a literal's value."""
    while node.type == "parenthesized_expression" and node.named_child_count:
        node = node.named_children[0]
    t = node.type
    if t in _TRIVIAL_TYPES or t == "unary_expression":
        return "trivial", None
    if t == "identifier" and text(node) in ("undefined", "NaN"):
        return "trivial", None
    if t in ("string", "template_string"):
        value = string_value(node)
        if value is not None:
            return "literal", value
    if t == "member_expression":
        prop = node.child_by_field_name("property")
        if prop is not None and text(prop) in _TRIVIAL_PROPERTIES:
            return "trivial", None
    if is_request_credential(node):
        return "req", None
    if is_credential(node):
        return "cred", None
    if t == "identifier" and is_secretish_name(text(node)):
        return "cred", None
    if t in ("member_expression", "subscript_expression"):
        comp = js_component(code)
        path, _ = js_paths(code, comp.event_param).resolve(node)
        last = path.split(".")[-1] if path else text(node.child_by_field_name("property") or node)
        if is_secretish_name(last):
            return "cred", None
    if t == "call_expression":
        last = js_component(code).callee(node).rsplit(".", 1)[-1]
        if last.startswith(("get", "_get")) and is_secretish_name(
            last[3:] if last.startswith("get") else last[4:]
        ):
            return "cred", None
    return "other", None


def evidence(code: Code, node: Node) -> str:
    """Source text of an operand, long credential-like string literals redacted, cut to 80
    characters."""
    out = code.data[node.start_byte : node.end_byte]
    spans: list[tuple[int, int, str]] = []
    for n in walk(node):
        if n.type == "string_fragment":
            value = text(n)
            if len(value) >= _LONG_LITERAL and looks_like_credential_literal(value):
                start = n.start_byte - node.start_byte
                spans.append((start, n.end_byte - node.start_byte, redact(value)))
    for s, e, r in sorted(spans, reverse=True):
        out = out[:s] + r.encode() + out[e:]
    result = " ".join(out.decode("utf-8", "replace").split())
    if len(result) <= _EVIDENCE_CHARS:
        return result
    return result[: _EVIDENCE_CHARS - 3] + "..."
