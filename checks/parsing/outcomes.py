"""What a block of step code does when it runs: the outcome of a failure branch.

Whether it ends the workflow (`return $.flow.exit()`, `return pd.flow.exit()`), ends it only
after the step (a bare `$.flow.exit()`: "bare-exit"), throws, returns, or does none of these;
the status of a `$.respond`/`pd.respond` in it and whether it says it failed (a 4xx status or
a failure word such as "unauthorized").

A call to one of the step's own functions that always ends the workflow (a `reject($, why)`
helper that responds 401 and returns `$.flow.exit(why)`, or one that always throws) counts as
what that function does: `return reject(…)` ends the workflow, a bare `reject(…)` is a bare
exit, a call to an always-throwing helper throws.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from tree_sitter import Node

from checks.parsing.code import Code
from checks.parsing.component import JsComponent, js_component, walk_no_functions
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

    def settle(
        self, exits: bool, throws: bool, returns: bool, bare: tuple[int, int] | None
    ) -> Outcome:
        """Decide `kind` from what the block was seen to do (the same for both languages).

        `bare` is the span of an exit call that is not returned: followed by a `return` it
        ends the workflow like a returned exit."""
        if self.respond_status is not None and self.respond_status >= 400:
            self.fail_signals = True
        self.exit_span = bare
        if exits or (bare is not None and returns):
            self.kind = "exit"
        elif throws:
            self.kind = "throw"
        elif bare is not None:
            self.kind = "bare-exit"
        elif returns:
            self.kind = "return"
        else:
            self.kind = "none"
        return self


def js_outcome(code: Code, block: Node) -> Outcome:
    """What a JS block does: end the workflow, throw, return, respond, say it failed."""
    gate = Outcome()
    comp = js_component(code)
    ending = js_ending_functions(code)
    has_exit = has_throw = has_return = False
    bare: Node | None = None
    for n in walk_no_functions(block):
        if n.type == "throw_statement":
            has_throw = True
        elif n.type == "return_statement":
            helper = ending.get(_js_returned_call(comp, n) or "")
            if b"flow.exit" in code.data[n.start_byte : n.end_byte] or helper == "exit":
                has_exit = True
            elif helper == "throw":
                has_throw = True
            else:
                has_return = True
        elif n.type == "call_expression":
            name = comp.callee(n)
            helper = ending.get(name)
            if (name.endswith("flow.exit") or helper == "exit") and not _under_return(n, block):
                bare = bare or n
            elif helper == "throw":
                has_throw = True
            elif name.endswith("respond"):
                status = _js_respond_status(n)
                if status is not None and gate.respond_status is None:
                    gate.respond_status = status
            if helper is not None:
                status = _js_helper_status(code, name)
                if status is not None and gate.respond_status is None:
                    gate.respond_status = status
        elif n.type == "string_fragment" and failure_text(text(n)):
            gate.fail_signals = True
    bare_span = (bare.start_byte, bare.end_byte) if bare is not None else None
    return gate.settle(has_exit, has_throw, has_return, bare_span)


def py_outcome(code: Code, body: list[ast.stmt]) -> Outcome:
    """What a Python block does: end the workflow, raise, return, respond, say it failed."""
    gate = Outcome()
    ending = py_ending_functions(code)
    has_exit = has_raise = has_return = False
    bare: ast.AST | None = None
    for stmt in body:
        for n in py_walk_no_functions(stmt):
            if isinstance(n, ast.Raise):
                has_raise = True
            elif isinstance(n, ast.Return):
                helper = ending.get(_py_called(n.value))
                if (
                    n.value is not None and "flow.exit" in (call_path(n.value) or "")
                ) or helper == "exit":
                    has_exit = True
                elif helper == "throw":
                    has_raise = True
                else:
                    has_return = True
            elif isinstance(n, ast.Expr) and isinstance(n.value, ast.Call):
                name = call_path(n.value.func) or ""
                helper = ending.get(name)
                if name.endswith("flow.exit") or helper == "exit":
                    bare = bare or n.value
                elif helper == "throw":
                    has_raise = True
                if helper is not None and gate.respond_status is None:
                    gate.respond_status = _py_helper_status(code, name)
            if (
                isinstance(n, ast.Call)
                and (call_path(n.func) or "").endswith("respond")
                and gate.respond_status is None
            ):
                gate.respond_status = _py_respond_status(n)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and failure_text(n.value):
                gate.fail_signals = True
    bare_span = code.py_node_offsets(bare) if bare is not None else None
    return gate.settle(has_exit, has_raise, has_return, bare_span)


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


# -- the step's own functions that always end the workflow -----------------------------------


def js_ending_functions(code: Code) -> dict[str, str]:
    """The step's functions whose every run ends the workflow ("exit": the body's last statement
    returns `…flow.exit(…)` and no other `return` returns anything else) or throws ("throw":
    the last statement throws and nothing returns), built once per `Code`."""
    return code.memo(js_ending_functions, lambda: _js_ending(code))


def _js_ending(code: Code) -> dict[str, str]:
    comp = js_component(code)
    found: dict[str, str] = {}
    for _ in range(3):  # helpers that end by returning another ending helper's call
        grew = False
        for name, fn in comp.functions.items():
            if name in found:
                continue
            kind = _js_function_ends(code, comp, fn, found)
            if kind is not None:
                found[name] = kind
                grew = True
        if not grew:
            break
    return found


def _js_function_ends(code: Code, comp: JsComponent, fn: Node, found: dict[str, str]) -> str | None:
    body = fn.child_by_field_name("body")
    if body is None or body.type != "statement_block" or body.named_child_count == 0:
        return None
    last = body.named_children[-1]
    kind: str | None = None
    if last.type == "throw_statement":
        kind = "throw"
    elif last.type == "return_statement":
        kind = _js_exit_value(code, comp, last, found)
    if kind is None:
        return None
    for n in walk_no_functions(body):
        if n.type == "return_statement" and _js_exit_value(code, comp, n, found) != "exit":
            return None  # some path returns without ending the workflow
    return kind


def _js_exit_value(code: Code, comp: JsComponent, ret: Node, found: dict[str, str]) -> str | None:
    """ "exit" when the `return` statement returns `…flow.exit(…)` or an ending helper's call."""
    callee = _js_returned_call(comp, ret)
    if callee is None:
        return None
    if callee.endswith("flow.exit") or found.get(callee) == "exit":
        return "exit"
    return found.get(callee)


def _js_returned_call(comp: JsComponent, ret: Node) -> str | None:
    """Callee of `return f(…)` / `return await f(…)`, or None."""
    value = ret.named_children[0] if ret.named_child_count else None
    if value is not None and value.type == "await_expression" and value.named_child_count:
        value = value.named_children[0]
    if value is None or value.type != "call_expression":
        return None
    return comp.callee(value)


def _js_helper_status(code: Code, name: str) -> int | None:
    fn = js_component(code).functions.get(name)
    if fn is None:
        return None
    for n in walk_no_functions(fn.child_by_field_name("body") or fn):
        if n.type == "call_expression" and js_component(code).callee(n).endswith("respond"):
            return _js_respond_status(n)
    return None


def py_ending_functions(code: Code) -> dict[str, str]:
    """Module-level functions of a Python step that always end the workflow ("exit": the last
    statement returns `…flow.exit(…)`, and every `return` does) or raise ("throw")."""
    return code.memo(py_ending_functions, lambda: _py_ending(code))


def _py_functions(code: Code) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    tree = code.py_tree
    if tree is None:
        return {}
    return {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


def _py_ending(code: Code) -> dict[str, str]:
    functions = _py_functions(code)
    found: dict[str, str] = {}
    for _ in range(3):
        grew = False
        for name, fn in functions.items():
            if name in found or not fn.body:
                continue
            last = fn.body[-1]
            kind: str | None = None
            if isinstance(last, ast.Raise):
                kind = "throw"
            elif isinstance(last, ast.Return):
                kind = _py_exit_value(last, found)
            if kind is None:
                continue
            returns = [
                n
                for stmt in fn.body
                for n in py_walk_no_functions(stmt)
                if isinstance(n, ast.Return)
            ]
            if all(_py_exit_value(r, found) == "exit" for r in returns):
                found[name] = kind
                grew = True
        if not grew:
            break
    return found


def _py_exit_value(ret: ast.Return, found: dict[str, str]) -> str | None:
    callee = _py_called(ret.value)
    if callee.endswith("flow.exit"):
        return "exit"
    return found.get(callee)


def _py_called(value: ast.expr | None) -> str:
    if isinstance(value, ast.Await):
        value = value.value
    if not isinstance(value, ast.Call):
        return ""
    return call_path(value.func) or ""


def _py_helper_status(code: Code, name: str) -> int | None:
    fn = _py_functions(code).get(name)
    if fn is None:
        return None
    for stmt in fn.body:
        for n in py_walk_no_functions(stmt):
            if isinstance(n, ast.Call) and (call_path(n.func) or "").endswith("respond"):
                return _py_respond_status(n)
    return None
