"""What a Python expression says about a URL: its statically known prefix (`StaticUrl`)."""

from __future__ import annotations

import ast

from checks.parsing.pyscope import PyScope, dotted
from checks.transport.sites import UNKNOWN_URL, StaticUrl, UrlLiteral, literal_scheme_start

MAX_DEPTH = 6


class PyUrls:
    """URL prefixes of expressions, following the names the step's scope resolves."""

    def __init__(self, scope: PyScope) -> None:
        self.scope = scope
        self.code = scope.code

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
            value = self.scope.resolve(node.id, node)
            return self.static_url(value, depth + 1) if value is not None else UNKNOWN_URL
        if isinstance(node, ast.Attribute):
            path = dotted(node)
            if path and path in self.scope.bindings:
                value = self.scope.resolve(path, node)
                if value is not None:
                    return self.static_url(value, depth + 1)
            if node.attr in self.scope.class_attrs:
                return self.static_url(self.scope.class_attrs[node.attr], depth + 1)
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
        name = self.scope.qualified(fn) or ""
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
        if short in self.scope.functions and (name == short or name.startswith(("self.", "cls."))):
            return self.static_url(self.scope.functions[short], depth + 1)
        return UNKNOWN_URL
