"""What a JS/TS expression says about a URL: its statically known prefix (`StaticUrl`)."""

from __future__ import annotations

from tree_sitter import Node

from checks.parsing.js import (
    call_arguments,
    member_path,
    object_property,
    string_value,
    text,
)
from checks.parsing.jsscope import JsScope
from checks.transport.sites import UNKNOWN_URL, StaticUrl, UrlLiteral, literal_scheme_start

MAX_DEPTH = 6


class JsUrls:
    """URL prefixes of expressions, following the names the step's scope resolves."""

    def __init__(self, scope: JsScope) -> None:
        self.scope = scope
        self.code = scope.code

    def static_url(self, node: Node | None, depth: int = 0) -> StaticUrl:
        """The statically known prefix of a string-valued expression."""
        if node is None or depth > MAX_DEPTH:
            return UNKNOWN_URL
        t = node.type
        if t == "string":
            value = string_value(node) or ""
            return StaticUrl(value, True, self._literal(node))
        if t == "template_string":
            return self._template(node, depth)
        if t == "parenthesized_expression" and node.named_child_count == 1:
            return self.static_url(node.named_children[0], depth + 1)
        if t == "binary_expression" and text(node.child_by_field_name("operator")) == "+":
            left = self.static_url(node.child_by_field_name("left"), depth + 1)
            if not left.complete:
                return left
            right = self.static_url(node.child_by_field_name("right"), depth + 1)
            return StaticUrl(
                left.prefix + right.prefix,
                right.complete,
                left.literal or (right.literal if not left.prefix else None),
            )
        if t == "identifier":
            bound = self.scope.resolve(node)
            return self.static_url(bound, depth + 1) if bound is not None else UNKNOWN_URL
        if t in ("member_expression", "subscript_expression"):
            return self._member(node, depth)
        if t == "call_expression":
            return self._call(node, depth)
        if t == "new_expression":
            ctor = node.child_by_field_name("constructor")
            if ctor is not None and text(ctor) == "URL":
                args = call_arguments(node)
                if not args:
                    return UNKNOWN_URL
                first = self.static_url(args[0], depth + 1)
                if first.parts is not None or len(args) < 2:
                    return first
                base = self.static_url(args[1], depth + 1)
                return StaticUrl(base.prefix, False, base.literal)
        if (
            t in ("as_expression", "non_null_expression", "satisfies_expression")
            and node.named_child_count
        ):
            return self.static_url(node.named_children[0], depth + 1)
        return UNKNOWN_URL

    def _literal(self, node: Node) -> UrlLiteral | None:
        raw = self.code.data[node.start_byte : node.end_byte]
        scheme = literal_scheme_start(raw, node.start_byte)
        return UrlLiteral(node.start_byte, node.end_byte, scheme) if scheme is not None else None

    def _template(self, node: Node, depth: int) -> StaticUrl:
        prefix = ""
        literal = None
        for i, child in enumerate(node.named_children):
            if child.type in ("string_fragment", "escape_sequence"):
                if i == 0:
                    literal = self._literal(node)
                prefix += (
                    text(child) if child.type == "string_fragment" else string_value_escape(child)
                )
            elif child.type == "template_substitution":
                inner = child.named_children[0] if child.named_child_count else None
                part = self.static_url(inner, depth + 1)
                if i == 0 and part.prefix:
                    literal = part.literal
                prefix += part.prefix
                if not part.complete:
                    return StaticUrl(prefix, False, literal)
        return StaticUrl(prefix, True, literal)

    def _member(self, node: Node, depth: int) -> StaticUrl:
        """`config.baseUrl` where `config` is bound to an object literal."""
        obj = node.child_by_field_name("object")
        if node.type == "member_expression":
            key: str | None = text(node.child_by_field_name("property"))
        else:
            index = node.child_by_field_name("index")
            key = string_value(index) if index is not None else None
        if obj is None or not key:
            return UNKNOWN_URL
        target = self.scope.resolve(obj) if obj.type == "identifier" else None
        if target is not None and target.type == "object":
            value = object_property(target, key)
            if value is not None:
                if value.type == "shorthand_property_identifier":
                    bound = self.scope.resolve(value)
                    return self.static_url(bound, depth + 1) if bound is not None else UNKNOWN_URL
                return self.static_url(value, depth + 1)
        return UNKNOWN_URL

    def _call(self, node: Node, depth: int) -> StaticUrl:
        """`this._baseUrl()` / `baseUrl()` for a method whose body is one `return`."""
        fn = node.child_by_field_name("function")
        if fn is None:
            return UNKNOWN_URL
        path = member_path(fn) if fn.type != "identifier" else text(fn)
        if not path:
            return UNKNOWN_URL
        name = path.rsplit(".", 1)[-1]
        if name in ("toString", "trim") and fn.type == "member_expression":
            return self.static_url(fn.child_by_field_name("object"), depth + 1)
        if name in ("encodeURI", "String"):
            args = call_arguments(node)
            return self.static_url(args[0], depth + 1) if args else UNKNOWN_URL
        body = self.scope.methods.get(name)
        if body is not None and (path == name or path.startswith("this.")):
            return self.static_url(body, depth + 1)
        return UNKNOWN_URL


_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "/": "/", "\\": "\\", "`": "`", "$": "$"}


def string_value_escape(node: Node) -> str:
    """The character a simple escape sequence stands for (others are kept as written)."""
    raw = text(node)
    return _SIMPLE_ESCAPES.get(raw[1:], raw) if len(raw) == 2 else raw
