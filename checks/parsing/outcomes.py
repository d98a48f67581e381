"""What a block of step code does when it runs: the outcome of a failure branch.

Whether it ends the workflow (`return $.flow.exit()`, `return pd.flow.exit()`), ends it only
after the step (a bare `$.flow.exit()`: "bare-exit"), throws, returns, or does none of these;
the status of a `$.respond`/`pd.respond` in it and whether it says it failed (a 4xx status or
a failure word such as "unauthorized").
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from tree_sitter import Node

from checks.parsing.code import Code
from checks.parsing.component import js_component, walk_no_functions
from checks.parsing.js import call_arguments, text
from checks.parsing.pyscope import call_path
from checks.parsing.pyscope import walk_no_functions as py_walk_no_functions
from checks.parsing.vocabulary import failure_text


@dataclass
class Outcome:
    kind: str = "none"  # exit | throw | bare-exit | return | none
    respond_status: int | None = None
    fail_signals: bool = False
    exit_span: tuple[int, int] | None = None  # the bare `$.flow.exit(…)` call


def js_outcome(code: Code, block: Node) -> Outcome:
    """What a JS block does: end the workflow, throw, return, respond, say it failed."""
    gate = Outcome()
    comp = js_component(code)
    has_exit = has_throw = has_return = False
    bare: Node | None = None
    for n in walk_no_functions(block):
        if n.type == "throw_statement":
            has_throw = True
        elif n.type == "return_statement":
            if b"flow.exit" in code.data[n.start_byte : n.end_byte]:
                has_exit = True
            else:
                has_return = True
        elif n.type == "call_expression":
            name = comp.callee(n)
            if name.endswith("flow.exit") and not _under_return(n, block):
                bare = bare or n
            elif name.endswith("respond"):
                status = _js_respond_status(n)
                if status is not None and gate.respond_status is None:
                    gate.respond_status = status
        elif n.type == "string_fragment" and failure_text(text(n)):
            gate.fail_signals = True
    if gate.respond_status is not None and gate.respond_status >= 400:
        gate.fail_signals = True
    if bare is not None:
        gate.exit_span = (bare.start_byte, bare.end_byte)
    if has_exit or (bare is not None and has_return):
        gate.kind = "exit"
    elif has_throw:
        gate.kind = "throw"
    elif bare is not None:
        gate.kind = "bare-exit"
    elif has_return:
        gate.kind = "return"
    else:
        gate.kind = "none"
    return gate


def py_outcome(code: Code, body: list[ast.stmt]) -> Outcome:
    """What a Python block does: end the workflow, raise, return, respond, say it failed."""
    gate = Outcome()
    has_exit = has_raise = has_return = False
    bare: ast.AST | None = None
    for stmt in body:
        for n in py_walk_no_functions(stmt):
            if isinstance(n, ast.Raise):
                has_raise = True
            elif isinstance(n, ast.Return):
                if n.value is not None and "flow.exit" in (call_path(n.value) or ""):
                    has_exit = True
                else:
                    has_return = True
            elif isinstance(n, ast.Expr) and isinstance(n.value, ast.Call):
                name = call_path(n.value.func) or ""
                if name.endswith("flow.exit"):
                    bare = bare or n.value
            if (
                isinstance(n, ast.Call)
                and (call_path(n.func) or "").endswith("respond")
                and gate.respond_status is None
            ):
                gate.respond_status = _py_respond_status(n)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and failure_text(n.value):
                gate.fail_signals = True
    if gate.respond_status is not None and gate.respond_status >= 400:
        gate.fail_signals = True
    if bare is not None:
        gate.exit_span = code.py_node_offsets(bare)
    if has_exit or (bare is not None and has_return):
        gate.kind = "exit"
    elif has_raise:
        gate.kind = "throw"
    elif bare is not None:
        gate.kind = "bare-exit"
    elif has_return:
        gate.kind = "return"
    else:
        gate.kind = "none"
    return gate


def _under_return(call: Node, stop: Node) -> bool:
    cur = call.parent
    while cur is not None and cur is not stop and cur.id != stop.id:
        if cur.type == "return_statement":
            return True
        if cur.type in ("expression_statement", "statement_block"):
            return False
        cur = cur.parent
    return False


def _js_respond_status(call: Node) -> int | None:
    args = call_arguments(call)
    if not args or args[0].type != "object":
        return None
    for pair in args[0].named_children:
        if pair.type == "pair":
            k, v = pair.child_by_field_name("key"), pair.child_by_field_name("value")
            if (
                k is not None
                and text(k) in ("status", "statusCode")
                and v is not None
                and v.type == "number"
            ):
                try:
                    return int(text(v))
                except ValueError:
                    return None
    return None


def _py_respond_status(call: ast.Call) -> int | None:
    if not call.args or not isinstance(call.args[0], ast.Dict):
        return None
    for k, v in zip(call.args[0].keys, call.args[0].values, strict=False):
        if (
            _const_str(k) in ("status", "status_code")
            and isinstance(v, ast.Constant)
            and isinstance(v.value, int)
        ):
            return v.value
    return None


def _const_str(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
