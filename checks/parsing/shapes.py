"""The shape of a step's code: which form Pipedream runs it in, and where its entry point is.

Every form Pipedream has run is recognised, each with the names its entry point gives the
step's inputs (`roles`: "steps", "$", "event", "params", "pd"):

- `defineComponent({ async run({ steps, $ }) {…} })`, exported by `export default` or
  `module.exports` (kind "defineComponent");
- a plain component or source object `export default { …, async run(event) {…} }` (kind
  "export default") or `module.exports = { … }` (kind "module.exports");
- an app or helper module: exports without a `run` (`export default { type: "app", … }`,
  `export function …`; kind "module"): nothing runs, the code is scanned as it is;
- the legacy v1 step function `async (event, steps, params) => {…}` (kind "legacy function",
  roles by position: event, steps, params, auths) and `async params => { steps = params.steps
  … }` (kind "legacy params");
- Python `def handler(pd: "pipedream")` and the older `def handler(pd)` (kind "handler").

Anything else is not understood: `shape_problem` says why, and the engine lists the step in
`skipped` with that reason (its code is still scanned as plain code).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from tree_sitter import Node

from checks.parsing.code import Code
from checks.parsing.js import FUNCTION_TYPES, property_key, text

_LEGACY_ROLES = ("event", "steps", "params", "auths")
_RUN_KEYS = ("run", "handler")


@dataclass(frozen=True)
class StepShape:
    """A recognised form: its kind, the entry function's byte span and the names of its inputs."""

    kind: str
    start: int = 0  # byte span of the entry function (run / handler / legacy function)
    end: int = 0
    roles: dict[str, str] = field(default_factory=dict)  # role -> local name


@dataclass(frozen=True)
class Unknown:
    """A step whose form is not understood, and why."""

    reason: str


def step_shape(code: Code) -> StepShape | Unknown | None:
    """The step's form (memoised on `code`); None for languages without one (Bash, Go) or code
    that did not parse at all."""
    return code.memo(step_shape, lambda: _shape(code))


def shape_problem(code: Code) -> str | None:
    """Why the step's form is not understood, or None when it is (or has no form)."""
    shape = step_shape(code)
    return shape.reason if isinstance(shape, Unknown) else None


def _shape(code: Code) -> StepShape | Unknown | None:
    if code.language.is_js:
        tree = code.js_tree
        return _js_shape(tree.root_node) if tree is not None else None
    tree_py = code.py_tree
    if tree_py is not None:
        return _py_shape(code, tree_py)
    return None


# -- JavaScript / TypeScript ------------------------------------------------------------------


def _js_shape(root: Node) -> StepShape | Unknown:
    exported = False
    for stmt in root.named_children:
        if stmt.type == "export_statement":
            exported = True
            value = stmt.child_by_field_name("value")
            if value is not None and "default" in (c.type for c in stmt.children):
                shape = _component(value, "export default")
                if shape is not None:
                    return shape
        elif stmt.type == "expression_statement" and stmt.named_child_count:
            expr = _inner(stmt.named_children[0])
            if expr.type == "assignment_expression":
                left, right = expr.child_by_field_name("left"), expr.child_by_field_name("right")
                if left is not None and right is not None and text(left) == "module.exports":
                    exported = True
                    shape = _component(right, "module.exports")
                    if shape is not None:
                        return shape
            elif expr.type in ("arrow_function", "function_expression", "function"):
                return _legacy(expr)
    if exported:
        return StepShape("module")
    return Unknown(
        "no component export (defineComponent / export default / module.exports) and no "
        "legacy step function; scanned as plain code"
    )


def _inner(node: Node) -> Node:
    while node.type == "parenthesized_expression" and node.named_child_count:
        node = node.named_children[0]
    return node


def _component(value: Node, how: str) -> StepShape | None:
    """A component object (maybe wrapped in `defineComponent(…)`) with a `run`, else None."""
    value = _inner(value)
    kind = how
    if value.type == "call_expression":
        fn = value.child_by_field_name("function")
        args = value.child_by_field_name("arguments")
        if fn is None or text(fn) != "defineComponent" or args is None:
            return None
        objs = [a for a in args.named_children if a.type == "object"]
        if not objs:
            return None
        value, kind = objs[0], "defineComponent"
    if value.type != "object":
        return None
    run = _run_function(value)
    if run is None:
        return None
    return StepShape(kind, run.start_byte, run.end_byte, _run_roles(run))


def _run_function(obj: Node) -> Node | None:
    for member in obj.named_children:
        if member.type == "method_definition":
            name = member.child_by_field_name("name")
            if name is not None and property_key(name) in _RUN_KEYS:
                return member
        elif member.type == "pair":
            key, value = member.child_by_field_name("key"), member.child_by_field_name("value")
            if key is not None and value is not None and property_key(key) in _RUN_KEYS:
                value = _inner(value)
                if value.type in FUNCTION_TYPES:
                    return value
    return None


def _params(fn: Node) -> list[Node]:
    params = fn.child_by_field_name("parameters")
    if params is None:
        single = fn.child_by_field_name("parameter")  # `x => …`
        return [single] if single is not None else []
    out = []
    for p in params.named_children:
        if p.type == "comment":
            continue
        if p.type in ("required_parameter", "optional_parameter"):
            p = p.child_by_field_name("pattern") or p
        out.append(p)
    return out


def _run_roles(run: Node) -> dict[str, str]:
    """`run({ steps, $ })` → {steps: steps, $: $}; a source's `run(event)` → {event: event}."""
    params = _params(run)
    if not params:
        return {}
    first = params[0]
    if first.type == "identifier":
        return {"event": text(first)}
    roles: dict[str, str] = {}
    if first.type == "object_pattern":
        for child in first.named_children:
            if child.type == "shorthand_property_identifier_pattern":
                roles[text(child)] = text(child)
            elif child.type == "pair_pattern":
                key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
                if key is not None and value is not None and value.type == "identifier":
                    roles[property_key(key)] = text(value)
    return roles


def _legacy(fn: Node) -> StepShape:
    params = _params(fn)
    names = [text(p) for p in params if p.type == "identifier"]
    if len(params) == 1 and names and names[0] in ("params", "p", "input", "inputs"):
        roles = {"params": names[0], "steps": "steps"}  # `steps = params.steps` inside
        return StepShape("legacy params", fn.start_byte, fn.end_byte, roles)
    roles = dict(zip(_LEGACY_ROLES, names, strict=False))
    return StepShape("legacy function", fn.start_byte, fn.end_byte, roles)


# -- Python -----------------------------------------------------------------------------------


def _py_shape(code: Code, tree: ast.Module) -> StepShape | Unknown:
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name == "handler":
            args = [*stmt.args.posonlyargs, *stmt.args.args]
            roles = {"pd": args[0].arg} if args else {}
            start, end = code.py_node_offsets(stmt)
            return StepShape("handler", start, end, roles)
    return Unknown("no top-level `def handler(pd)`; scanned as plain code")
