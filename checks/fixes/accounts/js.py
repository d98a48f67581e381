"""SG701's fix for Node/TypeScript components: an app prop, and `this.<app>.$auth.<field>`."""

from __future__ import annotations

import re

from tree_sitter import Node

from checks.accounts.catalog import App
from checks.fixes.accounts.common import Plan, TokenEdit, indent_of, line_start, moved
from checks.fixes.journal import FixError
from checks.parsing import Code
from checks.parsing.js import FUNCTION_TYPES, member_path, object_property, property_key, text
from checks.parsing.shapes import StepShape, step_shape

COMPONENT_KINDS = ("defineComponent", "export default", "module.exports")
MOVABLE = ("lexical_declaration", "variable_declaration", "expression_statement")
MEMBERS = frozenset({"member_expression", "subscript_expression"})
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")  # the prop name is a token format


def _line(code: Code, offset: int) -> int:
    return code.position(offset)[0]


def _exact(root: Node, start: int, end: int, types: frozenset[str] | None = None) -> Node | None:
    node: Node | None = root.descendant_for_byte_range(start, end)
    while node is not None and (node.start_byte, node.end_byte) == (start, end):
        wanted = types if types is not None else MEMBERS
        if node.type in wanted:
            return node
        node = node.parent
    return None


def _top(node: Node) -> Node:
    while node.parent is not None and node.parent.type != "program":
        node = node.parent
    return node


def _leading(data: bytes, offset: int) -> str:
    start = line_start(data, offset)
    line = data[start:offset]
    return line[: len(line) - len(line.lstrip())].decode("utf-8")


def _unit(indent: str) -> str:
    return "\t" if indent.startswith("\t") else ("    " if len(indent) == 4 else "  ")


def plan(code: Code, app: App, tokens: list[TokenEdit]) -> Plan:
    tree = code.js_tree
    shape = step_shape(code)
    if tree is None or not isinstance(shape, StepShape) or shape.kind not in COMPONENT_KINDS:
        raise FixError(
            "not a component (export default defineComponent({…}) with run): legacy and plain "
            "code steps are changed by hand"
        )
    if not _IDENTIFIER.match(app.slug):
        raise FixError(f"the app's name {app.slug} is not a JavaScript name; change it by hand")
    root = tree.root_node
    run = _exact(root, shape.start, shape.end, FUNCTION_TYPES)
    if run is None:
        raise FixError("run() could not be located; change it by hand")
    if run.type == "arrow_function":
        raise FixError("run is an arrow function: `this` is not the component there")
    obj = run.parent if run.type == "method_definition" else (run.parent and run.parent.parent)
    if obj is None or obj.type != "object":
        raise FixError("the component object could not be located; change it by hand")
    _check_other_reads(code, tokens)
    out = Plan()
    in_run, tops = _place(code, tokens, run)
    out.edits += [(t.start, t.end, t.replacement) for t in in_run]
    if tops:
        out.edits += _move(code, run, tops, tokens)
    out.edits += _prop(code, obj, app)
    return out


def _check_other_reads(code: Code, tokens: list[TokenEdit]) -> None:
    spans = {(t.start, t.end) for t in tokens}
    wanted = {f"process.env.{t.env}" for t in tokens}
    for node in code.js_nodes:
        if node.type not in ("member_expression", "subscript_expression"):
            continue
        if (node.start_byte, node.end_byte) in spans:
            continue
        path = member_path(node)
        if path in wanted:
            raise FixError(
                f"{path} is also read at line {_line(code, node.start_byte)}; "
                "change the step by hand"
            )


def _place(
    code: Code, tokens: list[TokenEdit], run: Node
) -> tuple[list[TokenEdit], dict[int, Node]]:
    """Tokens replaced where they are (inside run) and top-level statements to move into run."""
    root = run
    while root.parent is not None:
        root = root.parent
    in_run: list[TokenEdit] = []
    tops: dict[int, Node] = {}
    for t in tokens:
        node = _exact(root, t.start, t.end)
        if node is None or member_path(node) != f"process.env.{t.env}":
            raise FixError(
                f"line {_line(code, t.start)}: the credential is not read as "
                f"process.env.{t.env}; change it by hand"
            )
        if run.start_byte <= t.start < run.end_byte:
            fn = node.parent
            while fn is not None and fn.id != run.id:
                if fn.type in FUNCTION_TYPES and fn.type != "arrow_function":
                    raise FixError(
                        f"line {_line(code, t.start)}: read inside a nested function, where "
                        "`this` is not the component; change it by hand"
                    )
                fn = fn.parent
            in_run.append(t)
            continue
        top = _top(node)
        if top.type not in MOVABLE or any(n.type in FUNCTION_TYPES for n in _ancestors(node, top)):
            raise FixError(
                f"line {_line(code, t.start)}: the credential is read outside run(), where "
                "the connected account is not available; change it by hand"
            )
        tops[top.start_byte] = top
    return in_run, tops


def _ancestors(node: Node, top: Node) -> list[Node]:
    out = []
    cur = node.parent
    while cur is not None and cur.id != top.id:
        out.append(cur)
        cur = cur.parent
    return out


def _walk(node: Node) -> list[Node]:
    out, stack = [], [node]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(reversed(n.named_children))
    return out


def _bound(top: Node) -> set[str]:
    if top.type == "expression_statement":
        return set()
    names = set()
    for decl in top.named_children:
        if decl.type != "variable_declarator":
            continue
        name = decl.child_by_field_name("name")
        if name is None or name.type != "identifier":
            raise FixError(f"line {decl.start_point[0] + 1}: destructuring; change it by hand")
        names.add(text(name))
    return names


def _declared_in(body: Node) -> set[str]:
    names: set[str] = set()
    for stmt in body.named_children:
        if stmt.type in ("lexical_declaration", "variable_declaration"):
            for decl in stmt.named_children:
                is_decl = decl.type == "variable_declarator"
                name = decl.child_by_field_name("name") if is_decl else None
                if name is not None:
                    names.update(text(n) for n in _walk(name) if n.type == "identifier")
        elif stmt.type in ("function_declaration", "class_declaration"):
            name = stmt.child_by_field_name("name")
            if name is not None:
                names.add(text(name))
    return names


def _move(
    code: Code, run: Node, tops: dict[int, Node], tokens: list[TokenEdit]
) -> list[tuple[int, int, str]]:
    body = run.child_by_field_name("body")
    first = body.named_children[0] if body is not None and body.named_children else None
    if body is None or first is None:
        raise FixError("run() is empty; change it by hand")
    indent = indent_of(code.data, first.start_byte)
    local = _declared_in(body)
    edits: list[tuple[int, int, str]] = []
    texts: list[str] = []
    for _, top in sorted(tops.items()):
        bound = _bound(top)
        inside = {n.id for n in _walk(top)}
        for node in code.js_nodes:
            if (
                node.type == "identifier"
                and text(node) in bound
                and node.id not in inside
                and not run.start_byte <= node.start_byte < run.end_byte
            ):
                raise FixError(
                    f"{text(node)} is also used outside run() (line "
                    f"{_line(code, node.start_byte)}); change it by hand"
                )
        used = {text(n) for n in _walk(top) if n.type == "identifier"}
        clash = sorted((used | bound) & local)
        if clash:
            raise FixError(f"run() declares {clash[0]} too; change it by hand")
        if any(
            n.type in ("string", "template_string")
            and b"\n" in code.data[n.start_byte : n.end_byte]
            for n in _walk(top)
        ):
            raise FixError("the statement to move holds a multi-line string; change it by hand")
        (start, end), moved_text = moved(code, top.start_byte, top.end_byte, tokens, b"//", indent)
        edits.append((start, end, ""))
        texts.append(moved_text + "\n")
    at = line_start(code.data, first.start_byte)
    edits.append((at, at, "".join(texts)))
    return edits


def _prop(code: Code, obj: Node, app: App) -> list[tuple[int, int, str]]:
    slug = app.slug
    pair = f'{slug}: {{ type: "app", app: "{slug}" }}'
    names = {property_key(k) for k in _keys(obj)}
    methods = object_property(obj, "methods")
    if methods is not None and methods.type == "object":
        names |= {property_key(k) for k in _keys(methods)}
    props = object_property(obj, "props")
    if slug in names - {"props"}:
        raise FixError(f"the component already has a member named {slug}; change it by hand")
    if props is None:
        first = obj.named_children[0] if obj.named_children else None
        if first is None:
            raise FixError("the component object is empty; change it by hand")
        indent = indent_of(code.data, first.start_byte)
        unit = _unit(indent)
        at = line_start(code.data, first.start_byte)
        return [(at, at, f"{indent}props: {{\n{indent}{unit}{pair},\n{indent}}},\n")]
    if props.type != "object":
        raise FixError("props is not an object literal; add the app prop by hand")
    for key in _keys(props):
        if property_key(key) == slug:
            if _is_app_prop(key.parent, slug):
                return []  # already declared
            raise FixError(f"props already has a {slug} that is not the {slug} app")
    members = props.named_children
    if not members:
        outer = _leading(code.data, props.start_byte)
        unit = _unit(outer)
        return [(props.start_byte, props.end_byte, f"{{\n{outer}{unit}{pair},\n{outer}}}")]
    first = members[0]
    if not code.data[line_start(code.data, first.start_byte) : first.start_byte].strip():
        at = line_start(code.data, first.start_byte)
        return [(at, at, f"{_leading(code.data, first.start_byte)}{pair},\n")]
    return [(props.start_byte + 1, props.start_byte + 1, f" {pair},")]


def _keys(obj: Node) -> list[Node]:
    out = []
    for member in obj.named_children:
        if member.type in ("pair", "method_definition"):
            key = member.child_by_field_name("key") or member.child_by_field_name("name")
            if key is not None:
                out.append(key)
        elif member.type == "shorthand_property_identifier":
            out.append(member)
    return out


def _is_app_prop(pair: Node | None, slug: str) -> bool:
    value = pair.child_by_field_name("value") if pair is not None else None
    if value is None or value.type != "object":
        return False
    kind, app = object_property(value, "type"), object_property(value, "app")
    return (
        kind is not None
        and app is not None
        and text(kind).strip("\"'`") == "app"
        and text(app).strip("\"'`") == slug
    )
