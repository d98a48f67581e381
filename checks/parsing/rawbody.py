"""Downloads of the request's own raw body: reading the request, not work done for it.

Pipedream's HTTP trigger hands large or raw bodies over as `event.body.raw_body_url` (with
`?pipedream_upload_body=1`); a verifier must download those bytes before it can check a
signature over them. A request whose URL is derived from `raw_body_url` within the same function
(`const url = body.raw_body_url; fetch(new URL(url))`) therefore is no effect of the step.
"""

from __future__ import annotations

import ast

from tree_sitter import Node

from checks.parsing.code import Code
from checks.parsing.component import enclosing_function, walk_no_functions
from checks.parsing.js import call_arguments, text

RAW_BODY_FIELD = "raw_body_url"


def js_fetches_raw_body(code: Code, call: Node) -> bool:
    """The call's first argument is derived from `raw_body_url` inside its function."""
    args = call_arguments(call)
    fn = enclosing_function(call)
    if not args or fn is None:
        return False
    if RAW_BODY_FIELD.encode() not in code.data[fn.start_byte : fn.end_byte]:
        return False
    bindings: list[tuple[str, Node]] = []
    for n in walk_no_functions(fn.child_by_field_name("body") or fn):
        if n.type == "variable_declarator":
            name, value = n.child_by_field_name("name"), n.child_by_field_name("value")
        elif n.type == "assignment_expression":
            name, value = n.child_by_field_name("left"), n.child_by_field_name("right")
        else:
            continue
        if name is not None and value is not None and name.type == "identifier":
            bindings.append((text(name), value))
    derived: set[str] = set()
    for _ in range(4):
        grew = False
        for bound, expr in bindings:
            if bound not in derived and _js_derived(expr, derived):
                derived.add(bound)
                grew = True
        if not grew:
            break
    return _js_derived(args[0], derived)


def _js_derived(node: Node, derived: set[str]) -> bool:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type in ("identifier", "property_identifier") and text(n) in derived | {
            RAW_BODY_FIELD
        }:
            return True
        if n.type == "string_fragment" and text(n) == RAW_BODY_FIELD:
            return True
        stack.extend(n.named_children)
    return False


def py_fetches_raw_body(code: Code, call: ast.Call) -> bool:
    """The call's first argument is derived from `raw_body_url` inside its function."""
    tree = code.py_tree
    if tree is None or RAW_BODY_FIELD not in code.text:
        return False
    fn = _py_enclosing(tree, call)
    if fn is None:
        return False
    bindings: list[tuple[str, ast.expr]] = []
    for n in ast.walk(fn):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
            bindings.append((n.targets[0].id, n.value))
        elif isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and n.value:
            bindings.append((n.target.id, n.value))
    derived: set[str] = set()
    for _ in range(4):
        grew = False
        for name, value in bindings:
            if name not in derived and _py_derived(value, derived):
                derived.add(name)
                grew = True
        if not grew:
            break
    # `build_opener(handler).open(url)`: the request is the method called on the call's result
    chained = [
        n.args[0]
        for n in ast.walk(fn)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.value is call
        and n.args
    ]
    return any(_py_derived(arg, derived) for arg in [*call.args[:1], *chained])


def _py_derived(node: ast.AST, derived: set[str]) -> bool:
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and n.id in derived:
            return True
        if isinstance(n, ast.Constant) and n.value == RAW_BODY_FIELD:
            return True
        if isinstance(n, ast.Attribute) and n.attr == RAW_BODY_FIELD:
            return True
    return False


def _py_enclosing(
    tree: ast.Module, call: ast.Call
) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    line = getattr(call, "lineno", 0)
    best: ast.FunctionDef | ast.AsyncFunctionDef | None = None
    for n in ast.walk(tree):
        if (
            isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
            and n.lineno <= line <= (n.end_lineno or n.lineno)
            and (best is None or n.lineno >= best.lineno)
        ):
            best = n
    return best
