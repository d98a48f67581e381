"""Lexical bindings of one Python step: what each name may hold, scope by scope.

The binding half of the semantic model for Python. One walk over the module records, per
scope (module, function, lambda; a scope is known by its `Chain` of enclosing scope ids),
every definition of a name: assignments (tuple unpacking as elements, attribute and subscript
stores as `store`s on their root), `for` targets and comprehensions, `with … as`, walrus,
imports (`module`), `except … as`, function and class definitions, and parameters (`pd`: the
handler's first parameter or any parameter named `pd`; `arg`: a helper's parameter by position
and name). It also knows the step's helper functions (plain `def`s other than `handler`, not
methods), what each returns, and, in walk order, the events analyses look at: calls (with the
statement and block size of a call that is a statement), the handler's `return`s and `raise`s.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace

from checks.parsing.code import Code
from checks.parsing.values import ELEM, PathT

Chain = tuple[int, ...]  # ids of the enclosing scopes, outermost first
# (kind: "call" | "return" | "raise", node, chain, statement of a call statement, its siblings)
Event = tuple[str, ast.AST, Chain, ast.stmt | None, int]


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


@dataclass
class _Ctx:
    chain: Chain
    handler: bool = False  # inside `def handler(pd)` (not nested)
    pd_names: frozenset[str] = field(default_factory=frozenset)
    in_class: bool = False  # directly in a class body (methods are not followed)


def py_bindings(code: Code) -> PyBindings:
    """The step's bindings, built once per `Code`."""
    return code.memo(py_bindings, lambda: PyBindings(code))


class PyBindings:
    def __init__(self, code: Code) -> None:
        self.tree = code.py_tree
        self.scopes: dict[int, dict[str, list[Def]]] = {}
        self.helpers: dict[int, ast.AST] = {}  # id -> helper `def`
        self.calls: list[tuple[ast.Call, Chain]] = []  # calls of plain names
        self.returns: dict[int, list[tuple[ast.AST, Chain]]] = {}  # helper id -> returned values
        self.events: list[Event] = []
        if self.tree is not None:
            root_chain: Chain = (id(self.tree),)
            self.scopes[id(self.tree)] = {}
            self._body(self.tree.body, _Ctx(root_chain))

    def _call(self, call: ast.Call, ctx: _Ctx, stmt: ast.stmt | None, siblings: int) -> None:
        if isinstance(call.func, ast.Name):
            self.calls.append((call, ctx.chain))
        self.events.append(("call", call, ctx.chain, stmt, siblings))

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
        elif isinstance(stmt, ast.Try | ast.TryStar):
            for handler in stmt.handlers:
                if handler.name:
                    self._add(chain, handler.name, Def("param"))
        elif isinstance(stmt, ast.Return) and stmt.value is not None and ctx.handler:
            self.events.append(("return", stmt, chain, None, 0))
        elif isinstance(stmt, ast.Raise) and isinstance(stmt.exc, ast.Call):
            self.events.append(("raise", stmt, chain, None, 0))
        elif isinstance(stmt, ast.Expr):
            call = stmt.value.value if isinstance(stmt.value, ast.Await) else stmt.value
            if isinstance(call, ast.Call):
                self._call(call, ctx, stmt, siblings)
        # recurse: nested statement blocks and expressions
        for name, value in ast.iter_fields(stmt):
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                self._body(value, ctx)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.ExceptHandler):
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
                self._call(cur, ctx, None, 0)
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
            root, path = split_member(target)
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

    def is_pd(self, name: ast.Name, chain: Chain) -> bool:
        defs = self.resolve(name.id, chain)
        if defs is None:
            return name.id == "pd"
        return any(d.kind == "pd" for d in defs)

    def qualname(self, node: ast.AST, chain: Chain) -> str | None:
        """Dotted name with imports resolved (`log.info` is `logging.info` after an import as)."""
        parts: list[str] = []
        cur = node
        while isinstance(cur, ast.Attribute):
            parts.append(cur.attr)
            cur = cur.value
        if isinstance(cur, ast.Call) and parts:
            inner = self.qualname(cur.func, chain)
            return ".".join([f"{inner}()" if inner else "()", *reversed(parts)])
        if not isinstance(cur, ast.Name):
            return None
        head = cur.id
        for d in self.resolve(cur.id, chain) or []:
            if d.kind == "module":
                head = d.module
                break
        return ".".join([head, *reversed(parts)])

    def resolve(self, name: str, chain: Chain) -> list[Def] | None:
        for scope_id in reversed(chain):
            scope = self.scopes.get(scope_id)
            if scope is not None and name in scope:
                return scope[name]
        return None

    def helper_callee(self, func: ast.Name, chain: Chain) -> list[ast.AST]:
        return [
            d.node
            for d in self.resolve(func.id, chain) or ()
            if d.kind == "param" and d.node is not None and id(d.node) in self.helpers
        ]

    def helper_calls(self) -> list[tuple[ast.Call, Chain, str, list[ast.AST]]]:
        out = []
        for call, chain in self.calls:
            assert isinstance(call.func, ast.Name)
            fns = self.helper_callee(call.func, chain)
            if fns:
                out.append((call, chain, call.func.id, fns))
        return out


def const_key(node: ast.AST) -> str | None:
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str | int)
        and not isinstance(node.value, bool)
    ):
        return str(node.value)
    return None


def split_member(node: ast.AST) -> tuple[ast.AST, PathT]:
    path: list[str | None] = []
    cur = node
    while isinstance(cur, ast.Attribute | ast.Subscript):
        if isinstance(cur, ast.Attribute):
            path.append(cur.attr)
        else:
            path.append(None if isinstance(cur.slice, ast.Slice) else const_key(cur.slice))
        cur = cur.value
    return cur, tuple(reversed(path))
