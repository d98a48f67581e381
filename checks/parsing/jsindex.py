"""The JS/TS nodes of a step by type, indexed once per step (`by_type`).

Analyses want a few node types each (calls, members, strings, declarations); one pass over the
shared node list groups every named node by its kind id, and each analysis reads its types
from that index (`of_type`, `typed_nodes`, `declaration_nodes`) instead of visiting the whole
tree again.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    # the auth facts (`checks.auth.js`): literals, members, comparisons, conditions
    "string",
    "member_expression",
    "subscript_expression",
    "binary_expression",
    "if_statement",
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
    return _index(code).declarations


def methods_and_pairs(code: Code) -> list[Node]:
    """`of_type(code, "method_definition", "pair")`, read off the declaration list: neither is
    ever the only child of the other spanning the same bytes, so pre-order is that order."""
    return [node for t, node in _index(code).declarations if t in _METHODS_AND_PAIRS]


_METHODS_AND_PAIRS = frozenset({"method_definition", "pair"})


def typed_nodes(code: Code) -> list[tuple[str, Node]]:
    """(type, node) for every node of a type in `TYPES`, in pre-order (memoised on `code`)."""
    return _index(code).typed


def nodes_of(code: Code, *types: str) -> list[Node]:
    """The nodes of the given types (each in `TYPES`), in pre-order."""
    return [node for name, node in typed_nodes(code) if name in types]


def by_type(code: Code) -> dict[str, list[Node]]:
    """Every named node of the step grouped by type, each list in pre-order (memoised).

    Built in one pass over the shared node list; an analysis that wants a few node types reads
    them here instead of visiting every node of the tree again.
    """
    return _index(code).by_type


@dataclass(frozen=True, slots=True)
class _Index:
    by_type: dict[str, list[Node]]
    typed: list[tuple[str, Node]]  # the `TYPES`, in pre-order
    declarations: list[tuple[str, Node]]  # the `DECLARATION_TYPES`, in pre-order


@cache
def _kinds(typescript: bool) -> dict[int, tuple[str, bool, bool]]:
    """Kind id → (type name, in `TYPES`, in `DECLARATION_TYPES`) for every named symbol."""
    from checks.parsing.js import _language

    lang = _language(typescript)
    out: dict[int, tuple[str, bool, bool]] = {}
    for kind in range(lang.node_kind_count):
        name = lang.node_kind_for_id(kind)
        if name is not None and lang.node_kind_is_named(kind):
            out[kind] = (name, name in TYPES, name in DECLARATION_TYPES)
    return out


def _index(code: Code) -> _Index:
    return code.memo(_index, lambda: _build(code))


def _build(code: Code) -> _Index:
    get = _kinds(code.language is Language.TYPESCRIPT).get
    groups: dict[str, list[Node]] = {}
    typed: list[tuple[str, Node]] = []
    declarations: list[tuple[str, Node]] = []
    for node in code.js_nodes:  # pre-order: every list below keeps it
        kind = get(node.kind_id)
        if kind is None:
            continue
        name, is_typed, is_declaration = kind
        bucket = groups.get(name)
        if bucket is None:
            groups[name] = [node]
        else:
            bucket.append(node)
        if is_typed:
            typed.append((name, node))
        if is_declaration:
            declarations.append((name, node))
    return _Index(groups, typed, declarations)


def _preorder(node: Node) -> tuple[int, int]:
    # An enclosing node starts earlier or ends later: it sorts first.
    return node.start_byte, -node.end_byte


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
