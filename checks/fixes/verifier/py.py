"""Is a Python step nothing but a signature check? (Python half of `checks.fixes.verifier`)

The step must be `def handler(pd)` in a module that holds only imports of hashing, encoding and
`os` modules; the handler does only this, in order: assignments that read the request and
compute (`PY_PURE_FUNCTIONS`, `PY_PURE_METHODS` on values the step computed or read from the
request), one or more `if …:` gates whose branch ends the workflow or raises, and at most a
final `return` of the request body. Anything else raises `FixError` naming the line.
"""

from __future__ import annotations

import ast

from checks.fixes.journal import FixError
from checks.parsing import Code
from checks.parsing.outcomes import py_outcome
from checks.parsing.pypaths import py_paths
from checks.parsing.pyscope import call_path, py_scope
from checks.parsing.shapes import StepShape, step_shape
from checks.parsing.values import OriginKind
from checks.parsing.vocabulary import PY_HMAC_CONSTRUCTORS, PY_PURE_FUNCTIONS, PY_PURE_METHODS

_MODULES = frozenset({"hmac", "hashlib", "json", "os", "base64", "secrets"})
# a bare `pd.flow.exit()` ends the workflow after the step: the verifier ends it at once
_ENDS = ("exit", "throw", "bare-exit")


def _refuse(node: ast.AST, what: str) -> FixError:
    line = getattr(node, "lineno", 0)
    return FixError(f"line {line} {what}; replacing the step would drop it")


def _names(target: ast.AST) -> set[str]:
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, ast.Tuple | ast.List):
        return {n for e in target.elts for n in _names(e)}
    raise _refuse(target, "assigns to something other than a name")


class _Step:
    def __init__(self, code: Code, handler: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.code = code
        self.scope = py_scope(code)
        self.paths = py_paths(code)
        self.handler = handler
        args = [*handler.args.posonlyargs, *handler.args.args]
        self.pd = args[0].arg if args else "pd"
        self.locals: set[str] = set()
        self.secret_env: str | None = None

    def pure(self, node: ast.AST) -> None:
        """Raise unless evaluating `node` only reads the request and computes."""
        for n in ast.walk(node):
            if isinstance(n, ast.Await | ast.Lambda | ast.NamedExpr | ast.Yield | ast.YieldFrom):
                raise _refuse(n, "does more than compute")
            if isinstance(n, ast.Call):
                self._pure_call(n)

    def _pure_call(self, call: ast.Call) -> None:
        qualified = self.scope.qualified(call.func)
        if qualified in PY_PURE_FUNCTIONS:
            if qualified in PY_HMAC_CONSTRUCTORS and call.args:
                self._note_key(call.args[0])
            return
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in PY_PURE_METHODS
            and self._computed(func.value)
        ):
            return
        raise _refuse(call, f"calls {call_path(func) or 'something stepguard cannot name'}")

    def _computed(self, node: ast.AST) -> bool:
        """A value the step computed itself or read from the request or the environment."""
        if isinstance(node, ast.Call | ast.Constant | ast.BinOp | ast.JoinedStr):
            return True  # a call is checked on its own by `pure`
        env = node
        while isinstance(env, ast.Subscript):
            env = env.value
        if self.scope.qualified(env) == "os.environ":
            return True
        root = node
        while isinstance(root, ast.Attribute | ast.Subscript):
            root = root.value
        return isinstance(root, ast.Name) and (root.id in self.locals or root.id == self.pd)

    def _note_key(self, key: ast.AST) -> None:
        while isinstance(key, ast.Call):  # `os.environ["X"].encode()`, `bytes(…, "utf-8")`
            if isinstance(key.func, ast.Attribute) and key.func.attr in PY_PURE_METHODS:
                key = key.func.value
            elif self.scope.qualified(key.func) in ("bytes", "str") and key.args:
                key = key.args[0]
            else:
                break
        names = {o.name for o in self.scope.origins(key) if o.kind is OriginKind.ENV}
        if len(names) == 1:
            self.secret_env = names.pop()

    def statements(self) -> None:
        body = [s for s in self.handler.body if not _docstring(s)]
        gates = 0
        for i, st in enumerate(body):
            if isinstance(st, ast.Assign):
                self.pure(st.value)
                for t in st.targets:
                    self.locals |= _names(t)
            elif isinstance(st, ast.AnnAssign) and st.value is not None:
                self.pure(st.value)
                self.locals |= _names(st.target)
            elif isinstance(st, ast.If):
                self._gate(st)
                gates += 1
            elif isinstance(st, ast.Return) and i == len(body) - 1:
                self._return(st)
            else:
                raise _refuse(st, "does more than check the signature")
        if not gates:
            raise FixError("the step has no check that ends the workflow on a bad signature")

    def _gate(self, st: ast.If) -> None:
        if st.orelse:
            raise _refuse(st, "has an else branch")
        self.pure(st.test)
        if py_outcome(self.code, st.body).kind not in _ENDS:
            raise _refuse(st, "has a branch that does not end the workflow")
        for s in st.body:
            if isinstance(s, ast.Return | ast.Raise):
                continue
            call = s.value if isinstance(s, ast.Expr) else None
            name = call_path(call.func) if isinstance(call, ast.Call) else None
            if name is not None and name.endswith(("flow.exit", "respond")):
                continue
            if (
                isinstance(call, ast.Call)
                and name == "print"
                and all(isinstance(a, ast.Constant) for a in call.args)
            ):
                continue
            raise _refuse(s, "does more than end the workflow in the failure branch")

    def _return(self, st: ast.Return) -> None:
        if st.value is None or (isinstance(st.value, ast.Constant) and st.value.value is None):
            return
        if self.paths.resolve(st.value) != "EVENT.body":
            raise _refuse(st, "returns something other than the request body")


def _docstring(st: ast.stmt) -> bool:
    return (
        isinstance(st, ast.Expr)
        and isinstance(st.value, ast.Constant)
        and isinstance(st.value.value, str)
    )


def recognise(code: Code) -> str | None:
    """Raise `FixError` unless the step is nothing but a signature check; return the
    environment variable its HMAC key comes from, when the code says."""
    shape = step_shape(code)
    tree = code.py_tree
    if not isinstance(shape, StepShape) or shape.kind != "handler" or tree is None:
        raise FixError("the step is not a def handler(pd) step; replace the check by hand")
    handler: ast.FunctionDef | ast.AsyncFunctionDef | None = None
    for st in tree.body:
        if isinstance(st, ast.Import) and all(a.name.split(".")[0] in _MODULES for a in st.names):
            continue
        if isinstance(st, ast.ImportFrom) and (st.module or "").split(".")[0] in _MODULES:
            continue
        if _docstring(st):
            continue
        if isinstance(st, ast.FunctionDef | ast.AsyncFunctionDef) and st.name == "handler":
            handler = st
            continue
        raise _refuse(st, "is module code outside handler()")
    if handler is None:
        raise FixError("could not find handler(pd)")
    step = _Step(code, handler)
    step.statements()
    return step.secret_env
