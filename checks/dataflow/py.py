"""Taint analysis of one Python step (`ast`), the same model as the JavaScript one.

One recursive visit records bindings per function scope and the sinks (print/logging,
`pd.export`, `pd.respond`, `return` of `handler`, `raise X(...)`); sink values are then
evaluated on demand with memoisation. Python's `str()` of a dict shows its content, so string
conversion keeps every taint (unlike JavaScript's `[object Object]`).
"""

from __future__ import annotations

import ast
import bisect
import contextlib
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass

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
    placeholder,
    reportable,
    scalars,
    to_value,
    values_of,
)
from checks.dataflow.pyfix import log_fix
from checks.parsing import Code
from checks.parsing.pybindings import Chain, const_key, py_bindings
from checks.parsing.pyscope import dotted
from checks.parsing.values import ELEM, PathT

LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"}
)
SERIALISERS = frozenset(
    {
        "str",
        "repr",
        "json.dumps",
        "pprint.pformat",
        "format",
        "ascii",
        "simplejson.dumps",
        "orjson.dumps",
    }
)
PASS_THROUGH = frozenset(
    {
        "bytes",
        "base64.b64encode",
        "base64.b64decode",
        "base64.urlsafe_b64encode",
        "base64.standard_b64encode",
        "urllib.parse.quote",
        "urllib.parse.quote_plus",
        "urllib.parse.unquote",
        "json.loads",
        "copy.copy",
        "copy.deepcopy",
        "dict",
        "bytearray",
    }
)
ITERATORS = frozenset({"list", "tuple", "sorted", "reversed", "set", "frozenset"})
KEEP_METHODS = frozenset(
    {
        "encode",
        "decode",
        "strip",
        "lstrip",
        "rstrip",
        "lower",
        "upper",
        "casefold",
        "title",
        "replace",
        "split",
        "rsplit",
        "splitlines",
        "removeprefix",
        "removesuffix",
        "zfill",
        "ljust",
        "rjust",
        "center",
        "copy",
        "format",
        "format_map",
        "join",
        "partition",
        "rpartition",
        "expandtabs",
    }
)
MASK_MAX = 8
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
# helper summaries (see the JavaScript analysis): propagation rounds and chain bounds
MAX_ROUNDS = 6
MAX_VIA = 6
MAX_OPS = 24
MAX_ENTRIES = 64
MAX_NESTING = 6  # helper return values evaluated inside one another


Entry = tuple[int, bool, str, tuple[Op, ...], int]  # (index, rest, param name, ops, sink no.)
Summaries = dict[int, dict[Entry, tuple[str, ...]]]  # helper id -> entry -> helpers on the way


@dataclass
class _Sink:
    kind: SinkKind
    display: str
    node: ast.AST
    values: Sequence[ast.AST]
    chain: Chain
    statement: ast.stmt | None = None  # the `Expr` statement holding a log call
    siblings: int = 0  # statements in that statement's block
    stringify: bool = False


class PyAnalysis:
    def __init__(
        self,
        code: Code,
        *,
        literal_spans: list[tuple[int, int]] = (),  # type: ignore[assignment]
        literal_labels: Mapping[tuple[int, int], str] | None = None,
        sensitive_env: Container[str] = frozenset(),
    ) -> None:
        self.code = code
        self.tree = code.py_tree
        self.spans = sorted(literal_spans)
        self.span_starts = [s for s, _ in self.spans]
        self.literal_labels = literal_labels or {}
        self.sensitive_env = sensitive_env
        self.b = py_bindings(code)
        self.sinks: list[_Sink] = []
        self.cache: dict[tuple[int, PathT, Chain], frozenset[Taint]] = {}
        self.busy: set[tuple[int, PathT, Chain]] = set()
        self.depth = 0
        self.parents: dict[int, ast.AST] = {}
        self.helpers_on = False
        self.ret_cache: dict[tuple[int, PathT], frozenset[Taint]] = {}
        self.ret_busy: set[int] = set()

    # -- pass 1 -----------------------------------------------------------------------------------

    def collect(self) -> None:
        for kind, node, chain, stmt, siblings in self.b.events:
            if kind == "call":
                self._call_sink(node, chain, stmt, siblings)  # type: ignore[arg-type]
            elif kind == "return":
                value = node.value  # type: ignore[attr-defined]
                if not _is_flow_exit(value):
                    self.sinks.append(_Sink(SinkKind.RETURN, "return", node, [value], chain))
            else:
                exc = node.exc  # type: ignore[attr-defined]
                values = [*exc.args, *(k.value for k in exc.keywords)]
                display = f"raise {dotted(exc.func) or 'exception'}"
                self.sinks.append(
                    _Sink(SinkKind.THROW, display, node, values, chain, stringify=True)
                )

    def _call_sink(
        self, call: ast.Call, chain: Chain, stmt: ast.stmt | None, siblings: int
    ) -> None:
        func = call.func
        name = self.b.qualname(func, chain)
        args = [a.value if isinstance(a, ast.Starred) else a for a in call.args]
        if name == "print":
            values = [
                *args,
                *(k.value for k in call.keywords if k.arg not in ("file", "sep", "end", "flush")),
            ]
            self.sinks.append(_Sink(SinkKind.LOG, "print", call, values, chain, stmt, siblings))
            return
        if not isinstance(func, ast.Attribute):
            return
        receiver = self.b.qualname(func.value, chain) or ""
        last = receiver.rsplit(".", 1)[-1].lower()
        if func.attr in LOG_METHODS and "log" in last:
            values = [
                *args,
                *(
                    k.value
                    for k in call.keywords
                    if k.arg not in ("exc_info", "stack_info", "stacklevel")
                ),
            ]
            self.sinks.append(
                _Sink(SinkKind.LOG, name or func.attr, call, values, chain, stmt, siblings)
            )
            return
        if isinstance(func.value, ast.Name) and self.b.is_pd(func.value, chain):
            if func.attr == "export":
                value = (
                    args[1]
                    if len(args) >= 2
                    else next((k.value for k in call.keywords if k.arg == "value"), None)
                )
                if value is not None:
                    self.sinks.append(
                        _Sink(SinkKind.EXPORT, f"{func.value.id}.export", call, [value], chain)
                    )
            elif func.attr == "respond" and args:
                self.sinks.append(
                    _Sink(
                        SinkKind.RESPOND,
                        f"{func.value.id}.respond",
                        call,
                        _respond_values(args[0]),
                        chain,
                    )
                )

    # -- evaluation -------------------------------------------------------------------------------

    def eval(self, node: ast.AST, chain: Chain) -> frozenset[Taint]:
        return self.eval_path(node, (), chain)

    def eval_path(self, node: ast.AST, path: PathT, chain: Chain) -> frozenset[Taint]:
        key = (id(node), path, chain)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        if key in self.busy or self.depth > MAX_DEPTH:
            return EMPTY
        self.busy.add(key)
        self.depth += 1
        try:
            result = self._eval_path(node, path, chain)
        finally:
            self.depth -= 1
            self.busy.discard(key)
        self.cache[key] = result
        return result

    def _eval_path(self, node: ast.AST, path: PathT, chain: Chain) -> frozenset[Taint]:
        if isinstance(node, ast.Await | ast.Starred):
            return self.eval_path(node.value, path, chain)
        if isinstance(node, ast.NamedExpr):
            return self.eval_path(node.value, path, chain)
        if isinstance(node, ast.Attribute):
            return self._from(node.value, (node.attr, *path), chain, node)
        if isinstance(node, ast.Subscript):
            sl = node.slice
            if isinstance(sl, ast.Slice):
                if _is_mask(sl):
                    return EMPTY
                return fold(self.eval(node.value, chain), path, self.sensitive_env)
            key = const_key(sl)
            return self._from(node.value, (key, *path), chain, node)
        if isinstance(node, ast.Name):
            return self._name(node, path, chain, node)
        if not path:
            return self._value(node, chain)
        head, rest = path[0], path[1:]
        if isinstance(node, ast.Dict):
            out: set[Taint] = set()
            for k, v in zip(node.keys, node.values, strict=True):
                if k is None:
                    out |= self.eval_path(v, path, chain)
                    continue
                kname = const_key(k)
                if head in (None, ELEM) or kname is None or kname == head:
                    out |= self.eval_path(v, rest, chain)
            return frozenset(out)
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            out = set()
            for elt in node.elts:
                if head in (None, ELEM) or (head is not None and head.isdigit()):
                    out |= self.eval_path(elt, rest, chain)
            return frozenset(out)
        if isinstance(node, ast.Call) and self.helpers_on and isinstance(node.func, ast.Name):
            fns = self.b.helper_callee(node.func, chain)
            if fns:  # `make_config(token)["url"]`: into what the helper returns
                return self._call_returns(fns, node, chain, path)
        return fold(self._value(node, chain), path, self.sensitive_env)

    def _from(self, obj: ast.AST, path: PathT, chain: Chain, anchor: ast.AST) -> frozenset[Taint]:
        if isinstance(obj, ast.Attribute):
            return self._from(obj.value, (obj.attr, *path), chain, anchor)
        if isinstance(obj, ast.Subscript) and not isinstance(obj.slice, ast.Slice):
            return self._from(obj.value, (const_key(obj.slice), *path), chain, anchor)
        if isinstance(obj, ast.Name):
            return self._name(obj, path, chain, anchor)
        return self.eval_path(obj, path, chain)

    def _name(self, name: ast.Name, path: PathT, chain: Chain, anchor: ast.AST) -> frozenset[Taint]:
        defs = self.b.resolve(name.id, chain)
        if defs is None:
            return EMPTY
        out: set[Taint] = set()
        for d in defs:
            if d.kind == "value" and d.node is not None:
                out |= self.eval_path(d.node, (*d.path, *path), d.chain)
            elif d.kind == "store" and d.node is not None:
                k = d.path
                n = min(len(k), len(path))
                if any(
                    a is not None and b is not None and a != b
                    for a, b in zip(k[:n], path[:n], strict=True)
                ):
                    continue
                if len(path) >= len(k):
                    out |= self.eval_path(d.node, path[len(k) :], d.chain)
                else:
                    out |= contain(self.eval(d.node, d.chain))
            elif d.kind == "arg" and self.helpers_on and d.node is not None:
                p = placeholder(id(d.node), d.index, d.rest, d.module)
                out |= fold(frozenset({p}), (*d.path, *path), self.sensitive_env)
            elif d.kind == "pd":
                out |= self._root(("pd", *path), name, anchor)
            elif d.kind == "module":
                out |= self._root((*d.module.split("."), *path), name, anchor)
        return frozenset(out)

    def _root(self, parts: PathT, start_node: ast.AST, anchor: ast.AST) -> frozenset[Taint]:
        start = self.code.py_node_offsets(start_node)[0]
        end = self.code.py_node_offsets(anchor)[1]
        for i in range(1, len(parts) + 1):
            taint = _classify(parts[:i], start, end)
            if taint is not None:
                return fold(frozenset({taint}), parts[i:], self.sensitive_env)
        return EMPTY

    def _value(self, node: ast.AST, chain: Chain) -> frozenset[Taint]:
        if isinstance(node, ast.Constant):
            return frozenset(self._literal(node)) if isinstance(node.value, str) else EMPTY
        if isinstance(node, ast.JoinedStr):
            out: set[Taint] = set(self._literal(node))
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    out |= to_value(self.eval(part.value, chain))
            return frozenset(out)
        if isinstance(node, ast.Dict):
            out = set()
            for v in node.values:
                out |= self.eval(v, chain)
            return contain(frozenset(out))
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            out = set()
            for elt in node.elts:
                out |= self.eval(elt, chain)
            return frozenset(out)
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Add | ast.Mod):
                return to_value(self.eval(node.left, chain) | self.eval(node.right, chain))
            return EMPTY
        if isinstance(node, ast.BoolOp):
            out = set()
            for v in node.values:
                out |= self.eval(v, chain)
            return frozenset(out)
        if isinstance(node, ast.IfExp):
            return self.eval(node.body, chain) | self.eval(node.orelse, chain)
        if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp):
            return self.eval(node.elt, chain)
        if isinstance(node, ast.DictComp):
            return contain(self.eval(node.value, chain))
        if isinstance(node, ast.Call):
            return self._call(node, chain)
        return EMPTY

    def _literal(self, node: ast.AST) -> list[Taint]:
        if not self.spans:
            return []
        s, e = self.code.py_node_offsets(node)
        i = bisect.bisect_left(self.span_starts, s)
        out = []
        for start, end in self.spans[i:]:
            if start >= e:
                break
            if end <= e:
                label = self.literal_labels.get((start, end), "secret literal")
                out.append(Taint(SourceKind.SECRET_LITERAL, Shape.VALUE, label, start, end))
        return out

    def _call(self, call: ast.Call, chain: Chain) -> frozenset[Taint]:
        func = call.func
        if self.helpers_on and isinstance(func, ast.Name):
            fns = self.b.helper_callee(func, chain)
            if fns:
                return self._call_returns(fns, call, chain)
        name = self.b.qualname(func, chain)
        args = [a.value if isinstance(a, ast.Starred) else a for a in call.args]
        kwargs = [k.value for k in call.keywords]
        if name in ("os.getenv", "os.environ.get") and args:
            return self._root(("os", "environ", const_key(args[0])), call, call)
        if name in SERIALISERS:
            return to_value(self._union([*args, *kwargs], chain))
        if name in ITERATORS:
            # iterating a dict yields its keys: only strings and lists keep their content
            return scalars(self._union(args[:1], chain))
        if name in PASS_THROUGH:
            return self._union(args[:1], chain)
        if not isinstance(func, ast.Attribute):
            return EMPTY
        method = func.attr
        if method == "get" and args:
            return self._from(func.value, (const_key(args[0]),), chain, call)
        if method in ("items", "values"):
            return values_of(self.eval(func.value, chain))
        if method in KEEP_METHODS:
            receiver = self.eval(func.value, chain)
            if method in ("format", "format_map", "join", "replace"):
                receiver = receiver | self._union([*args, *kwargs], chain)
            return to_value(receiver)
        return EMPTY

    def _union(self, nodes: Sequence[ast.AST], chain: Chain) -> frozenset[Taint]:
        out: set[Taint] = set()
        for n in nodes:
            out |= self.eval(n, chain)
        return frozenset(out)

    # -- pass 2 -----------------------------------------------------------------------------------

    def flows(self) -> list[Flow]:
        """Every flow; those through local helpers come last, from a second evaluation with
        helper summaries on (the first is exactly the analysis without them)."""
        found: dict[tuple[int, int], frozenset[Taint]] = {}
        out: list[Flow] = []
        for i, sink in enumerate(self.sinks):
            for j, value in enumerate(sink.values):
                taints = reportable(self.eval(value, sink.chain))
                if sink.stringify:
                    taints = to_value(taints)
                if not taints:
                    continue
                found[(i, j)] = taints
                out += self._flows_for(sink, value, taints)
        calls = self._helper_calls()
        if calls:
            with contextlib.suppress(RecursionError):  # the flows found so far stand
                out += self._helper_flows(calls, found)
        return out

    def _flows_for(
        self,
        sink: _Sink,
        value: ast.AST,
        taints: frozenset[Taint],
        *,
        call: ast.AST | None = None,
        via: tuple[str, ...] = (),
    ) -> list[Flow]:
        ordered = sorted(taints, key=lambda t: (SOURCE_PRIORITY[t.kind], t.start, t.label))
        edits, summary = log_fix(self, sink, value, ordered) if call is None else ((), None)
        vs, ve = self.code.py_node_offsets(value)
        ss, se = self.code.py_node_offsets(sink.node if call is None else call)
        inner = self.code.py_node_offsets(sink.node) if via else (-1, -1)
        return [
            Flow(
                taint,
                sink.kind,
                sink.display,
                vs,
                ve,
                ss,
                se,
                tuple(ordered),
                edits,
                summary,
                via,
                inner[0],
                inner[1],
            )
            for taint in ordered
        ]

    # -- local helpers ----------------------------------------------------------------------------

    def _helper_calls(self) -> list[tuple[ast.Call, Chain, str, list[ast.AST]]]:
        return self.b.helper_calls()

    def _returns_of(self, fn: ast.AST, path: PathT = ()) -> frozenset[Taint]:
        """What helper `fn` may return, `path` into it (see `JsAnalysis._returns_of`)."""
        key = (id(fn), path)
        cached = self.ret_cache.get(key)
        if cached is not None:
            return cached
        if id(fn) in self.ret_busy or len(self.ret_busy) >= MAX_NESTING:
            return EMPTY
        self.ret_busy.add(id(fn))
        try:
            out: set[Taint] = set()
            for value, chain in self.b.returns.get(id(fn), ()):
                out |= self.eval_path(value, path, chain)
            result = frozenset(out)
        finally:
            self.ret_busy.discard(id(fn))
        self.ret_cache[key] = result
        return result

    def _call_returns(
        self, fns: list[ast.AST], call: ast.Call, chain: Chain, path: PathT = ()
    ) -> frozenset[Taint]:
        out: set[Taint] = set()
        for fn in fns:
            for t in self._returns_of(fn, path):
                if isinstance(t, Param) and t.fn == id(fn):
                    for arg, key in _candidates(call, t.index, t.rest, t.name):
                        out |= self._apply_at(arg, key, t.ops, chain)
                else:
                    out.add(t)
        # placeholders whose recorded operations keep growing (recursion through returns)
        return frozenset(t for t in out if not (isinstance(t, Param) and len(t.ops) > MAX_OPS))

    def _apply_at(
        self, arg: ast.AST, key: PathT, ops: tuple[Op, ...], chain: Chain
    ) -> frozenset[Taint]:
        """A parameter's recorded operations on argument `arg` (`key`: the parameter's entry
        in a `**mapping`); leading keys are followed into the argument's syntax, as for a
        local variable."""
        k = 0
        while k < len(ops) and ops[k][0] == "m":
            k += 1
        path = (*key, *(p for op in ops[:k] for p in op[1:]))  # an "m" op is ("m", prop)
        return apply_ops(self.eval_path(arg, path, chain), ops[k:], self.sensitive_env)

    def _helper_flows(
        self,
        calls: list[tuple[ast.Call, Chain, str, list[ast.AST]]],
        found: dict[tuple[int, int], frozenset[Taint]],
    ) -> list[Flow]:
        """Second evaluation with placeholders for helper parameters (see `JsAnalysis`)."""
        self.helpers_on = True
        self.cache, self.busy, self.depth = {}, set(), 0
        out: list[Flow] = []
        entries: Summaries = {}
        for i, sink in enumerate(self.sinks):
            for j, value in enumerate(sink.values):
                taints = reportable(self.eval(value, sink.chain))
                if sink.stringify:
                    taints = to_value(taints)
                for t in taints:
                    if isinstance(t, Param) and len(t.ops) <= MAX_OPS:
                        entry = (t.index, t.rest, t.name, t.ops, i)
                        entries.setdefault(t.fn, {}).setdefault(entry, ())
                extra = concrete(taints) - found.get((i, j), EMPTY)
                if extra:
                    out += self._flows_for(sink, value, extra)
        self._propagate(calls, entries)
        for call, chain, name, fns in calls:
            for arg, sink_i, via, taints in self._call_flows(call, chain, name, fns, entries):
                out += self._flows_for(self.sinks[sink_i], arg, taints, call=call, via=via)
        return out

    def _propagate(
        self, calls: list[tuple[ast.Call, Chain, str, list[ast.AST]]], entries: Summaries
    ) -> None:
        """Carry summaries through calls between helpers (see `JsAnalysis._propagate`)."""
        fresh = {fn: sorted(summary.items(), key=repr) for fn, summary in entries.items()}
        for _ in range(MAX_ROUNDS):
            if not fresh:
                return
            found: dict[int, list[tuple[Entry, tuple[str, ...]]]] = {}
            for call, chain, name, fns in calls:
                for fn in fns:
                    for (index, rest, pname, ops, sink_i), via in fresh.get(id(fn), ()):
                        if len(via) >= MAX_VIA:
                            continue
                        for arg, key in _candidates(call, index, rest, pname):
                            reached = self._apply_at(arg, key, ops, chain)
                            for q in sorted(reached, key=repr) if len(reached) > 1 else reached:
                                if not isinstance(q, Param) or len(q.ops) > MAX_OPS:
                                    continue
                                mine = entries.setdefault(q.fn, {})
                                entry = (q.index, q.rest, q.name, q.ops, sink_i)
                                if entry not in mine and len(mine) < MAX_ENTRIES:
                                    mine[entry] = (name, *via)
                                    found.setdefault(q.fn, []).append((entry, mine[entry]))
            fresh = found

    def _call_flows(
        self, call: ast.Call, chain: Chain, name: str, fns: list[ast.AST], entries: Summaries
    ) -> list[tuple[ast.AST, int, tuple[str, ...], frozenset[Taint]]]:
        by_key: dict[tuple[int, int], tuple[ast.AST, tuple[str, ...], set[Taint]]] = {}
        for fn in fns:
            ordered = sorted(
                entries.get(id(fn), {}).items(),
                key=lambda e: (
                    self.code.py_node_offsets(self.sinks[e[0][4]].node)[0],
                    len(e[1]),
                    e[1],
                    repr(e[0]),
                ),
            )
            for (index, rest, pname, ops, sink_i), via in ordered:
                for arg, key in _candidates(call, index, rest, pname):
                    taints = concrete(reportable(self._apply_at(arg, key, ops, chain)))
                    if not taints:
                        continue
                    got = by_key.setdefault((id(arg), sink_i), (arg, (name, *via), set()))
                    if got[1] == (name, *via):
                        got[2].update(taints)
        return [(arg, sink_i, via, frozenset(t)) for (_, sink_i), (arg, via, t) in by_key.items()]


def _candidates(call: ast.Call, index: int, rest: bool, name: str) -> list[tuple[ast.AST, PathT]]:
    """The arguments of `call` that may land in the callee's parameter `index` / `name`
    (`rest`: `*args`), each with the key it is read at (`**mapping`: the parameter's name)."""
    args = call.args
    star = next((i for i, a in enumerate(args) if isinstance(a, ast.Starred)), None)
    out: list[tuple[ast.AST, PathT]] = []
    if index >= 0:
        if star is not None and star <= index:
            out += [(a, ()) for a in args[star:]]
        else:
            out += [(a, ()) for a in (args[index:] if rest else args[index : index + 1])]
    if not rest:
        for k in call.keywords:
            if k.arg == name:
                out.append((k.value, ()))
            elif k.arg is None:
                out.append((k.value, (name,)))
    return out


def _classify(parts: PathT, start: int, end: int) -> Taint | None:
    if any(p is None or p == ELEM for p in parts):
        return None
    if parts == ("os", "environ"):
        return Taint(SourceKind.SECRET_ENV, Shape.ENV, "os.environ", start, end, subscript=True)
    if parts == ("pd", "steps"):
        return Taint(SourceKind.TRIGGER_EVENT, Shape.STEPS, "pd.steps", start, end, subscript=True)
    if len(parts) == 4 and parts[:2] == ("pd", "inputs") and parts[3] == "$auth":
        label = f'pd.inputs["{parts[2]}"]["$auth"]'
        return Taint(SourceKind.AUTH, Shape.AUTH, label, start, end, subscript=True)
    return None


def _is_mask(sl: ast.Slice) -> bool:
    lower_ok = sl.lower is None or (isinstance(sl.lower, ast.Constant) and sl.lower.value == 0)
    upper = sl.upper
    return (
        lower_ok
        and sl.step is None
        and isinstance(upper, ast.Constant)
        and isinstance(upper.value, int)
        and 0 < upper.value <= MASK_MAX
    )


def _is_flow_exit(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and (dotted(node.func) or "").endswith("flow.exit")


def _respond_values(arg: ast.AST) -> list[ast.AST]:
    if not isinstance(arg, ast.Dict):
        return [arg]
    out: list[ast.AST] = []
    for k, v in zip(arg.keys, arg.values, strict=True):
        if k is None or const_key(k) in ("body", "headers"):
            out.append(v)
    return out
