"""tree-sitter JavaScript/TypeScript helpers."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import tree_sitter_javascript
import tree_sitter_typescript
from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

# Node types that start a function body (declarations, expressions, arrows, methods).
FUNCTION_TYPES = frozenset(
    {
        "function_declaration",
        "function_expression",
        "function",
        "arrow_function",
        "method_definition",
        "generator_function",
        "generator_function_declaration",
    }
)


@cache
def _language(typescript: bool) -> Language:
    return (
        Language(tree_sitter_typescript.language_typescript())
        if typescript
        else Language(tree_sitter_javascript.language())
    )


@cache
def _parser(typescript: bool) -> Parser:
    return Parser(_language(typescript))


def parse_js(data: bytes, typescript: bool = False) -> Tree:
    return _parser(typescript).parse(data)


@cache
def _query(pattern: str, typescript: bool) -> Query:
    return Query(_language(typescript), pattern)


def query_nodes(node: Node, pattern: str, typescript: bool = False) -> list[Node]:
    """Nodes under `node` captured by a tree-sitter query `pattern` (matched in C, in document
    order): much faster than walking the tree in Python when few node types matter."""
    found: list[Node] = []
    for nodes in QueryCursor(_query(pattern, typescript)).captures(node).values():
        found.extend(nodes)
    found.sort(key=lambda n: (n.start_byte, -n.end_byte))
    return found


def walk(node: Node) -> Iterator[Node]:
    """Pre-order traversal of every named and anonymous node (iterative, no recursion limit)."""
    cursor = node.walk()
    visited_children = False
    while True:
        if not visited_children:
            yield cursor.node  # type: ignore[misc]
            if cursor.goto_first_child():
                continue
        if cursor.goto_next_sibling():
            visited_children = False
            continue
        if not cursor.goto_parent():
            return
        visited_children = True
        if cursor.node == node:
            return


def walk_type(node: Node, *types: str) -> Iterator[Node]:
    wanted = set(types)
    for n in walk(node):
        if n.type in wanted:
            yield n


def text(node: Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")


def string_value(node: Node) -> str | None:
    """The value of a plain string literal or a template string without substitutions."""
    if node.type == "string":
        parts = []
        for child in node.named_children:
            if child.type in ("string_fragment", "escape_sequence"):
                parts.append(
                    _unescape(text(child)) if child.type == "escape_sequence" else text(child)
                )
        return "".join(parts)
    if node.type == "template_string":
        if any(c.type == "template_substitution" for c in node.named_children):
            return None
        raw = text(node)
        return raw[1:-1]
    return None


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b", "f": "\f", "v": "\v"}


def _unescape(seq: str) -> str:
    body = seq[1:]
    if body[:1] in _ESCAPES and len(body) == 1:
        return _ESCAPES[body]
    if body.startswith("x") and len(body) == 3:
        try:
            return chr(int(body[1:], 16))
        except ValueError:
            return body
    if body.startswith("u{") and body.endswith("}"):
        try:
            return chr(int(body[2:-1], 16))
        except ValueError:
            return body
    if body.startswith("u") and len(body) == 5:
        try:
            return chr(int(body[1:], 16))
        except ValueError:
            return body
    return body


def member_path(node: Node) -> str | None:
    """Dotted path of a member expression (`process.env.KEY`, `steps.trigger.event.headers`).

    Subscripts with string keys are included as `.key`; anything dynamic makes it None.
    """
    parts: list[str] = []
    cur: Node | None = node
    while cur is not None:
        if cur.type == "member_expression":
            prop = cur.child_by_field_name("property")
            parts.append(text(prop))
            cur = cur.child_by_field_name("object")
        elif cur.type == "subscript_expression":
            index = cur.child_by_field_name("index")
            value = string_value(index) if index is not None else None
            if value is None:
                return None
            parts.append(value)
            cur = cur.child_by_field_name("object")
        elif cur.type in ("identifier", "this", "property_identifier"):
            parts.append(text(cur))
            cur = None
        elif cur.type == "parenthesized_expression" and cur.named_child_count == 1:
            cur = cur.named_children[0]
        else:
            return None
    return ".".join(reversed(parts))


def callee_may_start(call: Node, data: bytes, heads: tuple[bytes, ...]) -> bool:
    """False when `call_name(call)` cannot start with any of `heads` (a cheap test before it).

    The dotted name's first part is the text of the callee's leftmost member object, which
    starts where the callee starts unless it is in parentheses (`(console).log`): so the bytes
    there must begin with a head, or with "(" (then only `call_name` can tell).
    """
    fn = call.child_by_field_name("function")
    if fn is None:
        return False  # call_name: None
    at = fn.start_byte
    return data.startswith(b"(", at) or any(data.startswith(head, at) for head in heads)


def call_name(call: Node) -> str | None:
    """Dotted callee of a call expression (`console.log`, `axios.get`, `fetch`)."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    if fn.type == "identifier":
        return text(fn)
    return member_path(fn)


def returned_expressions(fn: Node) -> Iterator[Node]:
    """The expressions a function returns (an arrow's expression body; not nested functions')."""
    body = fn.child_by_field_name("body")
    if body is None:
        return
    if body.type != "statement_block":
        yield body
        return
    stack = list(body.named_children)
    while stack:
        node = stack.pop()
        if node.type in FUNCTION_TYPES:
            continue
        if node.type == "return_statement" and node.named_child_count:
            yield node.named_children[0]
            continue
        stack.extend(node.named_children)


def call_arguments(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    if args is None:
        return []
    return [c for c in args.named_children if c.type != "comment"]


def object_property(obj: Node, key: str) -> Node | None:
    """Value node of `key` in an object literal (`{ key: value }`), or None."""
    if obj.type != "object":
        return None
    for pair in obj.named_children:
        if pair.type == "pair":
            k = pair.child_by_field_name("key")
            if k is not None and property_key(k) == key:
                return pair.child_by_field_name("value")
        elif pair.type == "shorthand_property_identifier" and text(pair) == key:
            return pair
    return None


def property_key(node: Node) -> str:
    if node.type in ("string", "template_string"):
        return string_value(node) or ""
    return text(node)
