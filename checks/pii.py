"""Personal data from the trigger event written to a step's logs (SG605's analysis).

Precision first: only a read of the trigger event (`steps.trigger.event.body.email`, a source's
`event.body.customer.phone`, `pd.steps["trigger"]["event"]["from"]`) whose last field names a
kind of personal data — an e-mail address, a phone number, a person's name, a postal address —
given directly to a log call (`console.*`, `print`, `logger.*`/`logging.*`), inside a template
string, a `+` concatenation or an object literal. Request paths come from the model
(`checks.parsing.jspaths`, `checks.parsing.pypaths`), so names bound to such a read count too
(`const { email } = steps.trigger.event.body; console.log(email)`).
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from checks.dataflow.js import CONSOLE_METHODS
from checks.parsing.code import Code
from checks.parsing.js import call_arguments, call_name, callee_may_start
from checks.parsing.jsindex import of_type
from checks.parsing.jspaths import js_paths
from checks.parsing.pypaths import PyPaths, py_paths
from checks.parsing.pyscope import attribute_chain
from checks.parsing.vocabulary import words
from checks.transport.request_urls import run_event_param


class PersonalData(enum.StrEnum):
    EMAIL = "e-mail address"
    PHONE = "phone number"
    NAME = "name"
    ADDRESS = "postal address"


_PY_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical"})
_NAME_QUALIFIERS = frozenset(
    {"first", "last", "full", "given", "family", "sur", "surname", "customer", "user", "display"}
)
_ADDRESS_WORDS = frozenset({"street", "postal", "postcode", "zip", "zipcode", "city", "address"})
# `ip_address`, `mac_address`, `wallet_address`, `email_address` (an e-mail, handled above)
_NOT_POSTAL = frozenset({"ip", "mac", "wallet", "contract", "url", "web", "host", "server"})
_NOT_PERSONAL = frozenset(
    {"file", "app", "event", "type", "template", "domain", "host", "bucket", "product", "company"}
)


def personal_kind(field: str) -> PersonalData | None:
    """The kind of personal data a field name holds (`email`, `customer_phone`, `firstName`)."""
    ws = words(field)
    if not ws or _NOT_PERSONAL & set(ws):
        return None
    wset = set(ws)
    if "email" in wset or ("e" in wset and "mail" in wset) or field.lower() in ("from", "to"):
        return PersonalData.EMAIL
    if wset & {"phone", "mobile", "telephone", "msisdn"} or ws[-1] == "tel":
        return PersonalData.PHONE
    if wset & _ADDRESS_WORDS and not wset & _NOT_POSTAL:
        return PersonalData.ADDRESS
    if ws[-1] in ("name", "surname", "lastname", "firstname", "fullname") and (
        len(ws) > 1 and (wset & _NAME_QUALIFIERS or ws[-1] != "name")
    ):
        return PersonalData.NAME
    if ws[-1] in ("surname", "firstname", "lastname", "fullname"):
        return PersonalData.NAME
    return None


@dataclass(frozen=True)
class PiiLog:
    start: int  # the logged expression
    end: int
    kind: PersonalData
    path: str  # the event path read (`body.email`)
    sink: str  # `console.log`, `print`, `logger.info`


def personal_data_logged(code: Code) -> list[PiiLog]:
    return code.memo(personal_data_logged, lambda: list(_find(code)))


def _find(code: Code) -> Iterator[PiiLog]:
    if code.language.is_js and code.js_tree is not None:
        yield from _js(code)
    elif code.py_tree is not None:
        yield from _py(code)


def _hit(path: str | None, certain: bool) -> tuple[PersonalData, str] | None:
    if not certain or path is None or not path.startswith("EVENT."):
        return None
    rest = path.removeprefix("EVENT.")
    parts = rest.split(".")
    if parts[0] in ("headers", "query") and not (
        parts[0] == "headers" and len(parts) > 1 and parts[1] in ("from", "to")
    ):
        return None  # request metadata; SG602 owns credentials in headers and the query
    last = next((p for p in reversed(parts) if p not in ("*", "[]", "value", "address")), None)
    if last is None:
        return None
    if parts[-1] == "address" and len(parts) > 1:
        last = parts[-2] + "_address" if parts[-2] not in ("*", "[]") else "address"
    kind = personal_kind(last)
    return (kind, rest) if kind is not None else None


# -- JavaScript ---------------------------------------------------------------------------------


def _js(code: Code) -> Iterator[PiiLog]:
    paths = js_paths(code, run_event_param(code))
    if b"console" not in code.data:
        return
    data = code.data
    for node in of_type(code, "call_expression"):
        if not callee_may_start(node, data, (b"console",)):
            continue  # not `console.…`
        name = call_name(node) or ""
        head, _, method = name.partition(".")
        if head != "console" or method not in CONSOLE_METHODS:
            continue
        seen: set[str] = set()
        for arg in call_arguments(node):
            for expr in _js_parts(arg):
                hit = _hit(*paths.resolve(expr))
                if hit is not None and hit[1] not in seen:
                    seen.add(hit[1])
                    yield PiiLog(expr.start_byte, expr.end_byte, hit[0], hit[1], name)


def _js_parts(node: Node) -> Iterator[Node]:
    """The expressions a logged argument prints: itself, template parts, `+` operands, object
    literal values."""
    stack = [node]
    while stack:
        cur = stack.pop()
        t = cur.type
        if t == "template_string":
            for child in cur.named_children:
                if child.type == "template_substitution" and child.named_child_count:
                    stack.append(child.named_children[0])
        elif t == "binary_expression":
            stack.extend(
                c
                for c in (cur.child_by_field_name("left"), cur.child_by_field_name("right"))
                if c is not None
            )
        elif t == "object":
            for pair in cur.named_children:
                if pair.type == "pair":
                    value = pair.child_by_field_name("value")
                    if value is not None:
                        stack.append(value)
                elif pair.type == "shorthand_property_identifier":
                    yield pair
        elif t == "parenthesized_expression" and cur.named_child_count:
            stack.append(cur.named_children[0])
        elif t in ("member_expression", "subscript_expression", "identifier"):
            yield cur


# -- Python -------------------------------------------------------------------------------------


def _py(code: Code) -> Iterator[PiiLog]:
    paths = py_paths(code)
    for node in code.py_nodes:
        if not isinstance(node, ast.Call):
            continue
        sink = _py_sink(node)
        if sink is None:
            continue
        seen: set[str] = set()
        values = [*node.args, *(k.value for k in node.keywords if k.arg not in ("file", "sep"))]
        for arg in values:
            for expr in _py_parts(arg):
                hit = _hit(paths.resolve(expr), True) if _py_event_rooted(expr, paths) else None
                if hit is not None and hit[1] not in seen:
                    seen.add(hit[1])
                    start, end = code.py_node_offsets(expr)
                    yield PiiLog(start, end, hit[0], hit[1], sink)


def _py_sink(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name) and call.func.id == "print":
        return "print"
    if isinstance(call.func, ast.Attribute) and call.func.attr in _PY_LOG_METHODS:
        receiver = attribute_chain(call.func.value).rsplit(".", 1)[-1].lower()
        if "log" in receiver:
            return f"{attribute_chain(call.func.value)}.{call.func.attr}"
    return None


def _py_event_rooted(expr: ast.expr, paths: PyPaths) -> bool:
    """`pd.steps["trigger"]["event"][…]` or a name bound to it (not the bare legacy `event`)."""
    path = paths.resolve(expr)
    return path is not None and path.startswith("EVENT.")


def _py_parts(node: ast.expr) -> Iterator[ast.expr]:
    stack: list[ast.expr] = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, ast.JoinedStr):
            stack.extend(v.value for v in cur.values if isinstance(v, ast.FormattedValue))
        elif isinstance(cur, ast.BinOp):
            stack.extend((cur.left, cur.right))
        elif isinstance(cur, ast.Dict):
            stack.extend(v for v in cur.values if v is not None)
        elif (
            isinstance(cur, ast.Call)
            and isinstance(cur.func, ast.Attribute)
            and cur.func.attr == "format"
        ):
            stack.extend(cur.args)
        elif isinstance(cur, ast.Name | ast.Attribute | ast.Subscript | ast.Call):
            yield cur
