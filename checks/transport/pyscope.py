"""Static facts about a Python step: imports, constants, one-return functions, URL prefixes."""

from __future__ import annotations

import ast

from checks.parsing import Code
from checks.transport.sites import UNKNOWN_URL, StaticUrl, UrlLiteral, literal_scheme_start

MAX_DEPTH = 6


def dotted(node: ast.AST) -> str | None:
    """`requests.Session` for an Attribute/Name chain, else None."""
    parts: list[str] = []
    cur = node
    while isinstance(cur, ast.Attribute):
        parts.append(cur.attr)
        cur = cur.value
    if isinstance(cur, ast.Name):
        parts.append(cur.id)
        return ".".join(reversed(parts))
    return None


class PyScope:
    """Bindings of one module, collected in one walk; scopes are approximated by position."""

    def __init__(self, code: Code) -> None:
        self.code = code
        self.tree = code.py_tree
        self.imports: dict[str, str] = {}
        self.bindings: dict[str, list[tuple[tuple[int, int], ast.AST]]] = {}
        self.functions: dict[str, ast.AST] = {}
        self.class_attrs: dict[str, ast.AST] = {}
        if self.tree is not None:
            self._index(self.tree)

    def _index(self, tree: ast.Module) -> None:
        for node in self.code.py_nodes if tree is self.code.py_tree else ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.imports[alias.asname] = alias.name
                    else:
                        head = alias.name.split(".", 1)[0]
                        self.imports.setdefault(head, head)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind(target, node.value, node)
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                self._bind(node.target, node.value, node)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if item.optional_vars is not None:
                        self._bind(item.optional_vars, item.context_expr, node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                returns = [
                    s for s in node.body if isinstance(s, ast.Return) and s.value is not None
                ]
                if len(returns) == 1:
                    self.functions.setdefault(node.name, returns[0].value)  # type: ignore[arg-type]
            elif isinstance(node, ast.ClassDef):
                for stmt in node.body:
                    if isinstance(stmt, ast.Assign):
                        for target in stmt.targets:
                            if isinstance(target, ast.Name):
                                self.class_attrs.setdefault(target.id, stmt.value)

    def _bind(self, target: ast.AST, value: ast.AST, at: ast.AST) -> None:
        key = dotted(target) if isinstance(target, (ast.Name, ast.Attribute)) else None
        if key:
            pos = (at.lineno, at.col_offset)  # type: ignore[attr-defined]
            self.bindings.setdefault(key, []).append((pos, value))

    # -- queries ----------------------------------------------------------------------------

    def resolve(self, name: str, at: ast.AST) -> ast.AST | None:
        entries = self.bindings.get(name)
        if not entries:
            return None
        pos = (getattr(at, "lineno", 0), getattr(at, "col_offset", 0))
        before = [v for p, v in entries if p < pos and not _inside(at, v)]
        if before:
            return before[-1]
        return entries[0][1] if len(entries) == 1 and not _inside(at, entries[0][1]) else None

    def qualified(self, node: ast.AST) -> str | None:
        """Dotted name with import aliases resolved (`rq.get` → `requests.get`)."""
        path = dotted(node)
        if path is None:
            return None
        head, dot, rest = path.partition(".")
        module = self.imports.get(head)
        if module is None:
            return path
        return f"{module}{dot}{rest}" if dot else module

    def static_url(self, node: ast.AST | None, depth: int = 0) -> StaticUrl:
        if node is None or depth > MAX_DEPTH:
            return UNKNOWN_URL
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                return StaticUrl(node.value, True, self._literal(node))
            return UNKNOWN_URL
        if isinstance(node, ast.JoinedStr):
            return self._fstring(node, depth)
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Add):
                left = self.static_url(node.left, depth + 1)
                if not left.complete:
                    return left
                right = self.static_url(node.right, depth + 1)
                literal = left.literal or (right.literal if not left.prefix else None)
                return StaticUrl(left.prefix + right.prefix, right.complete, literal)
            if isinstance(node.op, ast.Mod):
                left = self.static_url(node.left, depth + 1)
                cut = left.prefix.find("%")
                return StaticUrl(
                    left.prefix[:cut] if cut != -1 else left.prefix, False, left.literal
                )
            return UNKNOWN_URL
        if isinstance(node, ast.Name):
            value = self.resolve(node.id, node)
            return self.static_url(value, depth + 1) if value is not None else UNKNOWN_URL
        if isinstance(node, ast.Attribute):
            path = dotted(node)
            if path and path in self.bindings:
                value = self.resolve(path, node)
                if value is not None:
                    return self.static_url(value, depth + 1)
            if node.attr in self.class_attrs:
                return self.static_url(self.class_attrs[node.attr], depth + 1)
            return UNKNOWN_URL
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        return UNKNOWN_URL

    def _literal(self, node: ast.AST) -> UrlLiteral | None:
        try:
            start, end = self.code.py_node_offsets(node)
        except (AttributeError, TypeError):
            return None
        scheme = literal_scheme_start(self.code.data[start:end], start)
        return UrlLiteral(start, end, scheme) if scheme is not None else None

    def _fstring(self, node: ast.JoinedStr, depth: int) -> StaticUrl:
        prefix = ""
        literal = None
        for i, value in enumerate(node.values):
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                if i == 0:
                    literal = self._literal(node)
                prefix += value.value
            elif isinstance(value, ast.FormattedValue):
                part = self.static_url(value.value, depth + 1)
                if i == 0 and part.prefix:
                    literal = part.literal
                prefix += part.prefix
                if not part.complete or value.format_spec is not None:
                    return StaticUrl(prefix, False, literal)
        return StaticUrl(prefix, True, literal)

    def _call(self, node: ast.Call, depth: int) -> StaticUrl:
        fn = node.func
        if isinstance(fn, ast.Attribute) and fn.attr == "format":
            base = self.static_url(fn.value, depth + 1)
            cut = base.prefix.find("{")
            return StaticUrl(base.prefix[:cut] if cut != -1 else base.prefix, False, base.literal)
        name = self.qualified(fn) or ""
        if name.endswith("urljoin") and node.args:
            if len(node.args) > 1:
                second = self.static_url(node.args[1], depth + 1)
                if second.parts is not None:
                    return second
            base = self.static_url(node.args[0], depth + 1)
            return StaticUrl(base.prefix, False, base.literal)
        if name in ("str",) and node.args:
            return self.static_url(node.args[0], depth + 1)
        short = name.rsplit(".", 1)[-1]
        if short in self.functions and (name == short or name.startswith(("self.", "cls."))):
            return self.static_url(self.functions[short], depth + 1)
        return UNKNOWN_URL


def _inside(node: ast.AST, container: ast.AST) -> bool:
    """Whether `node` lies within `container` (a binding must not resolve to itself)."""
    try:
        start = (container.lineno, container.col_offset)  # type: ignore[attr-defined]
        end = (container.end_lineno, container.end_col_offset)  # type: ignore[attr-defined]
        pos = (node.lineno, node.col_offset)  # type: ignore[attr-defined]
    except AttributeError:
        return False
    return start <= pos < end
