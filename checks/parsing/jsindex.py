"""The JS/TS nodes of a step by type, indexed once per step (`by_type`).

Analyses want a few node types each (calls, members, strings, declarations); one pass over the
shared node list groups every named node by its kind id, and each analysis reads its types
from that index (`of_type`, `typed_nodes`, `declaration_nodes`) instead of visiting the whole
tree again.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from checks.model import Language
from checks.parsing import Code

if TYPE_CHECKING:
    from tree_sitter import Node

TYPES = (
    "variable_declarator",
    "assignment_expression",
    "import_statement",
    "method_definition",
    "pair",
    "call_expression",
    "new_expression",
)


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
    """(type, node) for every node of a type in `DECLARATION_TYPES`, in pre-order."""
    return code.memo(declaration_nodes, lambda: _declaration_nodes(code))


def _declaration_nodes(code: Code) -> list[tuple[str, Node]]:
    index = by_type(code)
    found = [(t, node) for t in DECLARATION_TYPES for node in index.get(t, ())]
    found.sort(key=lambda pair: _preorder(pair[1]))
    return found


def _preorder(node: Node) -> tuple[int, int]:
    # Nodes of these types never share both ends, so an enclosing node sorts first.
    return node.start_byte, -node.end_byte


def typed_nodes(code: Code) -> list[tuple[str, Node]]:
    """(type, node) for every node of a type in `TYPES`, in pre-order (memoised on `code`)."""
    return code.memo(typed_nodes, lambda: _typed_nodes(code))


def _typed_nodes(code: Code) -> list[tuple[str, Node]]:
    index = by_type(code)
    found = [(t, node) for t in TYPES for node in index.get(t, ())]
    found.sort(key=lambda pair: _preorder(pair[1]))
    return found


def nodes_of(code: Code, *types: str) -> list[Node]:
    """The nodes of the given types (each in `TYPES`), in pre-order."""
    return [node for name, node in typed_nodes(code) if name in types]


@cache
def _named_kinds(typescript: bool) -> dict[int, str]:
    """Kind id → type name for every named grammar symbol."""
    from checks.parsing.js import _language

    lang = _language(typescript)
    return {
        kind: name
        for kind in range(lang.node_kind_count)
        if lang.node_kind_is_named(kind) and (name := lang.node_kind_for_id(kind)) is not None
    }


def by_type(code: Code) -> dict[str, list[Node]]:
    """Every named node of the step grouped by type, each list in pre-order (memoised).

    Built in one pass over the shared node list; an analysis that wants a few node types reads
    them here instead of visiting every node of the tree again.
    """
    return code.memo(by_type, lambda: _by_type(code))


def _by_type(code: Code) -> dict[str, list[Node]]:
    names = _named_kinds(code.language is Language.TYPESCRIPT)
    get = names.get
    out: dict[str, list[Node]] = {}
    for node in code.js_nodes:
        name = get(node.kind_id)
        if name is not None:
            bucket = out.get(name)
            if bucket is None:
                out[name] = [node]
            else:
                bucket.append(node)
    return out


def of_type(code: Code, *types: str) -> list[Node]:
    """The named nodes of the given types, in pre-order (nodes of different types with the same
    span in the order the types are given). With one type the list is the index's own: do not
    change it."""
    index = by_type(code)
    if len(types) == 1:
        return index.get(types[0], [])
    found = [node for t in types for node in index.get(t, ())]
    found.sort(key=_preorder)
    return found
