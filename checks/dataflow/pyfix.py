"""Fixes for the Python data flow's log findings: mask the value, log keys only, or remove.

`log_fix(analysis, sink, value, taints)` gives the edits and a summary for a value a log call
prints: each sensitive part (a name, attribute, subscript, f-string part or `+` operand) is
masked (`str(x)[:4] + "…"`) or, for objects, reduced to its keys (`list(x)`); a value with no
such parts loses its statement.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from checks.dataflow.model import SinkKind, SourceKind, Taint, concrete, reportable
from checks.parsing import Code
from checks.parsing.pybindings import Chain

if TYPE_CHECKING:
    from checks.dataflow.model import Shape
    from checks.dataflow.py import PyAnalysis, _Sink


def log_fix(
    a: PyAnalysis, sink: _Sink, value: ast.AST, taints: list[Taint]
) -> tuple[tuple[tuple[int, int, str], ...], str | None]:
    if sink.kind is not SinkKind.LOG or any(t.kind is SourceKind.SECRET_LITERAL for t in taints):
        return (), None
    anchors = _anchors(a, value, sink.chain, None)
    if anchors:
        edits = []
        kinds = set()
        for node, shape, quote in anchors:
            s, e = a.code.py_node_offsets(node)
            src = a.code.data[s:e].decode("utf-8", "surrogateescape")
            if shape.is_object:
                new = f"list({src})"
                kinds.add("log the keys only")
            else:
                q = "'" if quote == '"' else '"'
                new = f"str({src})[:4] + {q}…{q}"
                if quote is None and isinstance(a.parents.get(id(node)), ast.BinOp):
                    new = f"({new})"
                kinds.add("mask the value")
            edits.append((s, e, new))
        return tuple(edits), "; ".join(sorted(kinds))
    if sink.statement is not None:
        removal = statement_removal(a.code, sink.statement, sink.siblings)
        return (removal,), "remove the log statement"
    return (), None


def _anchors(
    a: PyAnalysis, node: ast.AST, chain: Chain, quote: str | None
) -> list[tuple[ast.AST, Shape, str | None]] | None:
    taints = reportable(a.eval(node, chain))
    if a.helpers_on:
        taints = concrete(taints)
    if not taints:
        return []
    if isinstance(node, ast.Name | ast.Attribute | ast.Subscript):
        shapes = {t.shape for t in taints}
        if any(t.contained for t in taints) or len(shapes) != 1:
            return None
        return [(node, shapes.pop(), quote)]
    if isinstance(node, ast.JoinedStr):
        if a._literal(node):
            return None
        q = fstring_quote(a.code, node)
        if q is None:
            return None
        out: list[tuple[ast.AST, Shape, str | None]] = []
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                sub = _anchors(a, part.value, chain, q)
                if sub is None:
                    return None
                out.extend(sub)
        return out
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        out = []
        for part in (node.left, node.right):
            a.parents[id(part)] = node
            sub = _anchors(a, part, chain, quote)
            if sub is None:
                return None
            out.extend(sub)
        return out
    return None


def statement_removal(code: Code, stmt: ast.stmt, siblings: int) -> tuple[int, int, str]:
    s, e = code.py_node_offsets(stmt)
    data = code.data
    line_start = data.rfind(b"\n", 0, s) + 1
    line_end = data.find(b"\n", e)
    line_end = len(data) if line_end == -1 else line_end
    whole = data[line_start:s].strip() == b"" and data[e:line_end].strip() in (b"", b";")
    if siblings <= 1:
        return (s, e, "pass")
    if whole:
        return (line_start, min(line_end + 1, len(data)), "")
    return (s, e, "pass")


def fstring_quote(code: Code, node: ast.JoinedStr) -> str | None:
    """The quote character delimiting an f-string (None: triple-quoted or unknown)."""
    s, _ = code.py_node_offsets(node)
    head = code.data[s : s + 5].decode("ascii", "replace")
    stripped = head.lstrip("fFrRbBuU")
    if stripped.startswith(('"""', "'''")):
        return None
    if stripped[:1] in ('"', "'"):
        return stripped[:1]
    return None
