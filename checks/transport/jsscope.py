"""Static facts about a JS/TS step: imports, constant bindings, one-line methods, URL prefixes."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from checks.parsing import Code
from checks.parsing.js import (
    call_arguments,
    member_path,
    object_property,
    property_key,
    string_value,
    text,
)
from checks.transport.jsindex import typed_nodes
from checks.transport.sites import UNKNOWN_URL, StaticUrl, UrlLiteral, literal_scheme_start

MAX_DEPTH = 6


def module_name(spec: str) -> str:
    """`node:http` → `http`; `axios@0.19.2` → `axios`; `@scope/name@1.6` → `@scope/name`."""
    spec = spec.strip().removeprefix("node:")
    if spec.startswith("@"):
        scope, _, rest = spec.partition("/")
        name = rest.split("@", 1)[0].split("/", 1)[0]
        return f"{scope}/{name}"
    return spec.split("@", 1)[0].split("/", 1)[0]


# ASCII bytes that continue a JS identifier: a keyword or name next to one is part of a longer one.
IDENT_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")


class JsScope:
    """Bindings of one file, from one pass over its tree (scopes are approximated by position)."""

    def __init__(self, code: Code, index: bool = True) -> None:
        self.code = code
        self.bindings: dict[str, list[tuple[int, Node]]] = {}
        self.imports: dict[str, str] = {}
        self.methods: dict[str, Node] = {}
        if index:
            self._index()

    @classmethod
    def imports_only(cls, code: Code) -> JsScope:
        """A scope whose `imports` (only) match the full index, for a tree without errors.

        Only import statements and declarators whose value calls `require`/`import` write
        `imports`; each one holds that keyword, so they are found from the source bytes and
        applied in the same (document) order as the full walk.
        """
        scope = cls(code, index=False)
        for node in _import_writers(code):
            if node.type == "import_statement":
                scope._import(node)
            else:
                scope._declarator(node)
        return scope

    # -- indexing ---------------------------------------------------------------------------

    def _index(self) -> None:
        for t, node in typed_nodes(self.code):
            if t == "variable_declarator":
                self._declarator(node)
            elif t == "assignment_expression":
                left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
                if left is not None and right is not None and left.type == "identifier":
                    self.bindings.setdefault(text(left), []).append((node.start_byte, right))
            elif t == "import_statement":
                self._import(node)
            elif t == "method_definition":
                name, body = node.child_by_field_name("name"), node.child_by_field_name("body")
                if name is not None and body is not None:
                    self._method(text(name), body)
            elif t == "pair":
                self._pair(node)

    def _pair(self, node: Node) -> None:
        """`name: function () { return … }` or `name: () => …` in an object literal."""
        # Most pairs hold plain values: look at the value before fetching the key.
        value = node.child_by_field_name("value")
        if value is None or value.type not in ("function_expression", "arrow_function", "function"):
            return
        key = node.child_by_field_name("key")
        if key is not None:
            body = value.child_by_field_name("body")
            if body is not None:
                self._method(property_key(key), body)

    def _declarator(self, node: Node) -> None:
        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        if name is None or value is None:
            return
        module = self._required_module(value)
        if name.type == "identifier":
            self.bindings.setdefault(text(name), []).append((node.start_byte, value))
            if module is not None:
                self.imports[text(name)] = module
        elif name.type == "object_pattern" and module is not None:
            for child in name.named_children:
                if child.type == "shorthand_property_identifier_pattern":
                    self.imports[text(child)] = f"{module}.{text(child)}"
                elif child.type == "pair_pattern":
                    key, val = child.child_by_field_name("key"), child.child_by_field_name("value")
                    if key is not None and val is not None and val.type == "identifier":
                        self.imports[text(val)] = f"{module}.{property_key(key)}"

    def _required_module(self, value: Node) -> str | None:
        """`require("m")`, `require("m").default`, `await import("m")`."""
        node = value
        if node.type == "await_expression" and node.named_child_count:
            node = node.named_children[0]
        if (
            node.type == "member_expression"
            and text(node.child_by_field_name("property")) == "default"
        ):
            node = node.child_by_field_name("object") or node
        if node.type != "call_expression":
            return None
        fn = node.child_by_field_name("function")
        if fn is None or text(fn) not in ("require", "import"):
            return None
        args = call_arguments(node)
        if len(args) == 1:
            spec = string_value(args[0])
            if spec:
                return module_name(spec)
        return None

    def _import(self, node: Node) -> None:
        source = node.child_by_field_name("source")
        spec = string_value(source) if source is not None else None
        if not spec:
            return
        module = module_name(spec)
        for clause in node.named_children:
            if clause.type != "import_clause":
                continue
            for part in clause.named_children:
                if part.type == "identifier":
                    self.imports[text(part)] = module
                elif part.type == "namespace_import":
                    ids = [c for c in part.named_children if c.type == "identifier"]
                    if ids:
                        self.imports[text(ids[-1])] = module
                elif part.type == "named_imports":
                    for spec_node in part.named_children:
                        if spec_node.type != "import_specifier":
                            continue
                        name = spec_node.child_by_field_name("name")
                        alias = spec_node.child_by_field_name("alias") or name
                        if name is not None and alias is not None:
                            imported = text(name)
                            local = text(alias)
                            self.imports[local] = (
                                module if imported == "default" else f"{module}.{imported}"
                            )

    def _method(self, name: str, body: Node) -> None:
        if body.type != "statement_block":
            self.methods.setdefault(name, body)  # arrow function with an expression body
            return
        returns = [c for c in body.named_children if c.type == "return_statement"]
        if len(returns) == 1 and returns[0].named_child_count == 1:
            self.methods.setdefault(name, returns[0].named_children[0])

    # -- queries ----------------------------------------------------------------------------

    def resolve(self, ident: Node) -> Node | None:
        """The value bound to an identifier: the nearest binding before it, else the only one."""
        entries = self.bindings.get(text(ident))
        if not entries:
            return None
        before = [v for pos, v in entries if pos < ident.start_byte and not _contains(v, ident)]
        if before:
            return before[-1]
        return entries[0][1] if len(entries) == 1 and not _contains(entries[0][1], ident) else None

    def qualified(self, callee: str | None) -> str | None:
        """`ax.get` → `axios.get` when `ax` was imported from axios; globals stay as they are."""
        if not callee:
            return None
        head, dot, rest = callee.partition(".")
        module = self.imports.get(head)
        if module is None:
            return callee
        return f"{module}{dot}{rest}" if dot else module

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
            value = self.resolve(node)
            return self.static_url(value, depth + 1) if value is not None else UNKNOWN_URL
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
            key = text(node.child_by_field_name("property"))
        else:
            index = node.child_by_field_name("index")
            key = string_value(index) if index is not None else None
        if obj is None or not key:
            return UNKNOWN_URL
        target = self.resolve(obj) if obj.type == "identifier" else None
        if target is not None and target.type == "object":
            value = object_property(target, key)
            if value is not None:
                if value.type == "shorthand_property_identifier":
                    bound = self.resolve(value)
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
        body = self.methods.get(name)
        if body is not None and (path == name or path.startswith("this.")):
            return self.static_url(body, depth + 1)
        return UNKNOWN_URL


_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "/": "/", "\\": "\\", "`": "`", "$": "$"}


def string_value_escape(node: Node) -> str:
    """The character a simple escape sequence stands for (others are kept as written)."""
    raw = text(node)
    return _SIMPLE_ESCAPES.get(raw[1:], raw) if len(raw) == 2 else raw


def _import_writers(code: Code) -> list[Node]:
    """Import statements and the declarators that may bind a required module, in pre-order."""
    tree = code.js_tree
    if tree is None:
        return []
    root, data = tree.root_node, code.data
    found: dict[tuple[int, int], Node] = {}
    for start, end in word_spans(data, (b"import", b"require")):
        node = root.named_descendant_for_byte_range(start, end)
        if node is None:
            continue
        if node.type != "import_statement":
            if node.start_byte != start or node.end_byte != end:
                continue  # not the callee `require` / `import` itself
            node = _declarator_above(node)
            if node is None:
                continue
        found[(node.start_byte, -node.end_byte)] = node
    return [found[key] for key in sorted(found)]


def word_spans(data: bytes, words: tuple[bytes, ...]) -> Iterator[tuple[int, int]]:
    """Spans of `words` in `data` with no identifier byte on either side."""
    for word in words:
        start = data.find(word)
        while start != -1:
            end = start + len(word)
            if (start == 0 or data[start - 1] not in IDENT_BYTES) and (
                end == len(data) or data[end] not in IDENT_BYTES
            ):
                yield start, end
            start = data.find(word, start + 1)


def _declarator_above(callee: Node) -> Node | None:
    """The declarator whose value may be `require(…)`, `import(…)` with `.default`/`await`."""
    node: Node | None = callee
    for _ in range(4):  # callee → call → `.default` → `await` → declarator
        node = node.parent if node is not None else None
        if node is None:
            return None
        if node.type == "variable_declarator":
            return node
    return None


def _contains(outer: Node, inner: Node) -> bool:
    return outer.start_byte <= inner.start_byte and inner.end_byte <= outer.end_byte
