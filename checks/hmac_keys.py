"""HMAC keys written to a step's logs (part of SG601).

A value handed to `crypto.createHmac(alg, key)` as its key is a secret by use, whatever its name
or origin: a signing secret read from `this.db`, a helper or an app method
(`const { secret } = this._getHook()`). The data-flow analysis (`checks.dataflow`) follows
secrets it can name from their source (literals, secret env vars, $auth); this finds keys
logged by the function that uses them, when the key comes from somewhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from checks.dataflow.js import CONSOLE_METHODS
from checks.parsing.code import Code
from checks.parsing.js import call_arguments, call_name, text
from checks.parsing.jsindex import of_type
from checks.parsing.jsscope import js_scope
from checks.parsing.values import OriginKind

_FUNCTIONS = ("arrow_function", "function_expression", "function_declaration", "method_definition")
# origins the data-flow analysis already reports as secrets (SG601 from checks.dataflow)
_DATAFLOW_KINDS = frozenset({OriginKind.ENV, OriginKind.ACCOUNT, OriginKind.LITERAL})


@dataclass(frozen=True)
class KeyLog:
    start: int  # the logged key
    end: int
    name: str
    sink: str


def _function(node: Node) -> Node | None:
    cur = node.parent
    while cur is not None and cur.type not in _FUNCTIONS:
        cur = cur.parent
    return cur


def hmac_keys_logged(code: Code) -> list[KeyLog]:
    """Names used as an HMAC key and given to `console.*` in the same function."""
    if not code.language.is_js or b"createHmac" not in code.data or b"console" not in code.data:
        return []
    scope = js_scope(code)
    keys: dict[tuple[int, str], Node] = {}  # (function start, name) → the key argument
    for node in of_type(code, "call_expression"):
        if (call_name(node) or "").split(".")[-1] != "createHmac":
            continue
        args = call_arguments(node)
        if len(args) < 2 or args[1].type != "identifier":
            continue
        if any(o.kind in _DATAFLOW_KINDS for o in scope.origins(args[1])):
            continue
        fn = _function(node)
        keys[(fn.start_byte if fn is not None else -1, text(args[1]))] = args[1]
    if not keys:
        return []
    out: list[KeyLog] = []
    for node in of_type(code, "call_expression"):
        name = call_name(node) or ""
        if not (name.startswith("console.") and name.split(".", 1)[1] in CONSOLE_METHODS):
            continue
        fn = _function(node)
        where = fn.start_byte if fn is not None else -1
        for arg in call_arguments(node):
            if arg.type == "identifier" and (where, text(arg)) in keys:
                out.append(KeyLog(arg.start_byte, arg.end_byte, text(arg), name))
    return out
