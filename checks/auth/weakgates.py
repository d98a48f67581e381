"""Gates any caller can pass: checks that look like authentication but prove nothing.

- the sender's IP address (an allowlist; `StepFacts.gates` with strength "ip");
- an identifier the source stored or was configured with (a channel id, client state, resource
  or subscription id, shop domain, topic), compared with `===`/`!==` against what the request
  carries: it identifies the delivery, it does not authenticate it — anyone who has seen one
  delivery, or the public id, passes;
- a header any client sets (`user-agent`, `origin`, `referer`, `host`, `x-forwarded-for`);
- a predicate that is handed the request headers and decides whether to go on
  (`if (!this.app.checkHeaders(headers, subscription, channelID)) return`) but is no verifier
  (`checks.auth.sources` takes `verifySignature`/`isValidSource`/`constructEvent` as one).

Only asked about code that has no real verification (see `checks.auth.sources`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tree_sitter import Node

from checks.auth.event_roots import event_roots, may_start_at
from checks.auth.facts import StepFacts
from checks.parsing.code import Code
from checks.parsing.js import call_arguments, string_value, text
from checks.parsing.jsindex import by_type
from checks.parsing.jspaths import JsPaths, js_paths
from checks.parsing.vocabulary import words
from checks.rulebase import StepContext

WeakKind = Literal["ip", "identifier", "header", "delegated"]

_EQUALITY = frozenset({"===", "!==", "==", "!="})
# Words that name an identifier of a subscription or a tenant, not a secret.
IDENTIFIER_WORDS = frozenset(
    {
        "state",
        "channel",
        "resource",
        "subscription",
        "domain",
        "shop",
        "topic",
        "project",
        "team",
        "workspace",
        "tenant",
        "account",
        "webhook",
        "hook",
        "id",
    }
)
SPOOFABLE_HEADERS = frozenset(
    {"user-agent", "origin", "referer", "host", "x-forwarded-for", "x-real-ip", "x-forwarded-host"}
)
_CONDITION_PARENTS = frozenset(
    {"parenthesized_expression", "binary_expression", "unary_expression"}
)


@dataclass(frozen=True)
class WeakGate:
    start: int
    end: int
    kind: WeakKind
    what: str  # "the sender's IP address", "clientState", "the user-agent header"


def weak_gates(ctx: StepContext, facts: StepFacts) -> list[WeakGate]:
    """The weak gates in the step, those in run() first (where they are applied)."""
    out = [
        WeakGate(g.start, g.end, "ip", "the sender's IP address")
        for g in facts.gates
        if g.strength == "ip"
    ]
    code = ctx.code
    if code is not None and code.language.is_js and code.js_tree is not None:
        out.extend(_js_gates(code, facts))
    return sorted(out, key=lambda g: (not facts.in_run(g.start), g.start))


def _js_gates(code: Code, facts: StepFacts) -> list[WeakGate]:
    paths = js_paths(code, event_param(code, facts))
    data = code.data
    roots = event_roots(paths, certain=False)

    def may_gate(side: Node) -> bool:
        # A spoofable header is a path of the event; a stored identifier starts at `this`.
        return data.find(b"this", side.start_byte, side.end_byte) >= 0 or may_start_at(
            data, side, roots
        )

    # The index's lists of each type (pre-order is restored below), the cheap tests first.
    index = by_type(code)
    out: list[WeakGate] = []
    for node in index.get("call_expression", ()):
        name = _predicate_on_headers(node, paths)
        if name is not None and _in_condition(node):
            what = f"{name}() on the request headers"
            out.append(WeakGate(node.start_byte, node.end_byte, "delegated", what))
    for node in index.get("binary_expression", ()):
        op = node.child_by_field_name("operator")
        if op is None or text(op) not in _EQUALITY:
            continue
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None or not (may_gate(left) or may_gate(right)):
            continue
        if not _in_condition(node):
            continue
        header = _spoofable(paths.resolve(left)[0]) or _spoofable(paths.resolve(right)[0])
        if header is not None:
            what = f"the {header} header, which any client sets"
            out.append(WeakGate(node.start_byte, node.end_byte, "header", what))
            continue
        name = _identifier_compare(left, right) or _identifier_compare(right, left)
        if name is not None:
            what = f"the identifier {name} compared with {text(op)}"
            out.append(WeakGate(node.start_byte, node.end_byte, "identifier", what))
    # One gate per node, and a call never spans what a comparison does: pre-order.
    out.sort(key=lambda g: (g.start, -g.end))
    return out


def event_param(code: Code, facts: StepFacts) -> str | None:
    """The name `run(event)` gives the request (a source's first parameter)."""
    if facts.run_span is None or code.js_tree is None:
        return None
    fn = code.js_tree.root_node.descendant_for_byte_range(*facts.run_span)
    while fn is not None and fn.child_by_field_name("parameters") is None:
        fn = fn.parent
    params = fn.child_by_field_name("parameters") if fn is not None else None
    first = (
        next((c for c in params.named_children if c.type != "comment"), None) if params else None
    )
    return text(first) if first is not None and first.type == "identifier" else None


_PREDICATE_WORDS = frozenset({"check", "is", "has", "matches", "match"})


def _predicate_on_headers(call: Node, paths: JsPaths) -> str | None:
    """`checkHeaders(headers, …)`: a predicate named check*/is*/has* given the headers."""
    fn = call.child_by_field_name("function")
    prop = fn.child_by_field_name("property") if fn is not None else None
    name = text(prop) if prop is not None else (text(fn) if fn is not None else "")
    ws = words(name)
    if not ws or ws[0] not in _PREDICATE_WORDS:
        return None
    for arg in call_arguments(call):
        path = paths.resolve(arg)[0]
        if path == "EVENT.headers" or (arg.type == "identifier" and text(arg) == "headers"):
            return name
    return None


def _spoofable(path: str | None) -> str | None:
    if not path or not path.startswith("EVENT.headers."):
        return None
    name = path.split(".", 2)[2].lower()
    return name if name in SPOOFABLE_HEADERS else None


def _in_condition(node: Node) -> bool:
    """The comparison decides a branch or a predicate's result (`if`, `return`, `?:`)."""
    cur = node
    while cur.parent is not None and cur.parent.type in _CONDITION_PARENTS:
        cur = cur.parent
    parent = cur.parent
    if parent is None:
        return False
    if parent.type in ("if_statement", "while_statement"):
        return parent.child_by_field_name("condition") == cur
    if parent.type == "ternary_expression":
        return parent.child_by_field_name("condition") == cur
    return parent.type in ("return_statement", "arrow_function")


def _stored(node: Node) -> bool:
    """A value the component keeps or was configured with: `this.db.get(…)`, `this.prop`,
    `this.app.getShopId()`."""
    while node.type in ("call_expression", "member_expression", "subscript_expression"):
        inner = node.child_by_field_name("function") or node.child_by_field_name("object")
        if inner is None:
            return False
        node = inner
    return node.type == "this"


def _identifier_compare(stored: Node, other: Node) -> str | None:
    """`stored === other` where `stored` is the component's own identifier and `other` is not
    a constant: the name of the identifier, else None."""
    if not _stored(stored) or _stored(other) or _constant(other):
        return None
    names = _names(other) + _names(stored)  # the request side names it best
    return next((n for n in names if {w.lower() for w in words(n)} & IDENTIFIER_WORDS), None)


def _constant(node: Node) -> bool:
    return node.type in (
        "string",
        "template_string",
        "number",
        "null",
        "undefined",
        "true",
        "false",
    )


def _names(node: Node) -> list[str]:
    """Identifiers, property names and string arguments in `node`, last (most specific) first."""
    out: list[str] = []
    stack = [node]
    while stack:
        cur = stack.pop()
        if cur.type in ("identifier", "property_identifier", "shorthand_property_identifier"):
            out.append(text(cur))
        elif cur.type == "string":
            value = string_value(cur)
            if value:
                out.append(value)
        stack.extend(cur.named_children)
    return [n for n in out if n not in ("this", "db", "get", "app")]
