"""The parts of a JS/TS component the analyses name: its functions, `run`, and its apps.

`js_component(code)` (memoised on the `Code`) indexes, in source order:

- the file's named functions: declarations, methods, `name: function …` / `name: () => …`
  pairs and `const name = () => …` (first definition of a name wins), which of them are
  `async`, and the function that encloses a node (`owner`);
- the `run` function (the first one: `run_span`) and its event parameter (`run(event)` in a
  source; the last `run` found names it);
- connected apps: `app: "slug"` next to `type: "app"` in a prop (and that prop's name), and
  imports of `*.app.mjs` files (and the names they are imported as).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from checks.parsing.code import Code
from checks.parsing.js import FUNCTION_TYPES, call_name, string_value, text
from checks.parsing.jsindex import declaration_nodes
from checks.parsing.vocabulary import JS_LIB_VERIFIERS

NAMED_FUNCTION_TYPES = frozenset(
    {"function_declaration", "method_definition", "generator_function_declaration"}
)
# A callee that is a plain dotted path (`this.app.get`, `a.#b`); its first name is group 1.
_DOTTED = re.compile(rb"([A-Za-z_$][A-Za-z0-9_$]*)(?:\.#?[A-Za-z_$][A-Za-z0-9_$]*)+")
# Keywords that parse as their own node types, which `call_name` does not resolve.
_KEYWORD_ROOTS = frozenset(
    {b"super", b"import", b"new", b"true", b"false", b"null", b"undefined", b"void", b"typeof"}
)
_APP_IMPORT = re.compile(r"([A-Za-z0-9_]+)\.app\.m?[jt]s$")


# (node, node id, type, identifier text or None): a node as taint predicates see it
Info = tuple[Node, int, str, str | None]
MEMBER_TYPES = frozenset({"member_expression", "subscript_expression"})


@dataclass(slots=True)
class Summary:
    """What taint predicates look at in an expression (nested functions excluded)."""

    ids: set[int]  # every node
    names: set[str]  # identifiers
    calls: list[Info]
    members: list[Info]  # member and subscript expressions


def js_component(code: Code) -> JsComponent:
    """The component's functions and apps, built once per `Code`."""
    return code.memo(js_component, lambda: JsComponent(code))


class JsComponent:
    def __init__(self, code: Code) -> None:
        self.data = code.data
        self.functions: dict[str, Node] = {}
        self.async_names: set[str] = set()
        self.run_span: tuple[int, int] | None = None
        self.event_param: str | None = None
        self.apps: set[str] = set()
        self.app_prop_names: set[str] = set()
        self._app_objects: set[int] = set()
        self._function_names: dict[int, str] | None = None
        self._throwing: dict[str, bool] = {}
        self._flat: dict[int, list[Info]] = {}
        self._callees: dict[int, str] = {}
        tree = code.js_tree
        self._plain = tree is None or not tree.root_node.has_error  # the tree has no errors
        for t, node in declaration_nodes(code):
            if t == "pair":
                self._pair(node)
            elif t in NAMED_FUNCTION_TYPES:
                name = node.child_by_field_name("name")
                if name is not None:
                    self._add(text(name), node, entry=True)
            elif t == "variable_declarator":
                name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
                if (
                    name is not None
                    and value is not None
                    and name.type == "identifier"
                    and value.type in FUNCTION_TYPES
                ):
                    self._add(text(name), value)
            elif t == "import_statement":
                self._import(node)

    def flat(self, node: Node) -> list[Info]:
        """`walk_no_functions(node)` as `Info` tuples, computed once per node (analyses look at
        an expression's nodes several times, in several passes)."""
        key = node.id
        flat = self._flat.get(key)
        if flat is None:
            flat = [
                (n, n.id, t, text(n) if t == "identifier" else None) for n, t in walk_typed(node)
            ]
            self._flat[key] = flat
        return flat

    def summary(self, value: Node) -> Summary:
        """The identifiers, node ids, calls and members of an expression (functions excluded)."""
        ids: set[int] = set()
        names: set[str] = set()
        calls: list[Info] = []
        members: list[Info] = []
        for n, t in walk_typed(value):
            nid = n.id
            ids.add(nid)
            if t == "identifier":
                names.add(text(n))
            elif t == "call_expression":
                calls.append((n, nid, t, None))
            elif t in MEMBER_TYPES:
                members.append((n, nid, t, None))
        return Summary(ids, names, calls, members)

    def callee(self, call: Node) -> str:
        """`call_name(call) or ""`, computed once per call node."""
        name = self._callees.get(call.id)
        if name is None:
            name = self._callees[call.id] = _callee(call, self._plain) or ""
        return name

    def is_local(self, name: str) -> bool:
        """A callee that is one of the file's functions: `name(…)` or `this.name(…)`."""
        parts = name.split(".")
        local = len(parts) == 1 or (len(parts) == 2 and parts[0] == "this")
        return local and parts[-1] in self.functions

    def is_library_verifier(self, name: str, last: str) -> bool:
        """A webhook SDK's or crypto's signature verifier (not a local function of that name)."""
        if last == "createVerify" or name.endswith("sign.detached.verify"):
            return True
        return (last in JS_LIB_VERIFIERS or name == "crypto.verify") and not self.is_local(name)

    def throws(self, name: str) -> bool:
        """The function `name` has a `throw` of its own (not in a nested function)."""
        throws = self._throwing.get(name)
        if throws is None:
            fn = self.functions[name]
            body = fn.child_by_field_name("body") or fn
            throws = b"throw" in self.data[body.start_byte : body.end_byte] and any(
                n.type == "throw_statement" for n in walk_no_functions(body)
            )
            self._throwing[name] = throws
        return throws

    def owner(self, node: Node) -> str | None:
        """Name of the function that encloses `node` (None at top level or unnamed)."""
        fn = enclosing_function(node)
        if fn is None:
            return None
        if self._function_names is None:
            self._function_names = {}
            for name, fnode in self.functions.items():
                self._function_names.setdefault(fnode.id, name)
        return self._function_names.get(fn.id)

    def _pair(self, pair: Node) -> None:
        key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
        if key is None or value is None:
            return
        vt = value.type
        if vt in FUNCTION_TYPES and vt not in NAMED_FUNCTION_TYPES:
            kname = string_value(key) if key.type == "string" else text(key)
            if kname:
                self._add(kname, value, entry=True)
        elif (
            vt in ("string", "template_string")
            and _is_app_literal(value, self.data)
            and text(key) == "type"
        ):
            self._app_type(pair)

    def _add(self, name: str, node: Node, entry: bool = False) -> None:
        """Register a function; `entry`: a method or property, which may be `run`."""
        self.functions.setdefault(name, node)
        if self.data.find(b"async", node.start_byte, node.end_byte) >= 0 and any(
            c.type == "async" for c in node.children
        ):
            self.async_names.add(name)
        if entry and name == "run":
            self._run(node)

    def _run(self, fn: Node) -> None:
        if self.run_span is None:
            self.run_span = (fn.start_byte, fn.end_byte)
        params = fn.child_by_field_name("parameters")
        if params is None:
            return
        first = next((c for c in params.named_children if c.type != "comment"), None)
        if first is not None and first.type == "identifier":
            self.event_param = text(first)

    def _app_type(self, pair: Node) -> None:
        """`type: "app"`: the object is an app prop and its `app: "slug"` names the app (the
        prop's own name is recorded too)."""
        obj = pair.parent
        if obj is None or obj.type != "object" or obj.id in self._app_objects:
            return
        self._app_objects.add(obj.id)
        for p in obj.named_children:
            if p.type != "pair":
                continue
            key, val = p.child_by_field_name("key"), p.child_by_field_name("value")
            if key is None or val is None or val.type != "string":
                continue
            kname = string_value(key) if key.type == "string" else text(key)
            slug = string_value(val) if kname == "app" else None
            if slug:
                self.apps.add(slug)
                outer = obj.parent
                if outer is not None and outer.type == "pair":
                    k = outer.child_by_field_name("key")
                    if k is not None:
                        self.app_prop_names.add(text(k))

    def _import(self, node: Node) -> None:
        source = node.child_by_field_name("source")
        value = string_value(source) if source is not None else None
        m = _APP_IMPORT.search(value) if value else None
        if m is None:
            return
        self.apps.add(m.group(1))
        for c in node.named_children:
            if c.type == "import_clause":
                for ident in c.named_children:
                    if ident.type == "identifier":
                        self.app_prop_names.add(text(ident))


def _is_app_literal(value: Node, data: bytes) -> bool:
    """A string `"app"` (escapes decoded) or the template `` `app` ``."""
    raw = data[value.start_byte : value.end_byte]
    if raw in (b'"app"', b"'app'", b"`app`"):
        return True
    return value.type == "string" and b"\\" in raw and string_value(value) == "app"


def enclosing_function(node: Node) -> Node | None:
    """The innermost function around `node`, or None at top level."""
    cur = node.parent
    while cur is not None:
        if cur.type in FUNCTION_TYPES:
            return cur
        cur = cur.parent
    return None


def walk_typed(node: Node) -> Iterator[tuple[Node, str]]:
    """`walk_no_functions` with each node's type (looked up once)."""
    stack = [(node, node.type)]
    while stack:
        n, t = stack.pop()
        yield n, t
        for c in reversed(n.named_children):
            ct = c.type
            if ct not in FUNCTION_TYPES:
                stack.append((c, ct))


def _body(fn: Node) -> Node:
    body = fn.child_by_field_name("body")
    return body if body is not None else fn


def walk_no_functions(node: Node) -> Iterator[Node]:
    """Named nodes under `node` (punctuation carries no facts), not entering nested functions."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        for c in reversed(n.named_children):
            if c.type not in FUNCTION_TYPES:
                stack.append(c)


def dropped_promise(call: Node) -> bool:
    """A call whose result (a promise, for an async callee) is neither awaited, returned,
    chained with `.then/.catch/.finally` nor passed on: its outcome is lost or only tested
    for truthiness."""
    parent = call.parent
    while parent is not None and parent.type == "parenthesized_expression":
        parent = parent.parent
    if parent is None or parent.type in (
        "await_expression",
        "return_statement",
        "arrow_function",
        "arguments",  # passed on (Promise.all, helpers)
    ):
        return False
    if parent.type == "member_expression":
        prop = parent.child_by_field_name("property")
        if prop is not None and text(prop) in ("then", "catch", "finally"):
            return False
    return True


def _callee(call: Node, plain: bool) -> str | None:
    """`call_name(call)`; a plain dotted callee (`this.app.get`) is read from its source.
    `plain`: the tree has no errors, so such source is a chain of member expressions."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    t = fn.type
    if t == "identifier":
        return text(fn)
    if plain and t == "member_expression":
        raw = fn.text or b""
        m = _DOTTED.fullmatch(raw)
        if m is not None and m.group(1) not in _KEYWORD_ROOTS:
            return raw.decode("utf-8", "replace")
    return call_name(call)
