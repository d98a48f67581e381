"""Lexical bindings of one JS/TS step: what each name may hold, scope by scope.

The binding half of the semantic model for JavaScript. One walk over the tree records, per
lexical scope (function, block, `program`), every definition of a name: declarations with
their destructuring patterns (`const { a, b: { c } } = x` binds `c` to `x.b.c`), assignments
(resolved to the scope that declares the name), parameters (the first parameter of a source's
`run` is the event; a local helper's parameters are `arg`s by position), `catch` and promise
`.catch` errors, `for…of` elements, function and class declarations. It also knows the step's
`run` functions and its local helpers (function declarations, functions bound to a name,
`methods: {…}` reached as `this.name`) and what each function returns.

`resolve(ident)` gives every `Def` the name may hold in its scope (flow-insensitive: the union
of all assignments), or None for a name the step never binds (a global).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tree_sitter import Node

from checks.parsing.code import Code
from checks.parsing.js import (
    FUNCTION_TYPES,
    call_arguments,
    member_path,
    property_key,
    string_value,
    text,
    walk,
)
from checks.parsing.jsindex import of_type
from checks.parsing.values import ELEM, PathT
from checks.parsing.vocabulary import HTTP_VERBS, JS_ERROR_CLIENT_FACTORIES, JS_ERROR_CLIENTS

BLOCK_SCOPES = frozenset(
    {"statement_block", "for_statement", "for_in_statement", "catch_clause", "switch_body"}
)
SCOPE_TYPES = FUNCTION_TYPES | BLOCK_SCOPES | {"program"}
WRAPPERS = frozenset(
    {
        "parenthesized_expression",
        "await_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
        "type_assertion",
    }
)
DECLARATIONS = frozenset({"function_declaration", "generator_function_declaration"})


@dataclass(frozen=True)
class Def:
    """One thing a name may hold.

    `param` is a name nothing is known about (a parameter, a declared function or class; for a
    function declaration `node` is the function). `arg` is a parameter of a local helper
    (`node` is the helper, `index`/`rest` its position): with helper summaries on it evaluates
    to a placeholder (`model.Param`), otherwise to nothing, as `param` does.
    """

    kind: str  # value | store | param | arg | error | event
    node: Node | None = None
    path: PathT = ()
    index: int = -1
    rest: bool = False


def strip(node: Node) -> Node:
    while node.type in WRAPPERS and node.named_child_count:
        inner = [c for c in node.named_children if c.type not in ("type_arguments", "comment")]
        if node.type in ("as_expression", "satisfies_expression"):
            inner = inner[:1]
        elif node.type == "type_assertion":
            inner = inner[-1:]
        if not inner:
            break
        node = inner[0]
    return node


def js_bindings(code: Code, *, event_param: bool) -> JsBindings | None:
    """The step's bindings, built once per `Code` (and per reading of `run`'s first parameter:
    `event_param` when the step is an event source). None without a tree."""
    tree = code.js_tree
    if tree is None:
        return None
    return code.memo(
        (js_bindings, event_param),
        lambda: JsBindings(
            code.data, tree.root_node, of_type(code, *HANDLED_TYPES), event_param=event_param
        ),
    )


# The node types `JsBindings` reads and the method that reads each; a step's nodes of these
# types come from its node index (`of_type`), in pre-order.
_HANDLERS = {
    "variable_declarator": "_declarator",
    "assignment_expression": "_assignment",
    "augmented_assignment_expression": "_assignment",
    "formal_parameters": "_params",
    "arrow_function": "_arrow_param",
    "catch_clause": "_catch_param",
    "for_in_statement": "_for_in",
    "function_declaration": "_declaration",
    "generator_function_declaration": "_declaration",
    "class_declaration": "_declaration",
    "method_definition": "_run_method",
    "pair": "_run_pair",
    "return_statement": "_return",
    "call_expression": "_call",
}
HANDLED_TYPES = tuple(_HANDLERS)


class JsBindings:
    def __init__(
        self, data: bytes, root: Node, nodes: list[Node] | None = None, *, event_param: bool
    ) -> None:
        self.data = data
        self.root = root
        self.event_param = event_param
        self.scopes: dict[int, dict[str, list[Def]]] = {}
        self.pending: list[tuple[Node, Def]] = []
        self.run_ids: set[int] = set()
        # `run: (…) => expr`: pair id -> the expression (its return value)
        self.run_expression_bodies: dict[int, Node] = {}
        self.helper_names: dict[int, str | None] = {}  # function id -> name (None: no helper)
        self.methods: dict[str, list[Node]] = {}  # `methods: { name() {…} }`, for `this.name()`
        self.returns: dict[int, list[Node]] = {}  # function id -> returned values
        self.ident_calls: list[Node] = []  # calls of a plain name: `f(…)`
        self.this_calls: list[Node] = []  # calls of `this.name(…)`
        self._collect(nodes if nodes is not None else list(walk(root)))

    def _collect(self, nodes: list[Node]) -> None:
        # one dict lookup per node: with the whole tree, most nodes need no handler
        handlers: dict[str, Callable[[Node], None]] = {
            t: getattr(self, method) for t, method in _HANDLERS.items()
        }
        get = handlers.get
        for node in nodes:
            handler = get(node.type)
            if handler is not None:
                handler(node)
        for ident, d in self.pending:
            scope = self.declaring_scope(ident) or self.root
            self._add(scope, text(ident), d)

    def _call(self, call: Node) -> None:
        callee = call.child_by_field_name("function")
        if callee is None:
            return
        if callee.type == "identifier":
            self.ident_calls.append(call)
        elif callee.type == "member_expression" and self.data.startswith(
            b"this", callee.start_byte
        ):
            obj = callee.child_by_field_name("object")
            if obj is not None and obj.type == "this":
                self.this_calls.append(call)

    def _return(self, node: Node) -> None:
        value = node.named_children[0] if node.named_child_count else None
        if value is None or value.type == "comment":
            return
        fn = self.function_scope(node)
        self.returns.setdefault(fn.id, []).append(value)

    def _assignment(self, node: Node) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is not None and right is not None:
            self._assign(left, right)

    def _arrow_param(self, node: Node) -> None:
        """`x => …`: a single unparenthesised parameter (lists are `formal_parameters`)."""
        param = node.child_by_field_name("parameter")
        if param is not None:
            d = self._param_def(node, param)
            if d.kind == "param" and self.helper_name(node) is not None:
                d = Def("arg", node, (), 0)
            self._bind(param, self._adder(node), d)

    def _catch_param(self, node: Node) -> None:
        param = node.child_by_field_name("parameter")
        if param is not None and node.parent is not None:
            self._bind(
                param, self._adder(node), Def("error", node.parent.child_by_field_name("body"))
            )

    def _declaration(self, node: Node) -> None:
        """A function or class declaration binds its name in the enclosing function."""
        name = node.child_by_field_name("name")
        scope = self.function_scope(node.parent) if node.parent is not None else node
        if name is not None:
            self._add(scope, text(name), Def("param", node if node.type in DECLARATIONS else None))

    def _add(self, scope: Node, name: str, d: Def) -> None:
        self.scopes.setdefault(scope.id, {}).setdefault(name, []).append(d)

    def _adder(self, scope: Node) -> Callable[[Node, Def], None]:
        return lambda ident, d: self._add(scope, text(ident), d)

    def function_scope(self, node: Node) -> Node:
        cur: Node | None = node
        while cur is not None:
            if cur.type in FUNCTION_TYPES or cur.type == "program":
                return cur
            cur = cur.parent
        return self.root

    def _block_scope(self, node: Node) -> Node:
        cur: Node | None = node
        while cur is not None:
            if cur.type in SCOPE_TYPES:
                return cur
            cur = cur.parent
        return self.root

    def _declarator(self, node: Node) -> None:
        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        parent = node.parent
        if name is None or parent is None:
            return
        scope = (
            self._block_scope(parent)
            if parent.type == "lexical_declaration"
            else self.function_scope(parent)
        )
        if value is None:
            if name.type == "identifier":
                self.scopes.setdefault(scope.id, {}).setdefault(text(name), [])
            return
        self._bind(name, self._adder(scope), Def("value", value))

    def _bind(self, pattern: Node, add: Callable[[Node, Def], None], d: Def) -> None:
        """Bind every name in a declaration pattern; `add(identifier_node, def)` records one."""
        t = pattern.type
        if t in ("identifier", "shorthand_property_identifier_pattern"):
            add(pattern, d)
        elif t == "object_pattern":
            for child in pattern.named_children:
                ct = child.type
                if ct == "shorthand_property_identifier_pattern":
                    add(child, self._extend(d, text(child)))
                elif ct == "pair_pattern":
                    key, value = (
                        child.child_by_field_name("key"),
                        child.child_by_field_name("value"),
                    )
                    if value is None:
                        continue
                    k = (
                        property_key(key)
                        if key is not None and key.type != "computed_property_name"
                        else None
                    )
                    self._bind(value, add, self._extend(d, k))
                elif ct == "object_assignment_pattern":
                    left, right = (
                        child.child_by_field_name("left"),
                        child.child_by_field_name("right"),
                    )
                    if left is None:
                        continue
                    k = text(left) if left.type == "shorthand_property_identifier_pattern" else None
                    self._bind(left, add, self._extend(d, k))
                    if right is not None and d.kind not in ("param", "arg"):
                        self._bind(left, add, Def("value", right))
                elif ct == "rest_pattern" and child.named_child_count:
                    self._bind(child.named_children[0], add, d)
        elif t == "array_pattern":
            for child in pattern.named_children:
                self._bind(child, add, self._extend(d, ELEM) if child.type != "rest_pattern" else d)
        elif t == "assignment_pattern":
            left, right = pattern.child_by_field_name("left"), pattern.child_by_field_name("right")
            if left is not None:
                self._bind(left, add, d)
                if right is not None and d.kind not in ("param", "arg"):
                    self._bind(left, add, Def("value", right))
        elif t == "rest_pattern" and pattern.named_child_count:
            self._bind(pattern.named_children[0], add, d)

    @staticmethod
    def _extend(d: Def, key: str | None) -> Def:
        if d.kind == "param":
            return d
        return Def(d.kind, d.node, (*d.path, key), d.index, d.rest)

    def _assign(self, left: Node, right: Node) -> None:
        left = strip(left)
        if left.type in ("identifier", "object_pattern", "array_pattern"):
            self._bind(left, lambda ident, d: self.pending.append((ident, d)), Def("value", right))
            return
        root, path = split_member(left)
        if root is not None and root.type == "identifier":
            self.pending.append((root, Def("store", right, path)))

    def _params(self, node: Node) -> None:
        fn = node.parent
        if fn is None or fn.type not in FUNCTION_TYPES:
            return
        helper = self.helper_name(fn) is not None
        position = 0
        for i, param in enumerate(node.named_children):
            if param.type == "comment":
                continue
            if param.type in ("required_parameter", "optional_parameter"):
                inner = param.child_by_field_name("pattern")
                if inner is None:
                    continue
                param = inner
            d = self._param_def(fn, param) if i == 0 else Def("param")
            if helper and d.kind == "param":
                d = Def("arg", fn, (), position, param.type == "rest_pattern")
            position += 1
            self._bind(param, self._adder(fn), d)

    def helper_name(self, fn: Node) -> str | None:
        """The name calls use for `fn` when it is a helper this analysis follows: a function
        declaration, a function bound to a name (`const f = (…) => …`, `f = function …`) or a
        method of a `methods: {…}` object (`this.name`). Registers methods by name."""
        known = self.helper_names.get(fn.id, 0)
        if known != 0:
            return known  # type: ignore[return-value]
        name = self._findhelper_name(fn)
        self.helper_names[fn.id] = name
        if name is not None and name.startswith("this."):
            self.methods.setdefault(name[5:], []).append(fn)
        return name

    def _findhelper_name(self, fn: Node) -> str | None:
        if fn.type in DECLARATIONS:
            name = fn.child_by_field_name("name")
            return text(name) if name is not None else None
        parent = fn.parent
        while parent is not None and parent.type in WRAPPERS:
            parent = parent.parent
        if parent is None:
            return None
        key: Node | None = None
        obj: Node | None = None
        if parent.type == "variable_declarator":
            name, value = parent.child_by_field_name("name"), parent.child_by_field_name("value")
            if name is not None and name.type == "identifier" and _same(value, fn):
                return text(name)
        elif parent.type == "assignment_expression":
            left, right = parent.child_by_field_name("left"), parent.child_by_field_name("right")
            if left is not None and left.type == "identifier" and _same(right, fn):
                return text(left)
        elif fn.type == "method_definition":
            key, obj = fn.child_by_field_name("name"), parent
        elif parent.type == "pair" and _same(parent.child_by_field_name("value"), fn):
            key, obj = parent.child_by_field_name("key"), parent.parent
        if key is None or key.type == "computed_property_name" or obj is None:
            return None
        holder = obj.parent if obj.type == "object" else None
        if holder is None or holder.type != "pair":
            return None
        holder_key = holder.child_by_field_name("key")
        if holder_key is None or property_key(holder_key) != "methods":
            return None
        method = property_key(key)
        return f"this.{method}" if method else None

    def _param_def(self, fn: Node, param: Node) -> Def:
        """First parameter: the HTTP source's `event`, or a promise `.catch` callback's error."""
        if self.event_param and param.type == "identifier" and self.is_run(fn):
            return Def("event")
        parent = fn.parent
        if parent is not None and parent.type == "arguments":
            call = parent.parent
            if call is not None and call.type == "call_expression":
                callee = call.child_by_field_name("function")
                if (
                    callee is not None
                    and callee.type == "member_expression"
                    and text(callee.child_by_field_name("property")) == "catch"
                    and call_arguments(call)[:1] == [fn]
                ):
                    return Def("error", callee.child_by_field_name("object"))
        return Def("param")

    def _for_in(self, node: Node) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return
        kinds = {c.type for c in node.children}
        d = Def("param") if "in" in kinds else Def("value", right, (ELEM,))
        if "var" in kinds:
            self._bind(left, self._adder(self.function_scope(node)), d)
        elif "const" in kinds or "let" in kinds:
            self._bind(left, self._adder(node), d)
        else:
            self._bind(left, lambda ident, dd: self.pending.append((ident, dd)), d)

    def is_run(self, fn: Node) -> bool:
        if fn.id in self.run_ids:
            return True
        self._maybe_run(fn if fn.type == "method_definition" else fn.parent)
        return fn.id in self.run_ids

    def _maybe_run(self, node: Node | None) -> None:
        if node is None:
            return
        if node.type == "method_definition":
            self._run_method(node)
        elif node.type == "pair":
            self._run_pair(node)

    def _run_method(self, node: Node) -> None:
        name = node.child_by_field_name("name")
        if name is not None and text(name) in ("run", "handler"):
            self.run_ids.add(node.id)

    def _run_pair(self, node: Node) -> None:
        key = node.child_by_field_name("key")
        if key is None or not self._is_run_key(key):
            return
        value = node.child_by_field_name("value")
        if value is not None:
            value = strip(value)
            if value.type in FUNCTION_TYPES and value.id not in self.run_ids:
                self.run_ids.add(value.id)
                body = value.child_by_field_name("body")
                if (
                    value.type == "arrow_function"
                    and body is not None
                    and body.type != "statement_block"
                ):
                    self.run_expression_bodies[node.id] = body

    def _is_run_key(self, key: Node) -> bool:
        """`property_key(key) == "run"`, decoding only string keys (object literals have many
        pairs and few are strings)."""
        raw = self.data[key.start_byte : key.end_byte]
        if raw[:1] in (b'"', b"'", b"`"):
            return property_key(key) == "run"
        return raw == b"run"

    def resolve(self, ident: Node) -> list[Def] | None:
        name = text(ident)
        cur: Node | None = ident
        while cur is not None:
            scope = self.scopes.get(cur.id)
            if scope is not None and name in scope:
                return scope[name]
            cur = cur.parent
        return None

    def declaring_scope(self, ident: Node) -> Node | None:
        name = text(ident)
        cur: Node | None = ident
        while cur is not None:
            scope = self.scopes.get(cur.id)
            if scope is not None and name in scope:
                return cur
            cur = cur.parent
        return None

    def values(self, ident: Node) -> list[Node]:
        """The expressions a name is bound to as a whole (`const x = …`, `x = …`)."""
        return [
            d.node
            for d in self.resolve(ident) or ()
            if d.kind == "value" and d.node is not None and not d.path
        ]

    def rebound(self, ident: Node) -> str | None:
        """The member path a name is nothing but another name for: `log` after
        `const log = console.log` → `console.log` (one plain definition, else None)."""
        defs = self.resolve(ident)
        if not defs or len(defs) != 1:
            return None
        d = defs[0]
        if d.kind != "value" or d.node is None or d.path:
            return None
        return member_path(strip(d.node))

    # -- helpers and clients ----------------------------------------------------------------

    def results(self, fn: Node) -> list[Node]:
        """What a function returns: its `return` values and an arrow's expression body."""
        values = list(self.returns.get(fn.id, ()))
        body = fn.child_by_field_name("body") if fn.type == "arrow_function" else None
        if body is not None and body.type != "statement_block":
            values.append(body)
        return values

    def helper_callee(self, callee: Node) -> tuple[str, list[Node]] | None:
        """(name as written, helper functions) when a call's callee is a local helper."""
        callee = strip(callee)
        if callee.type == "identifier":
            fns = []
            for d in self.resolve(callee) or ():
                if d.node is None or d.path:
                    continue
                fn = d.node if d.kind == "param" else strip(d.node) if d.kind == "value" else None
                if fn is not None and fn.type in FUNCTION_TYPES and self.helper_name(fn):
                    fns.append(fn)
            return (text(callee), fns) if fns else None
        if callee.type == "member_expression":
            obj, prop = callee.child_by_field_name("object"), callee.child_by_field_name("property")
            if obj is not None and obj.type == "this" and prop is not None:
                methods = self.methods.get(text(prop))
                if methods:
                    return f"this.{text(prop)}", methods
        return None

    def helper_calls(self) -> list[tuple[Node, str, list[Node], list[Node]]]:
        """Calls of local helpers, in source order: (call, callee name, helpers, arguments)."""
        out = []
        for call in sorted((*self.ident_calls, *self.this_calls), key=lambda c: c.start_byte):
            callee = call.child_by_field_name("function")
            helper = self.helper_callee(callee) if callee is not None else None
            if helper is not None:
                out.append((call, helper[0], helper[1], call_arguments(call)))
        return out

    def http_request(self, call: Node) -> tuple[str, list[Node]] | None:
        """(callee as written, factory calls of its instance) of an axios/got request, or None.

        `axios.get(…)`, `got(…)`: the library itself (no factories). `api.get(…)` after
        `const api = axios.create({…})`: the `axios.create(…)` / `got.extend(…)` calls the
        name may hold, whose options may carry credentials every request sends."""
        callee = call.child_by_field_name("function")
        if callee is None:
            return None
        callee = strip(callee)
        name = text(callee) if callee.type == "identifier" else member_path(callee)
        if name is None:
            return None
        if name in JS_ERROR_CLIENTS:
            return name, []
        head, _, method = name.rpartition(".")
        if head in JS_ERROR_CLIENTS and method in HTTP_VERBS:
            return name, []
        # an instance: `const api = axios.create({...}); api.get(...)` / `got.extend(...)`
        base = (
            callee.child_by_field_name("object") if callee.type == "member_expression" else callee
        )
        if base is None or base.type != "identifier":
            return None
        if method not in HTTP_VERBS and callee.type != "identifier":
            return None
        factories = []
        for d in self.resolve(base) or []:
            if d.kind != "value" or d.node is None:
                continue
            init = strip(d.node)
            if init.type != "call_expression":
                continue
            factory = member_path(init.child_by_field_name("function") or init)
            if factory in JS_ERROR_CLIENT_FACTORIES:
                factories.append(init)
        return (name, factories) if factories else None


def _same(value: Node | None, fn: Node) -> bool:
    return value is not None and strip(value).id == fn.id


def member_parts(node: Node) -> tuple[Node | None, str | None]:
    obj = node.child_by_field_name("object")
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        return obj, text(prop) if prop is not None else None
    index = node.child_by_field_name("index")
    if index is None:
        return obj, None
    if index.type == "number":
        return obj, text(index)
    return obj, string_value(index)


def split_member(node: Node) -> tuple[Node | None, PathT]:
    path: list[str | None] = []
    cur = strip(node)
    while cur.type in ("member_expression", "subscript_expression"):
        obj, prop = member_parts(cur)
        if obj is None:
            return None, ()
        path.append(prop)
        cur = strip(obj)
    return cur, tuple(reversed(path))
