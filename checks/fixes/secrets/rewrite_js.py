"""Rewrite secret occurrences in JavaScript/TypeScript to `process.env.NAME` (tree-sitter spans).

- a whole plain string literal `"sk_…"` → `process.env.NAME` (object key: `[process.env.NAME]`)
- a string with other text → a template literal `` `Bearer ${process.env.NAME}` ``
- inside a template literal → `${process.env.NAME}` (a whole untagged template → the bare reference)
- inside a comment → the text `process.env.NAME`
Anything else (regex, identifiers, import sources) is refused, and in TypeScript every string in
a type position (literal and template types, annotations, type arguments, interfaces), in an
enum (members must be constants) or in an ambient (`declare`) declaration, and a string naming a
class field: there `process.env.NAME` would parse but not type-check.
"""

from __future__ import annotations

from collections import defaultdict

from tree_sitter import Node

from checks.fixes.secrets.edits import Edit, RewriteRefused, Span
from checks.parsing.js import parse_js

CONTAINERS = {"string", "template_string", "comment", "jsx_text"}
KEY_PARENTS = {"pair", "method_definition", "public_field_definition", "field_definition"}
NO_EXPRESSIONS = {"import_statement", "export_statement"}
TS_REFUSED = {
    "literal_type": "a TypeScript literal type",
    "template_literal_type": "a TypeScript template literal type",
    "type_annotation": "a TypeScript type annotation",
    "type_arguments": "TypeScript type arguments",
    "type_parameters": "TypeScript type parameters",
    "type_alias_declaration": "a TypeScript type alias",
    "property_signature": "a TypeScript interface or object type",
    "index_signature": "a TypeScript index signature",
    "enum_declaration": "a TypeScript enum (enum members must be constants)",
    "import_require_clause": "an `import … = require()` source",
}
# Stop looking for type positions at the nearest enclosing code: types never contain statements.
CODE_BOUNDARIES = {"statement_block", "class_body", "program", "arrow_function"}


def _const_assertion(node: Node) -> bool:
    """`x as const` or `<const>x`."""
    if node.type == "as_expression":
        return node.children[-1].type == "const"
    if node.type == "type_assertion":
        return any(c.type == "type_arguments" and c.text == b"<const>" for c in node.children)
    return False


def _typescript_refusal(node: Node) -> str | None:
    """Why a string at `node` cannot become `process.env.NAME` in TypeScript, or None."""
    parent = node.parent
    if parent is not None and parent.type == "public_field_definition" and _is_key(node):
        return (
            "the secret names a TypeScript class field (a property declaration's name must "
            "stay a literal); edit it by hand"
        )
    if parent is not None and _const_assertion(parent):
        return (
            "the secret is a `const`-asserted literal (a const assertion needs a literal); "
            "edit it by hand"
        )
    ambient: Node | None = node
    while ambient is not None:
        if ambient.type == "ambient_declaration":
            return (
                "the secret is in an ambient (`declare`) declaration, where an environment "
                "variable cannot be read; edit it by hand"
            )
        ambient = ambient.parent
    current: Node | None = node
    while current is not None and current.type not in CODE_BOUNDARIES:
        what = TS_REFUSED.get(current.type)
        if what is not None:
            return (
                f"the secret is in {what}, where an environment variable cannot be read; "
                "edit it by hand"
            )
        current = current.parent
    return None


def env_ref(name: str) -> str:
    return f"process.env.{name}"


def _container(root: Node, span: Span) -> Node:
    node: Node | None = root.descendant_for_byte_range(span.start, span.end)
    while node is not None and node.type not in CONTAINERS:
        node = node.parent
    if node is None or node.start_byte > span.start or node.end_byte < span.end:
        inner = root.descendant_for_byte_range(span.start, span.end)
        kind = inner.type if inner is not None else "code"
        raise RewriteRefused(f"the secret is not inside a string or comment (it is in a {kind})")
    return node


def rewrite_js(data: bytes, spans: list[Span], typescript: bool = False) -> list[Edit]:
    """Edits replacing every span; raises RewriteRefused when a spot cannot be rewritten."""
    tree = parse_js(data, typescript=typescript)
    groups: dict[tuple[int, int], tuple[Node, list[Span]]] = {}
    members: dict[tuple[int, int], list[Span]] = defaultdict(list)
    for span in spans:
        node = _container(tree.root_node, span)
        key = (node.start_byte, node.end_byte)
        groups[key] = (node, members[key])
        members[key].append(span)
    edits: list[Edit] = []
    for node, group in groups.values():
        group.sort(key=lambda s: s.start)
        reason = _typescript_refusal(node) if typescript and node.type != "comment" else None
        if reason is not None:
            raise RewriteRefused(reason)
        if node.type == "string":
            edits.append(_string_edit(data, node, group))
        elif node.type == "template_string":
            edits.extend(_template_edits(data, node, group))
        elif node.type == "comment":
            edits.extend(Edit(s.start, s.end, env_ref(s.name).encode()) for s in group)
        else:  # jsx_text
            edits.extend(Edit(s.start, s.end, f"{{{env_ref(s.name)}}}".encode()) for s in group)
    return edits


def _is_key(node: Node) -> bool:
    parent = node.parent
    if parent is None or parent.type not in KEY_PARENTS:
        return False
    for field in ("key", "name", "property"):
        child = parent.child_by_field_name(field)
        if (
            child is not None
            and child.start_byte == node.start_byte
            and child.end_byte == node.end_byte
        ):
            return True
    return False


def _string_edit(data: bytes, node: Node, group: list[Span]) -> Edit:
    parent = node.parent
    if parent is not None and parent.type in NO_EXPRESSIONS:
        raise RewriteRefused("the secret is an import/export source; edit it by hand")
    body_start, body_end = node.start_byte + 1, node.end_byte - 1
    jsx = parent is not None and parent.type == "jsx_attribute"
    if len(group) == 1 and (group[0].start, group[0].end) == (body_start, body_end):
        expr = env_ref(group[0].name)
    else:
        expr = _template_from_string(data, body_start, body_end, group, raw=jsx)
    if jsx:
        expr = f"{{{expr}}}"
    elif _is_key(node):
        expr = f"[{expr}]"
    return Edit(node.start_byte, node.end_byte, expr.encode("utf-8"))


def _template_from_string(
    data: bytes, body_start: int, body_end: int, group: list[Span], raw: bool
) -> str:
    """A template literal with the same value as the quoted string, secrets replaced."""
    out = ["`"]
    pos = body_start
    for span in group:
        out.append(_template_text(data[pos : span.start], raw))
        out.append(f"${{{env_ref(span.name)}}}")
        pos = span.end
    out.append(_template_text(data[pos:body_end], raw))
    out.append("`")
    return "".join(out)


def _template_text(chunk: bytes, raw: bool) -> str:
    """Source text of a quoted-string piece, re-escaped for a template literal."""
    text = chunk.decode("utf-8", "surrogateescape")
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and not raw:
            nxt = text[i + 1 : i + 2]
            after = text[i + 2 : i + 3]
            if (nxt != "" and nxt in "123456789") or (nxt == "0" and after.isdigit()):
                raise RewriteRefused("the string uses a legacy octal escape; edit it by hand")
            out.append(text[i : i + 2])
            i += 2
            continue
        if c == "`":
            out.append("\\`")
        elif c == "\\":  # raw (JSX) text: a backslash is literal
            out.append("\\\\")
        elif c == "$" and text[i + 1 : i + 2] == "{":
            out.append("\\$")
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _is_tagged(node: Node) -> bool:
    parent = node.parent
    if parent is None or parent.type != "call_expression":
        return False
    args = parent.child_by_field_name("arguments")
    return (
        args is not None and args.start_byte == node.start_byte and args.end_byte == node.end_byte
    )


def _template_edits(data: bytes, node: Node, group: list[Span]) -> list[Edit]:
    body = (node.start_byte + 1, node.end_byte - 1)
    if len(group) == 1 and (group[0].start, group[0].end) == body and not _is_tagged(node):
        return [Edit(node.start_byte, node.end_byte, env_ref(group[0].name).encode())]
    for span in group:
        inner = node.descendant_for_byte_range(span.start, span.end)
        if inner is None or inner.type != "string_fragment":
            raise RewriteRefused("the secret straddles a template substitution; edit it by hand")
    return [Edit(s.start, s.end, f"${{{env_ref(s.name)}}}".encode()) for s in group]
