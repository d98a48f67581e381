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
from collections.abc import Container
from dataclasses import dataclass, field, replace

from checks.dataflow.model import (
    ELEM,
    EMPTY,
    Flow,
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
from checks.parsing import Code
from checks.parsing.pyscope import dotted

PathT = tuple[str | None, ...]
Chain = tuple[int, ...]  # ids of the enclosing scopes, outermost first

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


@dataclass(frozen=True)
class Def:
    """One thing a name may hold. `param`: nothing known (for a helper `def`, `node` is it);
    `arg`: a parameter of the helper `node` (`index`, -1 for keyword-only; `rest`: `*args`;
    `module` holds the parameter's name, for keyword arguments): a placeholder when helper
    summaries are on, nothing otherwise."""

    kind: str  # value | store | param | arg | pd | module
    node: ast.AST | None = None
    path: PathT = ()
    chain: Chain = ()
    module: str = ""
    index: int = -1
    rest: bool = False


Entry = tuple[int, bool, str, tuple, int]  # (index, rest, parameter name, ops, sink number)
Summaries = dict[int, dict[Entry, tuple[str, ...]]]  # helper id -> entry -> helpers on the way


@dataclass
class _Sink:
    kind: SinkKind
    display: str
    node: ast.AST
    values: list[ast.AST]
    chain: Chain
    statement: ast.stmt | None = None  # the `Expr` statement holding a log call
    siblings: int = 0  # statements in that statement's block
    stringify: bool = False


@dataclass
class _Ctx:
    chain: Chain
    handler: bool = False  # inside `def handler(pd)` (not nested)
    pd_names: frozenset[str] = field(default_factory=frozenset)
    in_class: bool = False  # directly in a class body (methods are not followed)


class PyAnalysis:
    def __init__(
        self,
        code: Code,
        *,
        literal_spans: list[tuple[int, int]] = (),  # type: ignore[assignment]
        literal_labels: dict[tuple[int, int], str] | None = None,
        sensitive_env: Container[str] = frozenset(),
    ) -> None:
        self.code = code
        self.tree = code.py_tree
        self.spans = sorted(literal_spans)
        self.span_starts = [s for s, _ in self.spans]
        self.literal_labels = literal_labels or {}
        self.sensitive_env = sensitive_env
        self.scopes: dict[int, dict[str, list[Def]]] = {}
        self.sinks: list[_Sink] = []
        self.cache: dict[tuple, frozenset[Taint]] = {}
        self.busy: set[tuple] = set()
        self.depth = 0
        self.parents: dict[int, ast.AST] = {}
        self.helpers: dict[int, ast.AST] = {}  # id -> helper `def`
        self.calls: list[tuple[ast.Call, Chain]] = []  # calls of plain names
        self.returns: dict[int, list[tuple[ast.AST, Chain]]] = {}  # helper id -> returned values
        self.helpers_on = False
        self.ret_cache: dict[tuple[int, PathT], frozenset[Taint]] = {}
        self.ret_busy: set[int] = set()

    # -- pass 1 -----------------------------------------------------------------------------------

    def collect(self) -> None:
        if self.tree is None:
            return
        root_chain: Chain = (id(self.tree),)
        self.scopes[id(self.tree)] = {}
        self._body(self.tree.body, _Ctx(root_chain))

    def _add(self, chain: Chain, name: str, d: Def) -> None:
        self.scopes.setdefault(chain[-1], {}).setdefault(name, []).append(d)

    def _body(self, stmts: list[ast.stmt], ctx: _Ctx) -> None:
        for stmt in stmts:
            self._stmt(stmt, ctx, len(stmts))

    def _stmt(self, stmt: ast.stmt, ctx: _Ctx, siblings: int) -> None:
        chain = ctx.chain
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            is_handler = stmt.name == "handler" and len(chain) == 1
            helper = not is_handler and not ctx.in_class
            if helper:
                self.helpers[id(stmt)] = stmt
            self._add(chain, stmt.name, Def("param", stmt if helper else None))
            for deco in stmt.decorator_list:
                self._expr(deco, ctx)
            inner_chain = (*chain, id(stmt))
            self.scopes.setdefault(id(stmt), {})
            positional = [*stmt.args.posonlyargs, *stmt.args.args]
            params = [*positional, *stmt.args.kwonlyargs]
            if stmt.args.vararg:
                params.append(stmt.args.vararg)
            if stmt.args.kwarg:
                params.append(stmt.args.kwarg)
            pd_names = set(ctx.pd_names)
            for i, arg in enumerate(params):
                if arg.arg == "pd" or (is_handler and i == 0):
                    self._add(inner_chain, arg.arg, Def("pd"))
                    pd_names.add(arg.arg)
                else:
                    d = Def("param")
                    if helper and arg is not stmt.args.kwarg:
                        rest = arg is stmt.args.vararg
                        index = len(positional) if rest else i if i < len(positional) else -1
                        d = Def("arg", stmt, index=index, rest=rest, module=arg.arg)
                    self._add(inner_chain, arg.arg, d)
                    pd_names.discard(arg.arg)
            self._body(
                stmt.body, _Ctx(inner_chain, handler=is_handler, pd_names=frozenset(pd_names))
            )
            return
        if isinstance(stmt, ast.ClassDef):
            self._add(chain, stmt.name, Def("param"))
            self._body(stmt.body, replace(ctx, in_class=True))
            return
        if isinstance(stmt, ast.Return) and stmt.value is not None and chain[-1] in self.helpers:
            self.returns.setdefault(chain[-1], []).append((stmt.value, chain))
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                self._bind(target, Def("value", stmt.value, chain=chain), chain)
        elif isinstance(stmt, ast.AugAssign) or (
            isinstance(stmt, ast.AnnAssign) and stmt.value is not None
        ):
            self._bind(stmt.target, Def("value", stmt.value, chain=chain), chain)
        elif isinstance(stmt, ast.For | ast.AsyncFor):
            self._bind_loop(stmt.target, stmt.iter, chain)
        elif isinstance(stmt, ast.With | ast.AsyncWith):
            for item in stmt.items:
                if item.optional_vars is not None:
                    self._bind(
                        item.optional_vars, Def("value", item.context_expr, chain=chain), chain
                    )
        elif isinstance(stmt, ast.Import):
            for alias in stmt.names:
                local = alias.asname or alias.name.split(".")[0]
                module = alias.name if alias.asname else alias.name.split(".")[0]
                self._add(chain, local, Def("module", module=module))
        elif isinstance(stmt, ast.ImportFrom):
            for alias in stmt.names:
                module = f"{stmt.module}.{alias.name}" if stmt.module else alias.name
                self._add(chain, alias.asname or alias.name, Def("module", module=module))
        elif isinstance(stmt, ast.Try | getattr(ast, "TryStar", ast.Try)):
            for handler in stmt.handlers:  # type: ignore[attr-defined]
                if handler.name:
                    self._add(chain, handler.name, Def("param"))
        elif isinstance(stmt, ast.Return) and stmt.value is not None and ctx.handler:
            if not _is_flow_exit(stmt.value):
                self.sinks.append(_Sink(SinkKind.RETURN, "return", stmt, [stmt.value], chain))
        elif isinstance(stmt, ast.Raise) and isinstance(stmt.exc, ast.Call):
            exc = stmt.exc
            values = [*exc.args, *(k.value for k in exc.keywords)]
            display = f"raise {dotted(exc.func) or 'exception'}"
            self.sinks.append(_Sink(SinkKind.THROW, display, stmt, values, chain, stringify=True))
        elif isinstance(stmt, ast.Expr):
            call = stmt.value.value if isinstance(stmt.value, ast.Await) else stmt.value
            if isinstance(call, ast.Call):
                self._call_sink(call, ctx, stmt, siblings)
        # recurse: nested statement blocks and expressions
        for name, value in ast.iter_fields(stmt):
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                self._body(value, ctx)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.excepthandler):
                        self._body(item.body, ctx)
                    elif isinstance(item, ast.AST):
                        self._expr(item, ctx, skip_call=stmt if name == "value" else None)
            elif isinstance(value, ast.AST) and not isinstance(value, ast.stmt):
                self._expr(value, ctx, skip_call=stmt)

    def _expr(self, node: ast.AST, ctx: _Ctx, skip_call: ast.AST | None = None) -> None:
        """Find sinks, walrus bindings and lambdas inside an expression (iteratively)."""
        direct = None
        if isinstance(skip_call, ast.Expr):
            direct = (
                skip_call.value.value if isinstance(skip_call.value, ast.Await) else skip_call.value
            )
        stack = [node]
        while stack:
            cur = stack.pop()
            if isinstance(cur, ast.Lambda):
                inner = (*ctx.chain, id(cur))
                self.scopes.setdefault(id(cur), {})
                for arg in [*cur.args.posonlyargs, *cur.args.args, *cur.args.kwonlyargs]:
                    self._add(inner, arg.arg, Def("param"))
                self._expr(cur.body, _Ctx(inner, pd_names=ctx.pd_names))
                continue
            if isinstance(cur, ast.NamedExpr):
                self._bind(cur.target, Def("value", cur.value, chain=ctx.chain), ctx.chain)
            elif isinstance(cur, ast.comprehension):
                self._bind_loop(cur.target, cur.iter, ctx.chain)
            elif isinstance(cur, ast.Call) and cur is not direct:
                self._call_sink(cur, ctx, None, 0)
            stack.extend(ast.iter_child_nodes(cur))

    def _bind(self, target: ast.AST, d: Def, chain: Chain) -> None:
        if isinstance(target, ast.Name):
            self._add(chain, target.id, d)
        elif isinstance(target, ast.Tuple | ast.List):
            for elt in target.elts:
                inner = elt.value if isinstance(elt, ast.Starred) else elt
                self._bind(inner, Def(d.kind, d.node, (*d.path, ELEM), d.chain), chain)
        elif isinstance(target, ast.Starred):
            self._bind(target.value, d, chain)
        elif isinstance(target, ast.Attribute | ast.Subscript):
            root, path = _split_member(target)
            if isinstance(root, ast.Name) and d.kind == "value":
                self._add(chain, root.id, Def("store", d.node, path, d.chain))

    def _bind_loop(self, target: ast.AST, iterable: ast.AST, chain: Chain) -> None:
        # `for k, v in x.items()`: k is a key (not sensitive), v a value of x
        if (
            isinstance(target, ast.Tuple)
            and len(target.elts) == 2
            and isinstance(iterable, ast.Call)
            and isinstance(iterable.func, ast.Attribute)
            and iterable.func.attr == "items"
        ):
            self._bind(target.elts[0], Def("param"), chain)
            self._bind(target.elts[1], Def("value", iterable, (ELEM,), chain), chain)
            return
        if isinstance(target, ast.Tuple):
            for elt in target.elts:
                self._bind(elt, Def("value", iterable, (ELEM, ELEM), chain), chain)
            return
        self._bind(target, Def("value", iterable, (ELEM,), chain), chain)

    def _call_sink(self, call: ast.Call, ctx: _Ctx, stmt: ast.stmt | None, siblings: int) -> None:
        func = call.func
        if isinstance(func, ast.Name):
            self.calls.append((call, ctx.chain))
        name = self._qualname(func, ctx.chain)
        args = [a.value if isinstance(a, ast.Starred) else a for a in call.args]
        if name == "print":
            values = [
                *args,
                *(k.value for k in call.keywords if k.arg not in ("file", "sep", "end", "flush")),
            ]
            self.sinks.append(_Sink(SinkKind.LOG, "print", call, values, ctx.chain, stmt, siblings))
            return
        if not isinstance(func, ast.Attribute):
            return
        receiver = self._qualname(func.value, ctx.chain) or ""
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
                _Sink(SinkKind.LOG, name or func.attr, call, values, ctx.chain, stmt, siblings)
            )
            return
        if isinstance(func.value, ast.Name) and self._is_pd(func.value, ctx.chain):
            if func.attr == "export":
                value = (
                    args[1]
                    if len(args) >= 2
                    else next((k.value for k in call.keywords if k.arg == "value"), None)
                )
                if value is not None:
                    self.sinks.append(
                        _Sink(SinkKind.EXPORT, f"{func.value.id}.export", call, [value], ctx.chain)
                    )
            elif func.attr == "respond" and args:
                self.sinks.append(
                    _Sink(
                        SinkKind.RESPOND,
                        f"{func.value.id}.respond",
                        call,
                        _respond_values(args[0]),
                        ctx.chain,
                    )
                )

    def _is_pd(self, name: ast.Name, chain: Chain) -> bool:
        defs = self._resolve(name.id, chain)
        if defs is None:
            return name.id == "pd"
        return any(d.kind == "pd" for d in defs)

    def _qualname(self, node: ast.AST, chain: Chain) -> str | None:
        """Dotted name with imports resolved (`log.info` is `logging.info` after an import as)."""
        parts: list[str] = []
        cur = node
        while isinstance(cur, ast.Attribute):
            parts.append(cur.attr)
            cur = cur.value
        if isinstance(cur, ast.Call) and parts:
            inner = self._qualname(cur.func, chain)
            return ".".join([f"{inner}()" if inner else "()", *reversed(parts)])
        if not isinstance(cur, ast.Name):
            return None
        head = cur.id
        for d in self._resolve(cur.id, chain) or []:
            if d.kind == "module":
                head = d.module
                break
        return ".".join([head, *reversed(parts)])

    def _resolve(self, name: str, chain: Chain) -> list[Def] | None:
        for scope_id in reversed(chain):
            scope = self.scopes.get(scope_id)
            if scope is not None and name in scope:
                return scope[name]
        return None

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
            key = _const_key(sl)
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
                kname = _const_key(k)
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
            fns = self._helper_callee(node.func, chain)
            if fns:  # `make_config(token)["url"]`: into what the helper returns
                return self._call_returns(fns, node, chain, path)
        return fold(self._value(node, chain), path, self.sensitive_env)

    def _from(self, obj: ast.AST, path: PathT, chain: Chain, anchor: ast.AST) -> frozenset[Taint]:
        if isinstance(obj, ast.Attribute):
            return self._from(obj.value, (obj.attr, *path), chain, anchor)
        if isinstance(obj, ast.Subscript) and not isinstance(obj.slice, ast.Slice):
            return self._from(obj.value, (_const_key(obj.slice), *path), chain, anchor)
        if isinstance(obj, ast.Name):
            return self._name(obj, path, chain, anchor)
        return self.eval_path(obj, path, chain)

    def _name(self, name: ast.Name, path: PathT, chain: Chain, anchor: ast.AST) -> frozenset[Taint]:
        defs = self._resolve(name.id, chain)
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
            fns = self._helper_callee(func, chain)
            if fns:
                return self._call_returns(fns, call, chain)
        name = self._qualname(func, chain)
        args = [a.value if isinstance(a, ast.Starred) else a for a in call.args]
        kwargs = [k.value for k in call.keywords]
        if name in ("os.getenv", "os.environ.get") and args:
            return self._root(("os", "environ", _const_key(args[0])), call, call)
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
            return self._from(func.value, (_const_key(args[0]),), chain, call)
        if method in ("items", "values"):
            return values_of(self.eval(func.value, chain))
        if method in KEEP_METHODS:
            receiver = self.eval(func.value, chain)
            if method in ("format", "format_map", "join", "replace"):
                receiver = receiver | self._union([*args, *kwargs], chain)
            return to_value(receiver)
        return EMPTY

    def _union(self, nodes: list[ast.AST], chain: Chain) -> frozenset[Taint]:
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
        edits, summary = self._fix(sink, value, ordered) if call is None else ((), None)
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

    def _helper_callee(self, func: ast.Name, chain: Chain) -> list[ast.AST]:
        return [
            d.node
            for d in self._resolve(func.id, chain) or ()
            if d.kind == "param" and d.node is not None and id(d.node) in self.helpers
        ]

    def _helper_calls(self) -> list[tuple[ast.Call, Chain, str, list[ast.AST]]]:
        out = []
        for call, chain in self.calls:
            assert isinstance(call.func, ast.Name)
            fns = self._helper_callee(call.func, chain)
            if fns:
                out.append((call, chain, call.func.id, fns))
        return out

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
            for value, chain in self.returns.get(id(fn), ()):
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
        self, arg: ast.AST, key: PathT, ops: tuple[tuple, ...], chain: Chain
    ) -> frozenset[Taint]:
        """A parameter's recorded operations on argument `arg` (`key`: the parameter's entry
        in a `**mapping`); leading keys are followed into the argument's syntax, as for a
        local variable."""
        k = 0
        while k < len(ops) and ops[k][0] == "m":
            k += 1
        path = (*key, *(op[1] for op in ops[:k]))
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

    def _fix(
        self, sink: _Sink, value: ast.AST, taints: list[Taint]
    ) -> tuple[tuple[tuple[int, int, str], ...], str | None]:
        if sink.kind is not SinkKind.LOG or any(
            t.kind is SourceKind.SECRET_LITERAL for t in taints
        ):
            return (), None
        anchors = self._anchors(value, sink.chain, None)
        if anchors:
            edits = []
            kinds = set()
            for node, shape, quote in anchors:
                s, e = self.code.py_node_offsets(node)
                src = self.code.data[s:e].decode("utf-8", "surrogateescape")
                if shape.is_object:
                    new = f"list({src})"
                    kinds.add("log the keys only")
                else:
                    q = "'" if quote == '"' else '"'
                    new = f"str({src})[:4] + {q}…{q}"
                    if quote is None and isinstance(self.parents.get(id(node)), ast.BinOp):
                        new = f"({new})"
                    kinds.add("mask the value")
                edits.append((s, e, new))
            return tuple(edits), "; ".join(sorted(kinds))
        if sink.statement is not None:
            return (self._removal(sink.statement, sink.siblings),), "remove the log statement"
        return (), None

    def _anchors(
        self, node: ast.AST, chain: Chain, quote: str | None
    ) -> list[tuple[ast.AST, Shape, str | None]] | None:
        taints = reportable(self.eval(node, chain))
        if self.helpers_on:
            taints = concrete(taints)
        if not taints:
            return []
        if isinstance(node, ast.Name | ast.Attribute | ast.Subscript):
            shapes = {t.shape for t in taints}
            if any(t.contained for t in taints) or len(shapes) != 1:
                return None
            return [(node, shapes.pop(), quote)]
        if isinstance(node, ast.JoinedStr):
            if self._literal(node):
                return None
            q = _fstring_quote(self.code, node)
            if q is None:
                return None
            out: list[tuple[ast.AST, Shape, str | None]] = []
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    sub = self._anchors(part.value, chain, q)
                    if sub is None:
                        return None
                    out.extend(sub)
            return out
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            out = []
            for part in (node.left, node.right):
                self.parents[id(part)] = node
                sub = self._anchors(part, chain, quote)
                if sub is None:
                    return None
                out.extend(sub)
            return out
        return None

    def _removal(self, stmt: ast.stmt, siblings: int) -> tuple[int, int, str]:
        s, e = self.code.py_node_offsets(stmt)
        data = self.code.data
        line_start = data.rfind(b"\n", 0, s) + 1
        line_end = data.find(b"\n", e)
        line_end = len(data) if line_end == -1 else line_end
        whole = data[line_start:s].strip() == b"" and data[e:line_end].strip() in (b"", b";")
        if siblings <= 1:
            return (s, e, "pass")
        if whole:
            return (line_start, min(line_end + 1, len(data)), "")
        return (s, e, "pass")


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


def _const_key(node: ast.AST) -> str | None:
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str | int)
        and not isinstance(node.value, bool)
    ):
        return str(node.value)
    return None


def _split_member(node: ast.AST) -> tuple[ast.AST, PathT]:
    path: list[str | None] = []
    cur = node
    while isinstance(cur, ast.Attribute | ast.Subscript):
        if isinstance(cur, ast.Attribute):
            path.append(cur.attr)
        else:
            path.append(None if isinstance(cur.slice, ast.Slice) else _const_key(cur.slice))
        cur = cur.value
    return cur, tuple(reversed(path))


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
    out = []
    for k, v in zip(arg.keys, arg.values, strict=True):
        if k is None or _const_key(k) in ("body", "headers"):
            out.append(v)
    return out


def _fstring_quote(code: Code, node: ast.JoinedStr) -> str | None:
    """The quote character delimiting an f-string (None: triple-quoted or unknown)."""
    s, _ = code.py_node_offsets(node)
    head = code.data[s : s + 5].decode("ascii", "replace")
    stripped = head.lstrip("fFrRbBuU")
    if stripped.startswith(('"""', "'''")):
        return None
    if stripped[:1] in ('"', "'"):
        return stripped[:1]
    return None
