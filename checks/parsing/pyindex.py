"""The Python nodes the analyses read, found in one pass over a step's tree.

The Python counterpart of `jsindex`: calls, attribute and subscript reads, string constants,
comparisons, `if` statements, and the statement or `await` whose `.value` a node is (a call's
parent when it is an expression statement, an assignment or an await), in `ast.walk` order.
`py_summary(value)` is what taint predicates look at in one assigned value.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from checks.parsing.code import Code
from checks.parsing.pyscope import walk_no_functions

# Nodes whose only child that can be a call (or an await) is `.value`.
_VALUE_PARENTS = frozenset({ast.Expr, ast.Assign, ast.Await})
_INDEXED = frozenset({ast.Call, ast.Attribute, ast.Subscript, ast.Constant, ast.Compare, ast.If})
_INDEXED_ANY = _INDEXED | _VALUE_PARENTS


@dataclass
class PyIndex:
    calls: list[ast.Call] = field(default_factory=list)
    members: list[ast.AST] = field(default_factory=list)  # Attribute and Subscript nodes
    strings: list[str] = field(default_factory=list)  # values of str constants
    compares: list[ast.Compare] = field(default_factory=list)
    ifs: list[ast.If] = field(default_factory=list)
    # id(n.value) -> n for every Expr, Assign and Await
    value_parents: dict[int, ast.AST] = field(default_factory=dict)


def py_index(code: Code) -> PyIndex:
    """The step's indexed nodes, found once per `Code`."""
    return code.memo(py_index, lambda: _index(code))


def _index(code: Code) -> PyIndex:
    ix = PyIndex()
    for node in code.py_nodes:
        cls = type(node)  # parsed trees hold these exact classes, never subclasses
        if cls not in _INDEXED_ANY:
            continue
        if cls is ast.Call:
            ix.calls.append(node)  # type: ignore[arg-type]
        elif cls is ast.Attribute or cls is ast.Subscript:
            ix.members.append(node)
        elif cls is ast.Constant:
            value = node.value  # type: ignore[attr-defined]
            if isinstance(value, str):
                ix.strings.append(value)
        elif cls is ast.Compare:
            ix.compares.append(node)  # type: ignore[arg-type]
        elif cls is ast.If:
            ix.ifs.append(node)  # type: ignore[arg-type]
        if cls in _VALUE_PARENTS:
            ix.value_parents[id(node.value)] = node  # type: ignore[attr-defined]
    return ix


@dataclass(slots=True)
class PySummary:
    """What taint predicates look at in an expression, nested functions excluded (the Python
    counterpart of `checks.parsing.component.Summary`)."""

    ids: set[int]  # id() of every node
    names: set[str]  # Name ids
    calls: list[ast.AST]
    lookups: list[ast.AST]  # subscripts and calls (what may read a request path)


def py_summary(value: ast.AST) -> PySummary:
    s = PySummary(set(), set(), [], [])
    for n in walk_no_functions(value):
        s.ids.add(id(n))
        cls = type(n)
        if cls is ast.Name:
            s.names.add(n.id)  # type: ignore[attr-defined]
        elif cls is ast.Call:
            s.calls.append(n)
            s.lookups.append(n)
        elif cls is ast.Subscript:
            s.lookups.append(n)
    return s
