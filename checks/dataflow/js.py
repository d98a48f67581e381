"""Taint analysis of one JavaScript/TypeScript step (tree-sitter).

Two passes: one walk collects bindings (per lexical scope), sinks and `run` functions; then
each sink argument is evaluated on demand. Evaluation is flow-insensitive: a variable's value
is the union of everything ever assigned to it in its scope, with member paths followed
syntactically through object literals and destructuring so `cfg.url` stays clean when only
`cfg.headers` holds a token. Results are memoised, so the cost is linear in practice.

Helper functions defined in the step are summarised in a second evaluation, only when the
step calls one: their parameters evaluate to placeholders (`model.Param`) that record what
happens to them, so each sink a placeholder reaches (and each return value) says what a call
with a real argument leaks. The first evaluation, without summaries, is left exactly as it
was; the second only adds flows.
"""

from __future__ import annotations

import bisect
import contextlib
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass

from tree_sitter import Node

from checks.dataflow.model import (
    EMPTY,
    Flow,
    Op,
    Param,
    Shape,
    SinkKind,
    SourceKind,
    Taint,
    apply_ops,
    concrete,
    contain,
    fold,
    js_stringify,
    placeholder,
    reportable,
    to_value,
    values_of,
)
from checks.parsing.js import (
    FUNCTION_TYPES,
    call_arguments,
    member_path,
    object_property,
    property_key,
    string_value,
    text,
    walk,
)
from checks.parsing.jsbindings import (
    Def,
    JsBindings,
    member_parts,
    strip,
)
from checks.parsing.values import ELEM, PathT
from checks.parsing.vocabulary import AUTH_CONFIG_KEYS, is_sensitive_header

CONSOLE_METHODS = frozenset(
    {"log", "info", "warn", "error", "debug", "trace", "dir", "table", "dirxml", "group"}
)
SINK_METHODS = CONSOLE_METHODS | {"export", "respond"}  # `console.*`, `$.export`, `$.respond`
# Functions whose result carries their arguments' content.
SERIALISERS = frozenset({"JSON.stringify", "util.inspect", "util.format", "inspect", "format"})
VALUES_OF = frozenset({"Object.values", "Object.entries"})
PASS_THROUGH = frozenset(
    {
        "Object.assign",
        "Array.from",
        "Array.of",
        "structuredClone",
        "JSON.parse",
        "Object.fromEntries",
        "_.cloneDeep",
        "_.clone",
        "lodash.cloneDeep",
    }
)
STRINGIFIERS = frozenset(
    {
        "String",
        "encodeURIComponent",
        "encodeURI",
        "decodeURIComponent",
        "decodeURI",
        "btoa",
        "atob",
        "escape",
        "unescape",
        "Buffer.from",
        "querystring.stringify",
        "qs.stringify",
    }
)
# Methods whose result still holds the receiver's (string or array) content.
KEEP_METHODS = frozenset(
    {
        "trim",
        "trimStart",
        "trimEnd",
        "toUpperCase",
        "toLowerCase",
        "toLocaleUpperCase",
        "toLocaleLowerCase",
        "replace",
        "replaceAll",
        "concat",
        "split",
        "join",
        "padStart",
        "padEnd",
        "normalize",
        "valueOf",
        "at",
        "repeat",
        "flat",
        "filter",
        "find",
        "reverse",
        "sort",
    }
)
SLICE_METHODS = frozenset({"slice", "substring", "substr"})
MASK_MAX = 8  # `x.slice(0, n)` with n <= MASK_MAX is a mask, not a leak
SOURCE_PRIORITY = {
    SourceKind.SECRET_LITERAL: 0,
    SourceKind.SECRET_ENV: 1,
    SourceKind.AUTH: 2,
    SourceKind.HEADER: 3,
    SourceKind.HEADERS: 4,
    SourceKind.TRIGGER_EVENT: 5,
    SourceKind.REQUEST_ERROR: 6,
}
MAX_DEPTH = 150
# helper summaries: rounds of propagation through calls between helpers, and how long a chain
# of helpers (and of recorded operations on a parameter) may grow, so recursion terminates
MAX_ROUNDS = 6
MAX_VIA = 6
MAX_OPS = 24
MAX_ENTRIES = 64  # summary entries per helper
MAX_NESTING = 6  # helper return values evaluated inside one another


# a helper's summary maps (argument `index`, `rest`: and the ones after it, the operations
# `ops` recorded on the way, sink number) to the helpers the value passes through to get there
# (the first way found: the shortest)
Entry = tuple[int, bool, tuple[Op, ...], int]
Summaries = dict[int, dict[Entry, tuple[str, ...]]]


@dataclass
class _Sink:
    kind: SinkKind
    display: str
    node: Node  # the whole sink (call / return / throw)
    values: list[Node]
    stringify: bool = False  # the value becomes a string (error messages)


class JsAnalysis:
    def __init__(
        self,
        data: bytes,
        root: Node,
        *,
        literal_spans: list[tuple[int, int]] = (),  # type: ignore[assignment]
        http_event_param: bool = False,
        source_event_param: bool = False,
        sensitive_env: Container[str] = frozenset(),
        literal_labels: Mapping[tuple[int, int], str] | None = None,
        nodes: list[Node] | None = None,
        bindings: JsBindings | None = None,
        index: Mapping[str, list[Node]] | None = None,
    ) -> None:
        self.data = data
        self.root = root
        self.nodes = nodes  # the tree's pre-order node list when the caller has it cached
        self.index = index  # its named nodes by type (`jsindex.by_type`), when cached
        self.spans = sorted(literal_spans)
        self.span_starts = [s for s, _ in self.spans]
        self.literal_labels = literal_labels or {}
        self.http_event_param = http_event_param
        self.source_event_param = source_event_param or http_event_param
        self.sensitive_env = sensitive_env
        self.b = bindings or JsBindings(data, root, nodes, event_param=self.source_event_param)
        self.sinks: list[_Sink] = []
        self.cache: dict[tuple[int, PathT], frozenset[Taint]] = {}
        self.busy: set[tuple[int, PathT]] = set()
        self.auth_cache: dict[int, str | None] = {}
        self.depth = 0
        # local helpers (function declarations, functions bound to a name, component methods)
        self.helpers_on = False  # second evaluation: placeholders for params, helper returns
        self.ret_cache: dict[tuple[int, PathT], frozenset[Taint]] = {}
        self.ret_busy: set[int] = set()
        # per node id, for both evaluations: what a name resolves to, what helpers a callee is
        self.defs: dict[int, list[Def] | None] = {}
        self.helpers: dict[int, tuple[str, list[Node]] | None] = {}
        self.function_names: set[str] | None = None

    # -- pass 1: bindings and sinks ---------------------------------------------------------

    def collect(self) -> None:
        if self.index is not None:
            self._collect_indexed(self.index)
        else:
            # one dict lookup per node: most nodes (punctuation, identifiers) need no handler
            handlers = {
                "pair": self._run_pair,
                "call_expression": self._call_sink,
                "return_statement": self._return_sink,
                "throw_statement": self._throw_sink,
            }
            get = handlers.get
            for node in self.nodes if self.nodes is not None else walk(self.root):
                handler = get(node.type)
                if handler is not None:
                    sink = handler(node)
                    if sink is not None:
                        self.sinks.append(sink)
        aliases = self._console_aliases()
        if aliases:
            for call in self.b.ident_calls:
                callee = call.child_by_field_name("function")
                if callee is not None and text(callee) in aliases:
                    self._alias_sink(call)

    def _console_aliases(self) -> set[str]:
        """Names some scope binds to nothing but `console.<method>` (a superset of the callees
        `_alias_sink` reports: `rebound` wants the name's one definition to be such a path)."""
        out: set[str] = set()
        if b"console" not in self.data:  # `member_path` compares the name as written
            return out
        for scope in self.b.scopes.values():
            for name, defs in scope.items():
                if len(defs) != 1:
                    continue
                d = defs[0]
                if d.kind != "value" or d.node is None or d.path:
                    continue
                value = strip(d.node)
                if value.type not in ("member_expression", "subscript_expression"):
                    continue  # a name alone is no `head.method` path
                head, _, method = (member_path(value) or "").rpartition(".")
                if head == "console" and method in CONSOLE_METHODS:
                    out.add(name)
        return out

    def _collect_indexed(self, index: Mapping[str, list[Node]]) -> None:
        """The sinks from the step's node index: each type's nodes, then the sinks in the
        order a pre-order walk finds them (an enclosing node starts earlier or ends later;
        two of these nodes never share a span)."""
        found: list[tuple[int, int, _Sink]] = []
        handlers: list[tuple[str, Callable[[Node], _Sink | None]]] = [
            ("call_expression", self._call_sink),
            ("throw_statement", self._throw_sink),
        ]
        # return sinks: the `return` statements of `run` functions (the bindings list every
        # function's returned values; every run method and run pair is in `run_ids` by now)
        for fn_id in self.b.run_ids:
            for value in self.b.returns.get(fn_id, ()):
                node = value.parent
                if node is not None and not _is_flow_exit(value):
                    ret = _Sink(SinkKind.RETURN, "return", node, [value])
                    found.append((node.start_byte, -node.end_byte, ret))
        if self.b.run_expression_bodies:  # only `run: (…) => expr` pairs are sinks
            handlers.append(("pair", self._run_pair))
        for type_, handler in handlers:
            for node in index.get(type_, ()):
                sink = handler(node)
                if sink is not None:
                    found.append((node.start_byte, -node.end_byte, sink))
        found.sort(key=lambda f: (f[0], f[1]))
        self.sinks.extend(sink for _, _, sink in found)

    def _run_pair(self, node: Node) -> _Sink | None:
        body = self.b.run_expression_bodies.get(node.id)
        if body is not None:
            return _Sink(SinkKind.RETURN, "return", body, [body])
        return None

    # -- sinks --------------------------------------------------------------------------------

    def _call_sink(self, call: Node) -> _Sink | None:
        callee = call.child_by_field_name("function")
        if callee is None:
            return None
        ctype = callee.type
        if ctype == "identifier":
            return None  # an alias of a sink, maybe (`_alias_sink`)
        # the last part of `member_path` is the property: most calls are no sink by it
        if (
            ctype == "member_expression"
            and text(callee.child_by_field_name("property")) not in SINK_METHODS
        ):
            return None
        name = member_path(callee)
        if name is None:
            return None
        head, _, method = name.rpartition(".")
        if head == "console" and method in CONSOLE_METHODS:
            return _Sink(SinkKind.LOG, name, call, call_arguments(call))
        if name == "$.export":
            args = call_arguments(call)
            if len(args) >= 2:
                return _Sink(SinkKind.EXPORT, "$.export", call, [args[1]])
        elif name == "$.respond":
            args = call_arguments(call)
            if args:
                return _Sink(SinkKind.RESPOND, "$.respond", call, _respond_values(args[0]))
        return None

    def _alias_sink(self, call: Node) -> None:
        callee = call.child_by_field_name("function")
        target = self.b.rebound(callee) if callee is not None else None
        head, _, method = (target or "").rpartition(".")
        if head == "console" and method in CONSOLE_METHODS:
            self.sinks.append(
                _Sink(SinkKind.LOG, f"{text(callee)} (= {target})", call, call_arguments(call))
            )

    def _return_sink(self, node: Node) -> _Sink | None:
        value = node.named_children[0] if node.named_child_count else None
        if value is None or value.type == "comment":
            return None
        fn = self.b.function_scope(node)
        if fn.id in self.b.run_ids or (fn.type == "method_definition" and self.b.is_run(fn)):
            if _is_flow_exit(value):
                return None
            return _Sink(SinkKind.RETURN, "return", node, [value])
        return None

    def _throw_sink(self, node: Node) -> _Sink | None:
        value = node.named_children[0] if node.named_child_count else None
        if value is None:
            return None
        value = strip(value)
        if value.type in ("new_expression", "call_expression"):
            ctor = value.child_by_field_name("constructor") or value.child_by_field_name("function")
            args = value.child_by_field_name("arguments")
            if ctor is None or args is None:
                return None
            display = (
                f"throw new {text(ctor)}"
                if value.type == "new_expression"
                else f"throw {text(ctor)}"
            )
            vals = [c for c in args.named_children if c.type != "comment"]
            return _Sink(SinkKind.THROW, display, node, vals, stringify=True)
        return None

    # -- evaluation ---------------------------------------------------------------------------

    def eval(self, node: Node) -> frozenset[Taint]:
        return self.eval_path(node, ())

    def eval_path(self, node: Node, path: PathT) -> frozenset[Taint]:
        key = (node.id, path)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        if key in self.busy or self.depth > MAX_DEPTH:
            return EMPTY
        self.busy.add(key)
        self.depth += 1
        try:
            result = self._eval_path(node, path)
        finally:
            self.depth -= 1
            self.busy.discard(key)
        self.cache[key] = result
        return result

    def _eval_path(self, node: Node, path: PathT) -> frozenset[Taint]:
        node = strip(node)
        t = node.type
        if t in ("member_expression", "subscript_expression"):
            obj, prop = member_parts(node)
            if obj is None:
                return EMPTY
            return self._eval_path_from(obj, (prop, *path), node)
        if t == "identifier" or t == "this":
            return self._eval_name(node, path, node)
        if not path:
            return self._eval_value(node)
        head, rest = path[0], path[1:]
        if t == "object":
            out: set[Taint] = set()
            for child in node.named_children:
                ct = child.type
                if ct == "pair":
                    k = child.child_by_field_name("key")
                    v = child.child_by_field_name("value")
                    if k is None or v is None:
                        continue
                    kname = None if k.type == "computed_property_name" else property_key(k)
                    if head in (None, ELEM) or kname is None or kname == head:
                        out |= self.eval_path(v, rest)
                elif ct == "shorthand_property_identifier":
                    if head in (None, ELEM) or text(child) == head:
                        out |= self._eval_name(child, rest, child)
                elif ct == "spread_element" and child.named_child_count:
                    out |= self.eval_path(child.named_children[0], path)
            return frozenset(out)
        if t == "array":
            out = set()
            for child in node.named_children:
                if child.type == "spread_element" and child.named_child_count:
                    out |= self.eval_path(child.named_children[0], path)
                elif head in (None, ELEM) or (head is not None and head.isdigit()):
                    out |= self.eval_path(child, rest)
            return frozenset(out)
        if t == "call_expression" and self.helpers_on:
            callee = node.child_by_field_name("function")
            helper = self._helper(callee) if callee is not None else None
            if helper is not None:  # `makeConfig(token).url`: into what the helper returns
                return self._call_returns(helper[1], call_arguments(node), path)
        return fold(self._eval_value(node), path, self.sensitive_env)

    def _eval_path_from(self, obj: Node, path: PathT, anchor: Node) -> frozenset[Taint]:
        obj = strip(obj)
        if obj.type in ("member_expression", "subscript_expression"):
            inner, prop = member_parts(obj)
            if inner is None:
                return EMPTY
            return self._eval_path_from(inner, (prop, *path), anchor)
        if obj.type in ("identifier", "this"):
            return self._eval_name(obj, path, anchor)
        return self.eval_path(obj, path)

    def _eval_name(self, ident: Node, path: PathT, anchor: Node) -> frozenset[Taint]:
        name = text(ident)
        defs = None if ident.type == "this" else self._resolve(ident)
        if defs is None:
            if name in ("process", "this", "steps"):
                return self._root((name, *path), ident, anchor)
            return EMPTY
        out: set[Taint] = set()
        for d in defs:
            if d.kind == "value" and d.node is not None:
                out |= self.eval_path(d.node, (*d.path, *path))
            elif d.kind == "store" and d.node is not None:
                k = d.path
                n = min(len(k), len(path))
                if any(
                    a is not None and b is not None and a != b
                    for a, b in zip(k[:n], path[:n], strict=True)
                ):
                    continue
                if len(path) >= len(k):
                    out |= self.eval_path(d.node, path[len(k) :])
                else:
                    out |= contain(self.eval(d.node))
            elif d.kind in ("param", "arg") and name == "steps":
                out |= self._root((name, *path), ident, anchor)
            elif d.kind == "arg" and self.helpers_on and d.node is not None:
                p = placeholder(d.node.id, d.index, d.rest)
                out |= fold(frozenset({p}), (*d.path, *path), self.sensitive_env)
            elif d.kind == "event":
                ev = Taint(
                    SourceKind.TRIGGER_EVENT,
                    Shape.EVENT,
                    name,
                    ident.start_byte,
                    ident.end_byte,
                    latent=not self.http_event_param,
                )
                out |= fold(frozenset({ev}), path, self.sensitive_env)
            elif d.kind == "error" and d.node is not None:
                call = self._authenticated_call(d.node)
                if call is not None:
                    label = f"{name} (error of {call})"
                    err = Taint(
                        SourceKind.REQUEST_ERROR,
                        Shape.ERROR,
                        label,
                        ident.start_byte,
                        ident.end_byte,
                    )
                    out |= fold(frozenset({err}), (*d.path, *path), self.sensitive_env)
        return frozenset(out)

    def _root(self, parts: PathT, ident: Node, anchor: Node) -> frozenset[Taint]:
        start, end = ident.start_byte, anchor.end_byte
        for i in range(1, len(parts) + 1):
            taint = self._classify(parts[:i], start, end)
            if taint is not None:
                return fold(frozenset({taint}), parts[i:], self.sensitive_env)
        return EMPTY

    def _classify(self, parts: PathT, start: int, end: int) -> Taint | None:
        if any(p is None or p == ELEM for p in parts):
            return None
        if parts == ("process", "env"):
            return Taint(SourceKind.SECRET_ENV, Shape.ENV, "process.env", start, end)
        if parts == ("steps",):
            return Taint(SourceKind.TRIGGER_EVENT, Shape.STEPS, "steps", start, end)
        if parts[0] == "this" and parts[-1] == "$auth" and len(parts) in (2, 3):
            return Taint(SourceKind.AUTH, Shape.AUTH, ".".join(parts), start, end)  # type: ignore[arg-type]
        return None

    def _eval_value(self, node: Node) -> frozenset[Taint]:
        t = node.type
        if t in ("string", "template_string"):
            out = set(self._literal(node))
            if t == "template_string":
                for sub in node.named_children:
                    if sub.type == "template_substitution" and sub.named_child_count:
                        out |= js_stringify(self.eval(sub.named_children[0]))
            return frozenset(out)
        if t == "object":
            out = set()
            for child in node.named_children:
                if child.type == "pair":
                    v = child.child_by_field_name("value")
                    if v is not None:
                        out |= self.eval(v)
                elif child.type == "shorthand_property_identifier":
                    out |= self._eval_name(child, (), child)
                elif child.type == "spread_element" and child.named_child_count:
                    out |= self.eval(child.named_children[0])
            return contain(frozenset(out))
        if t == "array":
            out = set()
            for child in node.named_children:
                inner = (
                    child.named_children[0]
                    if child.type == "spread_element" and child.named_child_count
                    else child
                )
                out |= self.eval(inner)
            return frozenset(out)
        if t == "binary_expression":
            op = node.child_by_field_name("operator")
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if op is None or left is None or right is None:
                return EMPTY
            o = text(op)
            if o == "+":
                return js_stringify(self.eval(left)) | js_stringify(self.eval(right))
            if o in ("||", "&&", "??"):
                return self.eval(left) | self.eval(right)
            return EMPTY
        if t == "ternary_expression":
            a, b = node.child_by_field_name("consequence"), node.child_by_field_name("alternative")
            return (self.eval(a) if a is not None else EMPTY) | (
                self.eval(b) if b is not None else EMPTY
            )
        if t in ("assignment_expression", "augmented_assignment_expression"):
            right = node.child_by_field_name("right")
            return self.eval(right) if right is not None else EMPTY
        if t == "sequence_expression":
            last = node.named_children[-1] if node.named_child_count else None
            return self.eval(last) if last is not None else EMPTY
        if t == "call_expression":
            return self._eval_call(node)
        if t == "spread_element" and self.helpers_on and node.named_child_count:
            return self.eval(node.named_children[0])  # `f(...args)`: the elements
        return EMPTY

    def _literal(self, node: Node) -> list[Taint]:
        if not self.spans:
            return []
        s, e = node.start_byte, node.end_byte
        i = bisect.bisect_left(self.span_starts, s)
        out = []
        for start, end in self.spans[i:]:
            if start >= e:
                break
            if end <= e:
                label = self.literal_labels.get((start, end), "secret literal")
                out.append(Taint(SourceKind.SECRET_LITERAL, Shape.VALUE, label, start, end))
        return out

    def _eval_call(self, call: Node) -> frozenset[Taint]:
        callee = call.child_by_field_name("function")
        if callee is None:
            return EMPTY
        callee = strip(callee)
        args = call_arguments(call)
        if self.helpers_on:
            helper = self._helper(callee)
            if helper is not None:
                return self._call_returns(helper[1], args)
        name = text(callee) if callee.type == "identifier" else member_path(callee)
        if name in SERIALISERS:
            return to_value(self._union(args))
        if name in PASS_THROUGH:
            return self._union(args)
        if name in VALUES_OF:
            return values_of(self.eval(args[0])) if args else EMPTY
        if name in STRINGIFIERS:
            return js_stringify(self.eval(args[0])) if args else EMPTY
        if name == "require":
            return EMPTY
        if callee.type != "member_expression":
            return EMPTY
        obj = callee.child_by_field_name("object")
        method = text(callee.child_by_field_name("property"))
        if obj is None:
            return EMPTY
        if method == "toString":
            return js_stringify(self.eval(obj))
        if method == "toJSON":
            return to_value(self.eval(obj))
        if method == "get" and args:
            key = string_value(args[0])
            return self._eval_path_from(obj, (key,), call)
        if method in SLICE_METHODS:
            if _is_mask(args):
                return EMPTY
            return js_stringify(self.eval(obj))
        if method in KEEP_METHODS:
            receiver = self.eval(obj)
            if method in ("concat", "replace", "replaceAll", "join"):
                receiver = receiver | self._union(args[1:] if method != "concat" else args)
            return (
                receiver
                if method in ("filter", "find", "flat", "reverse", "sort", "at")
                else js_stringify(receiver)
            )
        if method == "then" and args:
            return EMPTY
        return EMPTY

    def _union(self, nodes: Iterable[Node]) -> frozenset[Taint]:
        out: set[Taint] = set()
        for n in nodes:
            out |= self.eval(n)
        return frozenset(out)

    # -- authenticated HTTP calls (for error objects) ------------------------------------------

    def _authenticated_call(self, region: Node) -> str | None:
        """`axios.get (line N)` for the first authenticated axios/got call inside `region`."""
        if region.id in self.auth_cache:
            return self.auth_cache[region.id]
        found = None
        for node in walk(region):
            if node.type != "call_expression":
                continue
            label, instance_auth = self._http_call(node)
            if label is not None and (instance_auth or self._call_has_auth(node)):
                found = f"{label} on line {node.start_point[0] + 1}"
                break
            callee = node.child_by_field_name("function")
            name = member_path(callee) if callee is not None else None
            if "fetch" in (name or "fetch").rsplit(".", 1)[-1].lower():
                continue  # fetch errors carry no request headers
            if any(self._auth_headers_config(arg, 0) for arg in call_arguments(node)):
                # a request wrapper (`this.app._makeRequest({ headers: { Authorization } })`)
                found = f"{name or 'a request'} on line {node.start_point[0] + 1}"
                break
        self.auth_cache[region.id] = found
        return found

    def _http_call(self, call: Node) -> tuple[str | None, bool]:
        """(callee name, authenticated by its instance's defaults) of an axios/got request."""
        name, factories = self.b.http_request(call) or (None, [])
        if not factories:  # the library itself, or no request
            return name, False
        return (name, True) if any(self._call_has_auth(f) for f in factories) else (None, False)

    def _auth_headers_config(self, node: Node, depth: int) -> bool:
        """An object literal (or a name bound to one) with `headers` that carry credentials."""
        node = strip(node)
        if depth > 2:
            return False
        if node.type == "identifier":
            return any(self._auth_headers_config(v, depth + 1) for v in self.b.values(node))
        if node.type != "object":
            return False
        headers = object_property(node, "headers")
        return headers is not None and self._has_auth(headers, 0)

    def _entry_has_auth(self, child: Node, depth: int) -> bool:
        """One entry of a request-config object literal names or carries a credential."""
        if child.type == "pair":
            k, v = child.child_by_field_name("key"), child.child_by_field_name("value")
            kname = property_key(k).lower() if k is not None else ""
            if kname in AUTH_CONFIG_KEYS or is_sensitive_header(kname):
                return True
            return v is not None and self._has_auth(v, depth + 1)
        if child.type == "shorthand_property_identifier":
            return text(child).lower() in AUTH_CONFIG_KEYS
        if child.type == "spread_element" and child.named_child_count:
            return self._has_auth(child.named_children[0], depth + 1)
        return False

    def _call_has_auth(self, call: Node) -> bool:
        return any(self._has_auth(arg, 0) for arg in call_arguments(call))

    def _has_auth(self, node: Node, depth: int) -> bool:
        if depth > 4:
            return False
        node = strip(node)
        sensitive = {
            SourceKind.SECRET_ENV,
            SourceKind.SECRET_LITERAL,
            SourceKind.AUTH,
            SourceKind.HEADER,
        }
        if any(t.kind in sensitive for t in self.eval(node)):
            return True
        if node.type == "object":
            return any(self._entry_has_auth(child, depth) for child in node.named_children)
        elif node.type == "identifier":
            for d in self._resolve(node) or []:
                if d.node is None or d.kind not in ("value", "store"):
                    continue
                if d.kind == "store" and d.path:
                    last = d.path[-1]
                    if isinstance(last, str) and (
                        last.lower() in AUTH_CONFIG_KEYS or is_sensitive_header(last)
                    ):
                        return True
                if not (d.kind == "value" and d.path) and self._has_auth(d.node, depth + 1):
                    return True
        return False

    # -- pass 2: flows --------------------------------------------------------------------------

    def flows(self) -> list[Flow]:
        """Every flow. Flows through local helpers come after the others, from a second
        evaluation with helper summaries on; the first is exactly the analysis without them."""
        found: dict[tuple[int, int], frozenset[Taint]] = {}
        out = self._sink_flows(found)
        if self._calls_a_helper():
            with contextlib.suppress(RecursionError):  # the flows found so far stand
                out += self._helper_flows(found)
        return out

    def _sink_flows(self, found: dict[tuple[int, int], frozenset[Taint]]) -> list[Flow]:
        out: list[Flow] = []
        for i, sink in enumerate(self.sinks):
            for j, value in enumerate(sink.values):
                taints = reportable(self.eval(value))
                if sink.stringify:
                    taints = js_stringify(taints)
                if not taints:
                    continue
                found[(i, j)] = taints
                out += self._flows_for(sink, value, taints)
        return out

    def _flows_for(
        self,
        sink: _Sink,
        value: Node,
        taints: frozenset[Taint],
        *,
        call: Node | None = None,
        via: tuple[str, ...] = (),
    ) -> list[Flow]:
        """One flow per taint of `value` (primary first); through helpers, `value` is an
        argument of `call` and no mechanical fix is offered."""
        ordered = sorted(taints, key=lambda t: (SOURCE_PRIORITY[t.kind], t.start, t.label))
        edits, summary = self._fix(sink, value, ordered) if call is None else ((), None)
        span = sink.node if call is None else call
        return [
            Flow(
                taint=taint,
                sink_kind=sink.kind,
                sink=sink.display,
                start=value.start_byte,
                end=value.end_byte,
                sink_start=span.start_byte,
                sink_end=span.end_byte,
                all_taints=tuple(ordered),
                edits=edits,
                fix_summary=summary,
                via=via,
                via_sink_start=sink.node.start_byte if via else -1,
                via_sink_end=sink.node.end_byte if via else -1,
            )
            for taint in ordered
        ]

    # -- local helpers ----------------------------------------------------------------------------

    def _resolve(self, ident: Node) -> list[Def] | None:
        """`JsBindings.resolve`, once per identifier node."""
        key = ident.id
        try:
            return self.defs[key]
        except KeyError:
            defs = self.defs[key] = self.b.resolve(ident)
            return defs

    def _helper(self, callee: Node) -> tuple[str, list[Node]] | None:
        """`JsBindings.helper_callee`, once per callee node (a plain name no scope binds to a
        function is no helper: it is not looked up)."""
        key = callee.id
        try:
            return self.helpers[key]
        except KeyError:
            pass
        bare = strip(callee)
        if bare.type == "identifier" and text(bare) not in self._function_names():
            helper = None
        else:
            helper = self.b.helper_callee(callee)
        self.helpers[key] = helper
        return helper

    def _function_names(self) -> set[str]:
        """Names some scope binds (as a whole) to a function: the only names `helper_callee`
        can find helpers under."""
        if self.function_names is None:
            names = self.function_names = set()
            for scope in self.b.scopes.values():
                for name, defs in scope.items():
                    for d in defs:
                        if d.node is None or d.path:
                            continue
                        if (d.kind == "param" and d.node.type in FUNCTION_TYPES) or (
                            d.kind == "value" and strip(d.node).type in FUNCTION_TYPES
                        ):
                            names.add(name)
                            break
        return self.function_names

    def _calls_a_helper(self) -> bool:
        """Whether the step calls a local helper at all (the cheap `this.name()` calls first)."""
        for call in (*self.b.this_calls, *self.b.ident_calls):
            callee = call.child_by_field_name("function")
            if callee is not None and self._helper(callee) is not None:
                return True
        return False

    def _helper_calls(self) -> list[tuple[Node, str, list[Node], list[Node]]]:
        """`JsBindings.helper_calls` (in source order) through the callee memo."""
        out = []
        for call in sorted((*self.b.ident_calls, *self.b.this_calls), key=lambda c: c.start_byte):
            callee = call.child_by_field_name("function")
            helper = self._helper(callee) if callee is not None else None
            if helper is not None:
                out.append((call, helper[0], helper[1], call_arguments(call)))
        return out

    def _returns_of(self, fn: Node, path: PathT = ()) -> frozenset[Taint]:
        """What `fn` may return, `path` into it (placeholders for its parameters); EMPTY while
        recursing or when helpers are nested too deep."""
        key = (fn.id, path)
        cached = self.ret_cache.get(key)
        if cached is not None:
            return cached
        if fn.id in self.ret_busy or len(self.ret_busy) >= MAX_NESTING:
            return EMPTY
        self.ret_busy.add(fn.id)
        try:
            out: set[Taint] = set()
            for value in self.b.results(fn):
                out |= self.eval_path(value, path)
            result = frozenset(out)
        finally:
            self.ret_busy.discard(fn.id)
        self.ret_cache[key] = result
        return result

    def _call_returns(
        self, fns: list[Node], args: list[Node], path: PathT = ()
    ) -> frozenset[Taint]:
        """What a call of local helpers returns (`path` into it), its arguments put in."""
        out: set[Taint] = set()
        for fn in fns:
            for t in self._returns_of(fn, path):
                if isinstance(t, Param) and t.fn == fn.id:
                    for arg in _candidates(args, t.index, t.rest):
                        out |= self._apply_at(arg, t.ops)
                else:
                    out.add(t)
        # placeholders whose recorded operations keep growing (recursion through returns)
        return frozenset(t for t in out if not (isinstance(t, Param) and len(t.ops) > MAX_OPS))

    def _apply_at(self, arg: Node, ops: tuple[Op, ...]) -> frozenset[Taint]:
        """What a parameter's recorded operations give for argument `arg`: leading member
        accesses are followed into the argument's syntax (`{ url, token }` keeps `url` clean)."""
        k = 0
        while k < len(ops) and ops[k][0] == "m":
            k += 1
        path = tuple(p for op in ops[:k] for p in op[1:])  # an "m" op is ("m", prop)
        return apply_ops(self.eval_path(arg, path), ops[k:], self.sensitive_env)

    def _helper_flows(self, found: dict[tuple[int, int], frozenset[Taint]]) -> list[Flow]:
        """Second evaluation, with placeholders for helper parameters and helper returns.

        New taints at the sinks (through helper return values) become flows; placeholders at
        the sinks start the helpers' summaries, which are then carried through calls between
        helpers to a fixed point; finally each call's arguments are matched to its helpers'
        summaries and reported at the call.
        """
        self.helpers_on = True
        self.cache, self.busy, self.auth_cache, self.depth = {}, set(), {}, 0
        out: list[Flow] = []
        entries: Summaries = {}
        for i, sink in enumerate(self.sinks):
            for j, value in enumerate(sink.values):
                taints = reportable(self.eval(value))
                if sink.stringify:
                    taints = js_stringify(taints)
                for t in taints:
                    if isinstance(t, Param) and len(t.ops) <= MAX_OPS:
                        entries.setdefault(t.fn, {}).setdefault((t.index, t.rest, t.ops, i), ())
                extra = concrete(taints) - found.get((i, j), EMPTY)
                if extra:
                    out += self._flows_for(sink, value, extra)
        if not entries:  # no summary: the calls of helpers add nothing
            return out
        calls = self._helper_calls()
        self._propagate(calls, entries)
        for call, name, fns, args in calls:
            for arg, sink_i, via, taints in self._call_flows(name, fns, args, entries):
                out += self._flows_for(self.sinks[sink_i], arg, taints, call=call, via=via)
        return out

    def _propagate(
        self,
        calls: list[tuple[Node, str, list[Node], list[Node]]],
        entries: Summaries,
    ) -> None:
        """A helper's parameter passed to another helper reaches that one's sinks: rounds over
        the calls with the entries found in the round before, until none is new (bounded)."""
        fresh = {fn: sorted(summary.items(), key=repr) for fn, summary in entries.items()}
        for _ in range(MAX_ROUNDS):
            if not fresh:
                return
            found: dict[int, list[tuple[Entry, tuple[str, ...]]]] = {}
            for _call, name, fns, args in calls:
                for fn in fns:
                    for (index, rest, ops, sink_i), via in fresh.get(fn.id, ()):
                        if len(via) >= MAX_VIA:
                            continue
                        for arg in _candidates(args, index, rest):
                            reached = self._apply_at(arg, ops)
                            for q in sorted(reached, key=repr) if len(reached) > 1 else reached:
                                if not isinstance(q, Param) or len(q.ops) > MAX_OPS:
                                    continue
                                mine = entries.setdefault(q.fn, {})
                                entry = (q.index, q.rest, q.ops, sink_i)
                                if entry not in mine and len(mine) < MAX_ENTRIES:
                                    mine[entry] = (name, *via)
                                    found.setdefault(q.fn, []).append((entry, mine[entry]))
            fresh = found

    def _call_flows(
        self, name: str, fns: list[Node], args: list[Node], entries: Summaries
    ) -> list[tuple[Node, int, tuple[str, ...], frozenset[Taint]]]:
        """(argument, sink, helpers, taints) for the real sources a call hands to its helpers:
        one per argument and sink, through the shortest chain of helpers."""
        by_key: dict[tuple[int, int], tuple[Node, tuple[str, ...], set[Taint]]] = {}
        for fn in fns:
            ordered = sorted(
                entries.get(fn.id, {}).items(),
                key=lambda e: (self.sinks[e[0][3]].node.start_byte, len(e[1]), e[1], repr(e[0])),
            )
            for (index, rest, ops, sink_i), via in ordered:
                for arg in _candidates(args, index, rest):
                    taints = concrete(reportable(self._apply_at(arg, ops)))
                    if not taints:
                        continue
                    got = by_key.setdefault((arg.id, sink_i), (arg, (name, *via), set()))
                    if got[1] == (name, *via):
                        got[2].update(taints)
        return [(arg, sink_i, via, frozenset(t)) for (_, sink_i), (arg, via, t) in by_key.items()]

    # -- mechanical fixes -------------------------------------------------------------------------

    def _fix(
        self, sink: _Sink, value: Node, taints: list[Taint]
    ) -> tuple[tuple[tuple[int, int, str], ...], str | None]:
        if sink.kind is not SinkKind.LOG:
            return (), None
        if any(t.kind is SourceKind.SECRET_LITERAL for t in taints):
            return (), None  # the secrets fix migrates the literal; never copy it around
        anchors = self._anchors(value, stringify=False)
        if anchors:
            edits = []
            kinds = set()
            for node, shape in anchors:
                src = self.data[node.start_byte : node.end_byte].decode("utf-8", "surrogateescape")
                if shape is Shape.ERROR and node.type == "identifier":
                    new = f"{src}.message"
                    kinds.add("log the error's message only")
                elif shape is Shape.ERROR_RESPONSE:
                    new = f"{src}?.data"
                    kinds.add("log the response body only")
                elif shape.is_object:
                    new = f"Object.keys({src})"
                    kinds.add("log the object's keys only")
                else:
                    new = f'String({src}).slice(0, 4) + "…"'
                    parent = node.parent
                    if parent is not None and parent.type == "binary_expression":
                        new = f"({new})"
                    kinds.add("mask the value")
                edits.append((node.start_byte, node.end_byte, new))
            return tuple(edits), "; ".join(sorted(kinds))
        removal = _statement_removal(sink.node, self.data)
        if removal is not None:
            return (removal,), "remove the log statement"
        return (), None

    def _anchors(self, node: Node, stringify: bool) -> list[tuple[Node, Shape]] | None:
        """Sub-expressions carrying all the taint of `node`, each replaceable in place."""
        node = strip(node)
        taints = reportable(self.eval(node))
        if self.helpers_on:
            taints = concrete(taints)
        if stringify:
            taints = js_stringify(taints)
        if not taints:
            return []
        t = node.type
        if t in ("identifier", "member_expression", "subscript_expression"):
            if any(x.contained for x in taints):
                return None
            shapes = {x.shape for x in taints}
            if len(shapes) != 1:
                return None
            return [(node, shapes.pop())]
        parts: list[Node] = []
        if t == "template_string":
            parts = [
                s.named_children[0]
                for s in node.named_children
                if s.type == "template_substitution" and s.named_child_count
            ]
            if self._literal(node):
                return None
            stringify = True
        elif t == "binary_expression" and text(node.child_by_field_name("operator")) == "+":
            parts = [
                c
                for c in (node.child_by_field_name("left"), node.child_by_field_name("right"))
                if c is not None
            ]
            stringify = True
        else:
            return None
        out: list[tuple[Node, Shape]] = []
        for part in parts:
            sub = self._anchors(part, stringify)
            if sub is None:
                return None
            out.extend(sub)
        return out


def _candidates(args: list[Node], index: int, rest: bool) -> list[Node]:
    """The arguments that may land in parameter `index` (`rest`: `...rest`) of the callee."""
    spread = next((i for i, a in enumerate(args) if a.type == "spread_element"), None)
    if index < 0:
        return []
    if spread is not None and spread <= index:
        return args[spread:]
    return args[index:] if rest else args[index : index + 1]


def _respond_values(arg: Node) -> list[Node]:
    arg = strip(arg)
    if arg.type != "object":
        return [arg]
    out = []
    for child in arg.named_children:
        if child.type == "pair":
            k, v = child.child_by_field_name("key"), child.child_by_field_name("value")
            if k is not None and v is not None and property_key(k) in ("body", "headers"):
                out.append(v)
        elif child.type == "spread_element" or (
            child.type == "shorthand_property_identifier" and text(child) in ("body", "headers")
        ):
            out.append(child)
    return out


def _is_flow_exit(node: Node) -> bool:
    node = strip(node)
    if node.type != "call_expression":
        return False
    callee = node.child_by_field_name("function")
    return callee is not None and member_path(callee) == "$.flow.exit"


def _is_mask(args: list[Node]) -> bool:
    if len(args) != 2:
        return False
    a, b = (text(x) for x in args)
    try:
        return int(a) == 0 and 0 < int(b) <= MASK_MAX
    except ValueError:
        return False


def _statement_removal(call: Node, data: bytes) -> tuple[int, int, str] | None:
    """Edit removing the expression statement holding `call` (whole lines when it owns them)."""
    stmt: Node | None = call.parent
    while stmt is not None and stmt.type in ("await_expression", "parenthesized_expression"):
        stmt = stmt.parent
    if stmt is None or stmt.type != "expression_statement":
        return None
    if stmt.parent is None or stmt.parent.type not in (
        "statement_block",
        "program",
        "switch_case",
        "switch_default",
    ):
        return None
    start, end = stmt.start_byte, stmt.end_byte
    line_start = data.rfind(b"\n", 0, start) + 1
    line_end = data.find(b"\n", end)
    line_end = len(data) if line_end == -1 else line_end
    if data[line_start:start].strip() == b"" and data[end:line_end].strip() == b"":
        return (line_start, min(line_end + 1, len(data)), "")
    return (start, end, "")
