"""The Python half of the semantic model: dotted names, imports, bindings and what a name holds.

One `PyScope` per step (`py_scope(code)`, memoised on the `Code`): import aliases (`import
requests as rq`, `from hmac import compare_digest as eq`), the values bound to names and
attribute paths (assignments, annotated assignments, `with … as x`), one-return functions and
class attributes. Every analysis asks it the same questions: `qualified(node)` (the callee with
import aliases resolved: `rq.get` → `requests.get`), `resolve(name, at)` (the value bound
before `at`), `env_name(node)` (the variable read by `os.environ[…]`/`os.getenv(…)`),
`is_parameter(node)`, `helper_parameter(name)` with `arguments_for(…)` (a helper's parameter
and what its callers pass for it) and `callee_name(call)` (how calls meet the step's own
functions, see `defs`/`def_spans`). Scopes are approximated by position; the resolver gives
up (None) when a name has several bindings and none precedes the use.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from functools import cached_property

from checks.parsing.code import Code
from checks.parsing.values import MAX_ORIGIN_DEPTH, Origin, OriginKind
from checks.parsing.vocabulary import PY_HTTP_METHODS, PY_MODULE_CLIENTS

ENV_GETTERS = frozenset({"os.environ.get", "os.getenv", "os.environ.__getitem__"})
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def dotted(node: ast.AST, *, through_calls: bool = False) -> str | None:
    """`requests.Session` for a Name/Attribute chain, else None.

    With `through_calls`, a call in the chain stands for its callee: `requests.get(u).json` →
    `requests.get.json`, and a call itself names its callee.
    """
    parts: list[str] = []
    cur = node
    while True:
        if isinstance(cur, ast.Attribute):
            parts.append(cur.attr)
            cur = cur.value
        elif through_calls and isinstance(cur, ast.Call):
            cur = cur.func
        else:
            break
    if isinstance(cur, ast.Name):
        parts.append(cur.id)
        return ".".join(reversed(parts))
    return None


def call_path(node: ast.AST) -> str | None:
    """`dotted(node, through_calls=True)`: `requests.get(u).json` → `requests.get.json`."""
    return dotted(node, through_calls=True)


def callee_name(call: ast.Call) -> str:
    """The last name of a call's callee (`self.verify(x)` → "verify"; "" when it has none): the
    name a call is matched to the step's own functions and methods by."""
    return (call_path(call.func) or "").rsplit(".", 1)[-1]


def attribute_chain(node: ast.AST) -> str:
    """The attribute names down to the first non-attribute (a Name included): `a().b.c` → `b.c`."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def py_scope(code: Code) -> PyScope:
    """The step's scope, built once per `Code`."""
    return code.memo(py_scope, lambda: PyScope(code))


class PyScope:
    """Bindings of one module, collected in one walk; scopes are approximated by position."""

    def __init__(self, code: Code) -> None:
        self.code = code
        self.tree = code.py_tree
        self.imports: dict[str, str] = {}
        self.bindings: dict[str, list[tuple[tuple[int, int], ast.AST]]] = {}
        self.functions: dict[str, ast.AST] = {}
        self.class_attrs: dict[str, ast.AST] = {}
        self._parameters: list[tuple[int, int, set[str]]] | None = None
        self.defs: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}  # first def of a name
        self._parents: dict[int, ast.AST] | None = None
        self._raises: dict[str, bool] = {}
        if self.tree is not None:
            self._index()

    def _index(self) -> None:
        for node in self.code.py_nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.imports[alias.asname] = alias.name
                    else:
                        head = alias.name.split(".", 1)[0]
                        self.imports.setdefault(head, head)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind(target, node.value, node)
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                self._bind(node.target, node.value, node)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if item.optional_vars is not None:
                        self._bind(item.optional_vars, item.context_expr, node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.defs.setdefault(node.name, node)
                returns = [
                    s for s in node.body if isinstance(s, ast.Return) and s.value is not None
                ]
                if len(returns) == 1:
                    self.functions.setdefault(node.name, returns[0].value)  # type: ignore[arg-type]
            elif isinstance(node, ast.ClassDef):
                for stmt in node.body:
                    if isinstance(stmt, ast.Assign):
                        for target in stmt.targets:
                            if isinstance(target, ast.Name):
                                self.class_attrs.setdefault(target.id, stmt.value)

    def _bind(self, target: ast.AST, value: ast.AST, at: ast.AST) -> None:
        key = dotted(target) if isinstance(target, (ast.Name, ast.Attribute)) else None
        if key:
            pos = (at.lineno, at.col_offset)  # type: ignore[attr-defined]
            self.bindings.setdefault(key, []).append((pos, value))

    # -- queries ----------------------------------------------------------------------------

    def resolve(self, name: str, at: ast.AST) -> ast.AST | None:
        """The value bound to `name` (a dotted path): the nearest binding before `at`, else the
        only one; None when unknown."""
        entries = self.bindings.get(name)
        if not entries:
            return None
        pos = (getattr(at, "lineno", 0), getattr(at, "col_offset", 0))
        before = [v for p, v in entries if p < pos and not _inside(at, v)]
        if before:
            return before[-1]
        return entries[0][1] if len(entries) == 1 and not _inside(at, entries[0][1]) else None

    def qualified(self, node: ast.AST) -> str | None:
        """Dotted name with import aliases resolved (`rq.get` → `requests.get`)."""
        return self.qualify(dotted(node))

    def qualify(self, path: str | None) -> str | None:
        """A dotted path with its head resolved through the imports."""
        if path is None:
            return None
        head, dot, rest = path.partition(".")
        module = self.imports.get(head)
        if module is None:
            return path
        return f"{module}{dot}{rest}" if dot else module

    def imported(self, node: ast.AST) -> str | None:
        """The qualified name when the chain starts at an imported name, else None."""
        path = dotted(node)
        if not path or path.split(".", 1)[0] not in self.imports:
            return None  # a global or local name, not a module's
        return self.qualify(path)

    def env_name(self, node: ast.AST) -> str | None:
        """`os.environ["X"]`, `os.environ.get("X")`, `os.getenv("X")` (imported forms too) → X."""
        if isinstance(node, ast.Subscript):
            base = self.qualified(node.value)
            if base == "os.environ" and isinstance(node.slice, ast.Constant):
                return str(node.slice.value)
            return None
        if (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and self.qualified(node.func) in ENV_GETTERS
        ):
            return str(node.args[0].value)
        return None

    # -- what an expression can hold --------------------------------------------------------

    def origins(self, node: ast.AST | None, depth: int = 0) -> Iterator[Origin]:
        """Every origin `node` can hold (see `checks.parsing.values.OriginKind`).

        Follows names and attribute paths to the value bound before the use (not parameters),
        f-string parts, `or`/`and`, `x if c else y` and `str(x)`; `os.environ[…]`/`getenv`
        are env vars, `pd.inputs[…]` connected accounts, `pd.steps["trigger"]["event"]` the
        request, other `pd.steps[…]` previous steps' exports, `requests.get(…)` and the like
        HTTP responses. Gives up (UNKNOWN with `why`) past `MAX_ORIGIN_DEPTH` steps.
        """
        if node is None:
            return
        start, end = self.code.py_node_offsets(node)
        if depth > MAX_ORIGIN_DEPTH:
            yield Origin(OriginKind.UNKNOWN, start, end, why="too deep")
            return
        name = self.env_name(node)
        if name is not None:
            yield Origin(OriginKind.ENV, start, end, name=name)
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                yield Origin(OriginKind.LITERAL, start, end, value=node.value)
            else:
                yield Origin(OriginKind.UNKNOWN, start, end, why="constant")
        elif isinstance(node, ast.Name):
            value = None if self.is_parameter(node) else self.resolve(node.id, node)
            if value is None:
                yield Origin(OriginKind.UNKNOWN, start, end, name=node.id, why="unbound")
            else:
                yield from self.origins(value, depth + 1)
        elif isinstance(node, ast.Attribute | ast.Subscript):
            yield from self._member_origins(node, start, end, depth)
        elif isinstance(node, ast.JoinedStr):
            for value in node.values:
                if isinstance(value, ast.FormattedValue):
                    yield from self.origins(value.value, depth + 1)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                yield from self.origins(value, depth + 1)
        elif isinstance(node, ast.IfExp):
            yield from self.origins(node.body, depth + 1)
            yield from self.origins(node.orelse, depth + 1)
        elif isinstance(node, ast.Await):
            yield from self.origins(node.value, depth)
        elif isinstance(node, ast.Call) and self.qualified(node.func) == "str" and node.args:
            yield from self.origins(node.args[0], depth + 1)
        elif isinstance(node, ast.Call) and self._http_client(node):
            yield Origin(OriginKind.HTTP_RESPONSE, start, end, name=self.qualified(node.func) or "")
        else:
            yield Origin(OriginKind.UNKNOWN, start, end, why=type(node).__name__)

    def _member_origins(
        self, node: ast.Attribute | ast.Subscript, start: int, end: int, depth: int
    ) -> Iterator[Origin]:
        keys: list[str | None] = []
        cur: ast.AST = node
        while isinstance(cur, ast.Attribute | ast.Subscript):
            if isinstance(cur, ast.Attribute):
                keys.append(cur.attr)
            else:
                sl = cur.slice
                keys.append(
                    sl.value if isinstance(sl, ast.Constant) and isinstance(sl.value, str) else None
                )
            cur = cur.value
        keys.reverse()
        if isinstance(cur, ast.Name) and (cur.id == "pd" or cur.id in self._pd_names()):
            if keys[:1] == ["inputs"]:
                yield Origin(
                    OriginKind.ACCOUNT, start, end, name=str((keys[1:2] and keys[1]) or "")
                )
                return
            if keys[:1] == ["steps"] and len(keys) >= 2:
                kind = (
                    OriginKind.REQUEST
                    if keys[1:3] == ["trigger", "event"]
                    else OriginKind.STEP_EXPORT
                )
                yield Origin(kind, start, end, name=".".join(k or "*" for k in keys[1:]))
                return
        path = dotted(node) if isinstance(node, ast.Attribute) else None
        if path and "." in path and path in self.bindings:
            value = self.resolve(path, node)
            if value is not None:
                yield from self.origins(value, depth + 1)
                return
        yield Origin(OriginKind.UNKNOWN, start, end, why="member")

    def _pd_names(self) -> set[str]:
        """The names `def handler(...)` gives its first parameter (`pd` by convention)."""
        names = set()
        for node in self.code.py_nodes:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == "handler":
                args = [*node.args.posonlyargs, *node.args.args]
                if args:
                    names.add(args[0].arg)
        return names

    def _http_client(self, call: ast.Call) -> bool:
        name = self.qualified(call.func) or ""
        head, _, method = name.rpartition(".")
        return (head in PY_MODULE_CLIENTS and method in PY_HTTP_METHODS) or name in (
            "urllib.request.urlopen",
        )

    @cached_property
    def def_spans(self) -> dict[str, tuple[int, int]]:
        """Byte spans of the functions of `defs`."""
        return {name: self.code.py_node_offsets(fn) for name, fn in self.defs.items()}

    def raises(self, name: str) -> bool:
        """The function `name` (see `defs`) contains a `raise` (nested functions included)."""
        throws = self._raises.get(name)
        if throws is None:
            throws = any(isinstance(n, ast.Raise) for n in ast.walk(self.defs[name]))
            self._raises[name] = throws
        return throws

    def in_arith(self, node: ast.AST) -> bool:
        """`node` is an operand of arithmetic or a comparison, or an assigned value (within
        six levels of its statement): `time.time() - ts > 300`, `now = time.time()`."""
        cur = self.parent(node)
        for _ in range(6):
            if cur is None:
                return False
            if isinstance(cur, (ast.BinOp, ast.Compare)):
                return True
            if isinstance(cur, (ast.Assign, ast.AnnAssign)):
                return True
            if isinstance(cur, ast.stmt):
                return False
            cur = self.parent(cur)
        return False

    def parent(self, node: ast.AST) -> ast.AST | None:
        """The node `node` is a child of (the map is built on the first question)."""
        if self._parents is None:
            self._parents = {}
            for parent in self.code.py_nodes:
                for child in ast.iter_child_nodes(parent):
                    self._parents[id(child)] = parent
        return self._parents.get(id(node))

    def helper_parameter(self, n: ast.Name) -> tuple[str, int, str] | None:
        """(function, position, name) when `n` names a parameter of the `def` it is in, unless
        that is `handler` (position -1: keyword-only): what it holds comes from the callers."""
        fn = self.parent(n)
        while fn is not None and not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            fn = self.parent(fn)
        if fn is None or fn.name == "handler":
            return None
        names = [x.arg for x in [*fn.args.posonlyargs, *fn.args.args]]
        if n.id in names:
            return fn.name, names.index(n.id), n.id
        if n.id in {x.arg for x in fn.args.kwonlyargs}:
            return fn.name, -1, n.id
        return None

    def arguments_for(
        self, calls: Iterable[ast.Call], function: str, index: int, name: str
    ) -> Iterator[ast.expr]:
        """What the calls among `calls` of a function named `function` (the callee's last name)
        pass for its parameter `name` at `index`: the keyword argument, then the positional."""
        for call in calls:
            if callee_name(call) == function:
                yield from (k.value for k in call.keywords if k.arg == name)
                if 0 <= index < len(call.args):
                    yield call.args[index]

    def is_parameter(self, node: ast.Name) -> bool:
        """Whether a name is a parameter of a function (or lambda) around it."""
        if self._parameters is None:
            self._parameters = []
            for fn in self.code.py_nodes:
                if isinstance(fn, _FUNCTIONS):
                    a = fn.args
                    names = {
                        p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg)
                        if p is not None
                    }  # fmt: skip
                    start, end = self.code.py_node_offsets(fn)
                    self._parameters.append((start, end, names))
        at = self.code.offset(node.lineno, node.col_offset)
        return any(s <= at < e and node.id in names for s, e, names in self._parameters)


def _inside(node: ast.AST, container: ast.AST) -> bool:
    """Whether `node` lies within `container` (a binding must not resolve to itself)."""
    try:
        start = (container.lineno, container.col_offset)  # type: ignore[attr-defined]
        end = (container.end_lineno, container.end_col_offset)  # type: ignore[attr-defined]
        pos = (node.lineno, node.col_offset)  # type: ignore[attr-defined]
    except AttributeError:
        return False
    return start <= pos < end


def walk_no_functions(node: ast.AST) -> Iterator[ast.AST]:
    """Nodes under `node` (itself included), not entering nested functions or lambdas."""
    stack = [node]
    node_type, functions = ast.AST, _FUNCTIONS
    while stack:
        n = stack.pop()
        yield n
        for name in n._fields:  # `ast.iter_child_nodes(n)`, inlined
            value = getattr(n, name, None)
            if isinstance(value, node_type):
                if not isinstance(value, functions):
                    stack.append(value)
            elif isinstance(value, list):
                stack.extend(
                    c for c in value if isinstance(c, node_type) and not isinstance(c, functions)
                )
