"""The JavaScript/TypeScript half of the semantic model: imports, bindings, qualified callees.

One `JsScope` per step (`js_scope(code)`, memoised on the `Code`): import aliases from `import`
statements, `require(…)` and `await import(…)` (default, namespace, named and destructured
forms), the values bound to names (declarations and plain assignments, by position), and the
one-`return` methods and object-literal functions of the file. Every analysis asks it the same
questions: `qualified("ax.get")` → `axios.get`, `imported(callee)` (only names that come from
a module), `resolve(ident)` (the value bound before the use), `is_parameter(ident)`.
Scopes are approximated by position; the resolver gives up (None) when a name has several
bindings and none precedes the use.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from checks.parsing.code import Code
from checks.parsing.js import (
    FUNCTION_TYPES,
    call_arguments,
    call_name,
    member_path,
    object_property,
    property_key,
    string_value,
    text,
)
from checks.parsing.jsindex import declaration_nodes
from checks.parsing.values import MAX_ORIGIN_DEPTH, Origin, OriginKind
from checks.parsing.vocabulary import JS_CLIENT_FAMILIES, JS_FETCH

# ASCII bytes that continue a JS identifier: a keyword or name next to one is part of a longer one.
IDENT_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")
# The declarations `_index` reads (calls and `new`s need no index here).
_INDEXED = (
    "variable_declarator",
    "assignment_expression",
    "import_statement",
    "method_definition",
    "pair",
)
_INDEXED_SET = frozenset(_INDEXED)
_WRAPPERS = (
    "parenthesized_expression",
    "as_expression",
    "non_null_expression",
    "satisfies_expression",
    "type_assertion",
)


def js_scope(code: Code) -> JsScope:
    """The step's scope, built once per `Code`."""
    return code.memo(js_scope, lambda: JsScope(code))


def js_imports(code: Code) -> JsScope:
    """A scope with only `imports` indexed (cheap early exits; same imports as `js_scope`)."""
    return code.memo(js_imports, lambda: JsScope.imports_only(code))


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
        # `const { a, b: c } = value`: name -> (position, value, key) (not `require`s)
        self.destructured: dict[str, list[tuple[int, Node, str]]] = {}
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
        # `of_type(self.code, *_INDEXED)`: all are declaration types, and none of them is the
        # only child of another spanning the same bytes, so their pre-order is that order.
        for t, node in declaration_nodes(self.code):
            if t not in _INDEXED_SET:
                continue
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
        elif name.type == "object_pattern" and module is None:
            for child in name.named_children:
                if child.type == "shorthand_property_identifier_pattern":
                    key, local = text(child), text(child)
                elif child.type == "pair_pattern":
                    k, v = child.child_by_field_name("key"), child.child_by_field_name("value")
                    if k is None or v is None or v.type != "identifier":
                        continue
                    key, local = property_key(k), text(v)
                else:
                    continue
                self.destructured.setdefault(local, []).append((node.start_byte, value, key))
        elif name.type == "object_pattern" and module is not None:
            for child in name.named_children:
                if child.type == "shorthand_property_identifier_pattern":
                    self.imports[text(child)] = f"{module}.{text(child)}"
                elif child.type == "pair_pattern":
                    k, v = child.child_by_field_name("key"), child.child_by_field_name("value")
                    if k is not None and v is not None and v.type == "identifier":
                        self.imports[text(v)] = f"{module}.{property_key(k)}"

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

    # -- what an expression can hold --------------------------------------------------------

    def origins(self, node: Node | None, depth: int = 0) -> Iterator[Origin]:
        """Every origin `node` can hold (see `checks.parsing.values.OriginKind`).

        Follows names to the value bound before the use (not parameters), members into object
        literals (`CONFIG.stripe.webhookSecret`), destructuring (`const { key } = CONFIG`),
        template substitutions, `+`, `||`, `??` and `?:`. Gives up (UNKNOWN with `why`) past
        `MAX_ORIGIN_DEPTH` steps.
        """
        node = unwrap(node)
        if node is None:
            return
        if node.type == "await_expression" and node.named_child_count:
            yield from self.origins(node.named_children[-1], depth)
            return
        start, end = node.start_byte, node.end_byte
        if depth > MAX_ORIGIN_DEPTH:
            yield Origin(OriginKind.UNKNOWN, start, end, why="too deep")
            return
        t = node.type
        if t in ("identifier", "shorthand_property_identifier"):
            yield from self._name_origins(node, depth)
        elif t in ("member_expression", "subscript_expression"):
            yield from self._member_origins(node, depth)
        elif t == "string" or (t == "template_string" and string_value(node) is not None):
            yield Origin(OriginKind.LITERAL, start, end, value=string_value(node) or "")
        elif t == "template_string":
            for child in node.named_children:
                if child.type == "template_substitution" and child.named_child_count:
                    yield from self.origins(child.named_children[0], depth + 1)
        elif t == "binary_expression":
            if text(node.child_by_field_name("operator")) in ("||", "??", "+"):
                yield from self.origins(node.child_by_field_name("left"), depth + 1)
                yield from self.origins(node.child_by_field_name("right"), depth + 1)
            else:
                yield Origin(OriginKind.UNKNOWN, start, end, why="operator")
        elif t == "ternary_expression":
            yield from self.origins(node.child_by_field_name("consequence"), depth + 1)
            yield from self.origins(node.child_by_field_name("alternative"), depth + 1)
        elif t == "call_expression" and self._http_client(node):
            yield Origin(OriginKind.HTTP_RESPONSE, start, end, name=call_name(node) or "")
        else:
            yield Origin(OriginKind.UNKNOWN, start, end, why=t)

    def _name_origins(self, ident: Node, depth: int) -> Iterator[Origin]:
        start, end = ident.start_byte, ident.end_byte
        if is_parameter(ident):
            yield Origin(OriginKind.UNKNOWN, start, end, name=text(ident), why="parameter")
            return
        bound = self.resolve(ident)
        if bound is not None:
            yield from self.origins(bound, depth + 1)
            return
        for pos, value, key in reversed(self.destructured.get(text(ident), ())):
            if pos < ident.start_byte:
                yield from self._path_origins(value, (key,), ident, depth + 1)
                return
        yield Origin(OriginKind.UNKNOWN, start, end, name=text(ident), why="unbound")

    def _member_origins(self, node: Node, depth: int) -> Iterator[Origin]:
        start, end = node.start_byte, node.end_byte
        path = member_path(node) or ""
        parts = path.split(".") if path else []
        kind = _root_origin(parts)
        if kind is not None:
            name = parts[2] if kind is OriginKind.ENV else ".".join(parts[1:])
            yield Origin(kind, start, end, name=name)
            return
        if len(parts) >= 2 and parts[0] == "process":
            yield Origin(OriginKind.UNKNOWN, start, end, why="process")
            return
        # `config.apiKey`, `CONFIG.stripe.webhookSecret`: into object literals
        root: Node | None = node
        keys: list[str] = []
        while root is not None and root.type in ("member_expression", "subscript_expression"):
            if root.type == "member_expression":
                keys.append(text(root.child_by_field_name("property")))
            else:
                index = root.child_by_field_name("index")
                key = string_value(index) if index is not None else None
                if key is None:
                    yield Origin(OriginKind.UNKNOWN, start, end, why="dynamic key")
                    return
                keys.append(key)
            root = unwrap(root.child_by_field_name("object"))
        if root is None or root.type != "identifier":
            yield Origin(OriginKind.UNKNOWN, start, end, why="member")
            return
        yield from self._path_origins(root, tuple(reversed(keys)), node, depth + 1)

    def _path_origins(
        self, value: Node, keys: tuple[str, ...], anchor: Node, depth: int
    ) -> Iterator[Origin]:
        """What `value.<keys>` holds, through object literals and the names bound to them."""
        cur: Node | None = unwrap(value)
        for i, key in enumerate(keys):
            if cur is not None and cur.type == "identifier" and not is_parameter(cur):
                bound = self.resolve(cur)
                if bound is None:
                    for pos, src, k in reversed(self.destructured.get(text(cur), ())):
                        if pos < cur.start_byte:
                            yield from self._path_origins(src, (k, *keys[i:]), anchor, depth + 1)
                            return
                cur = unwrap(bound)
            if cur is None or cur.type != "object":
                why = "not an object literal"
                yield Origin(OriginKind.UNKNOWN, anchor.start_byte, anchor.end_byte, why=why)
                return
            cur = object_property(cur, key)
        yield from self.origins(cur, depth + 1)

    def _http_client(self, call: Node) -> bool:
        name = self.qualified(call_name(call))
        if not name:
            return False
        if name in JS_FETCH:
            return True
        return any(name == base or name.startswith(base + ".") for base, _ in JS_CLIENT_FAMILIES)

    def imported(self, callee: Node | None) -> str | None:
        """The qualified name of a callee that comes from a module, else None.

        `new Stripe(k)` with `import Stripe from "stripe"` → `stripe`; `sg.setApiKey` with
        `const sg = require("@sendgrid/mail")` → `@sendgrid/mail.setApiKey`; the direct
        `require("stripe")(key)` → `stripe`. Globals and local names give None.
        """
        callee = unwrap(callee)
        if callee is None:
            return None
        if callee.type == "call_expression":
            fn = callee.child_by_field_name("function")
            args = call_arguments(callee)
            if fn is not None and text(fn) == "require" and len(args) == 1:
                spec = string_value(args[0])
                return module_name(spec) if spec else None
            return None
        path = text(callee) if callee.type == "identifier" else member_path(callee)
        if not path or path.split(".", 1)[0] not in self.imports:
            return None
        return self.qualified(path)


def _root_origin(parts: list[str]) -> OriginKind | None:
    """The origin a member path names by its root alone (`process.env.X`, `this.app.$auth.k`,
    `this.prop`, `steps.trigger.event.headers`, `steps.name.$return_value`)."""
    if len(parts) == 3 and parts[:2] == ["process", "env"]:
        return OriginKind.ENV
    if not parts:
        return None
    if "$auth" in parts[1:] or (parts[0] == "auths" and len(parts) >= 2):
        return OriginKind.ACCOUNT
    if parts[0] == "this" and len(parts) == 2:
        return OriginKind.PROPS
    if parts[0] == "steps" and len(parts) >= 3:
        if parts[1:3] == ["trigger", "event"]:
            return OriginKind.REQUEST
        return OriginKind.STEP_EXPORT
    return None


def is_parameter(ident: Node) -> bool:
    """Whether an identifier names a parameter of a function (or catch clause) around it."""
    return parameter_owner(ident) is not None


def parameter_owner(ident: Node) -> Node | None:
    """The innermost function or catch clause around `ident` whose parameters bind its name."""
    name = text(ident)
    node = ident.parent
    while node is not None:
        if node.type in FUNCTION_TYPES:
            params = node.child_by_field_name("parameters") or node.child_by_field_name("parameter")
            if params is not None and name in pattern_names(params):
                return node
        elif node.type == "catch_clause":
            param = node.child_by_field_name("parameter")
            if param is not None and name in pattern_names(param):
                return node
        node = node.parent
    return None


def pattern_names(node: Node) -> set[str]:
    """Names bound by a parameter list or pattern (default values are not bindings)."""
    names: set[str] = set()
    stack = [node]
    while stack:
        cur = stack.pop()
        t = cur.type
        if t in ("identifier", "shorthand_property_identifier_pattern"):
            names.add(text(cur))
        elif t in ("assignment_pattern", "object_assignment_pattern"):
            left = cur.child_by_field_name("left")
            if left is not None:
                stack.append(left)
        elif t == "pair_pattern":
            value = cur.child_by_field_name("value")
            if value is not None:
                stack.append(value)
        elif t in ("required_parameter", "optional_parameter"):
            pattern = cur.child_by_field_name("pattern")
            if pattern is not None:
                stack.append(pattern)
        elif t in ("formal_parameters", "object_pattern", "array_pattern", "rest_pattern"):
            stack.extend(cur.named_children)
    return names


def unwrap(node: Node | None) -> Node | None:
    while node is not None and node.type in (
        "parenthesized_expression",
        "as_expression",
        "non_null_expression",
        "satisfies_expression",
        "type_assertion",
    ):
        inner = [c for c in node.named_children if c.type != "comment"]
        if not inner:
            return None
        node = inner[0] if node.type != "type_assertion" else inner[-1]
    return node


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
