"""`Code`: a step's source text with byte/line mapping and its parse tree, parsed once."""

from __future__ import annotations

import ast
import bisect
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar, cast

from checks.model import Language

if TYPE_CHECKING:
    from tree_sitter import Node, Tree

T = TypeVar("T")


@dataclass
class Code:
    """Source text of one step. Offsets are UTF-8 byte offsets into `data`."""

    text: str
    language: Language
    data: bytes = field(init=False, repr=False)
    _memo: dict[Hashable, object] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.data = self.text.encode("utf-8", "surrogatepass")
        self._memo = {}

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """The structure `build` derives from this code, built once per key and kept with it.

        The one way analyses share per-step work (scopes, facts, sites, flows): the memo lives
        and dies with the `Code`, so nothing outlives the scan of the step.
        """
        try:
            return cast(T, self._memo[key])
        except KeyError:
            value = self._memo[key] = build()
            return value

    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        find = self.data.find
        pos = find(b"\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find(b"\n", pos + 1)
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a byte offset; the column counts characters."""
        idx = bisect.bisect_right(self.line_starts, offset) - 1
        start = self.line_starts[idx]
        col = len(self.data[start:offset].decode("utf-8", "replace")) + 1
        return idx + 1, col

    def offset(self, line: int, byte_col: int = 0) -> int:
        """Byte offset of a 1-based line and a 0-based byte column (what `ast` reports)."""
        line = max(1, min(line, len(self.line_starts)))
        return self.line_starts[line - 1] + byte_col

    def line_text(self, line: int) -> str:
        if line < 1 or line > len(self.line_starts):
            return ""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.data)
        return self.data[start:end].decode("utf-8", "replace").rstrip("\r")

    def slice(self, start: int, end: int) -> str:
        return self.data[start:end].decode("utf-8", "replace")

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    # -- parse trees ------------------------------------------------------------------------

    @cached_property
    def js_tree(self) -> Tree | None:
        if not self.language.is_js:
            return None
        from checks.parsing.js import parse_js

        return parse_js(self.data, typescript=self.language is Language.TYPESCRIPT)

    @cached_property
    def js_nodes(self) -> list[Node]:
        """Every node of the JS/TS tree in pre-order, computed once and shared by all rules."""
        tree = self.js_tree
        if tree is None:
            return []
        from checks.parsing.js import walk

        return list(walk(tree.root_node))

    @cached_property
    def py_nodes(self) -> list[ast.AST]:
        """Every node of the Python tree in `ast.walk` order, computed once."""
        tree = self.py_tree
        return ast_walk_list(tree) if tree is not None else []

    @cached_property
    def _py_parse(self) -> tuple[ast.Module | None, str | None]:
        """Parse Python once: (tree, error)."""
        try:
            return ast.parse(self.text), None
        except SyntaxError as exc:
            return None, f"Python syntax error at line {exc.lineno}: {exc.msg}"
        except (ValueError, RecursionError, MemoryError) as exc:
            return None, f"Python code could not be parsed: {type(exc).__name__}"

    @property
    def py_tree(self) -> ast.Module | None:
        if self.language is not Language.PYTHON:
            return None
        return self._py_parse[0]

    @cached_property
    def parse_error(self) -> str | None:
        """A one-line description of why the code did not parse fully, or None."""
        if self.language is Language.PYTHON:
            return self._py_parse[1]
        if self.language.is_js:
            tree = self.js_tree
            if tree is None:
                return "JavaScript parser unavailable"
            if tree.root_node.has_error:
                node = _first_error(tree.root_node)
                line = node.start_point[0] + 1 if node is not None else 1
                return f"JavaScript syntax error near line {line}"
        return None

    def js_node_text(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def py_node_offsets(self, node: ast.AST) -> tuple[int, int]:
        """Byte span of an ast node (needs lineno/end_lineno)."""
        start = self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        end = self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
        return start, end


def ast_walk_list(root: ast.AST) -> list[ast.AST]:
    """`list(ast.walk(root))` (breadth first, fields in order) without its generators."""
    out = [root]
    node_type, append, extend = ast.AST, out.append, out.extend
    i = 0
    while i < len(out):
        node = out[i]
        i += 1
        for name in node._fields:
            value = getattr(node, name, None)  # ast.iter_fields skips a missing field too
            if isinstance(value, node_type):
                append(value)
            elif isinstance(value, list):
                extend([item for item in value if isinstance(item, node_type)])
    return out


def _first_error(node: Node) -> Node | None:
    stack = [node]
    while stack:
        cur = stack.pop()
        if cur.is_error or cur.is_missing:
            return cur
        if cur.has_error:
            stack.extend(reversed(cur.children))
    return None


def parse_code(text: str, language: Language) -> Code:
    return Code(text=text, language=language)
