"""The JS/TS nodes the analyses read, found once per step by a tree-sitter query.

`JsScope`, the request-site finder, the TLS check and the auth facts need a handful of node
types; matching them in C and sorting the few thousand hits is cheaper than visiting every node
in Python.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from checks.model import Language
from checks.parsing import Code

if TYPE_CHECKING:
    from tree_sitter import Node, Query

TYPES = (
    "variable_declarator",
    "assignment_expression",
    "import_statement",
    "method_definition",
    "pair",
    "call_expression",
    "new_expression",
    # the auth facts (`checks.auth.js`): literals, members, comparisons, conditions
    "string",
    "member_expression",
    "subscript_expression",
    "binary_expression",
    "if_statement",
)


@cache
def _query(typescript: bool) -> Query:
    from tree_sitter import Query

    from checks.parsing.js import _language

    pattern = "[" + " ".join(f"({t})" for t in TYPES) + "] @node"
    return Query(_language(typescript), pattern)


@cache
def _kind_names(typescript: bool, types: tuple[str, ...] = TYPES) -> dict[int, str]:
    """Kind id → type name for the named grammar symbols called like one of `types`."""
    from checks.parsing.js import _language

    lang = _language(typescript)
    names: dict[int, str] = {}
    for kind in range(lang.node_kind_count):
        name = lang.node_kind_for_id(kind)
        if name in types and lang.node_kind_is_named(kind):
            names[kind] = name
    return names


# The node types the component and path indexes read (one shared pass, see `declaration_nodes`).
DECLARATION_TYPES = (
    "pair",
    "variable_declarator",
    "assignment_expression",
    "import_statement",
    "method_definition",
    "function_declaration",
    "generator_function_declaration",
)


def declaration_nodes(code: Code) -> list[tuple[str, Node]]:
    """(type, node) for every node of a type in `DECLARATION_TYPES`, in pre-order: a filter of
    the shared `Code.js_nodes` list by kind id (no per-node type string)."""
    return code.memo(declaration_nodes, lambda: _declaration_nodes(code))


def _declaration_nodes(code: Code) -> list[tuple[str, Node]]:
    names = _kind_names(code.language is Language.TYPESCRIPT, DECLARATION_TYPES)
    get = names.get
    out = []
    for node in code.js_nodes:
        name = get(node.kind_id)
        if name is not None:
            out.append((name, node))
    return out


def _preorder(node: Node) -> tuple[int, int]:
    # Nodes of these types never share both ends, so an enclosing node sorts first.
    return node.start_byte, -node.end_byte


def typed_nodes(code: Code) -> list[tuple[str, Node]]:
    """(type, node) for every node of a type in `TYPES`, in pre-order (memoised on `code`)."""
    return code.memo(typed_nodes, lambda: _typed_nodes(code))


def _typed_nodes(code: Code) -> list[tuple[str, Node]]:
    out: list[tuple[str, Node]] = []
    tree = code.js_tree
    if tree is not None:
        from tree_sitter import QueryCursor

        typescript = code.language is Language.TYPESCRIPT
        # Captures come grouped by pattern, not in document order.
        nodes = QueryCursor(_query(typescript)).captures(tree.root_node).get("node", [])
        nodes.sort(key=_preorder)
        names = _kind_names(typescript)
        out = [(names[node.kind_id], node) for node in nodes]
    return out


def nodes_of(code: Code, *types: str) -> list[Node]:
    """The nodes of the given types (each in `TYPES`), in pre-order."""
    return [node for name, node in typed_nodes(code) if name in types]
