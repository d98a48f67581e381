"""Python steps (`def handler(pd)`): extract `StepFacts` from the `ast` tree.

Names, callees, helper parameters and request paths are the model's (`pyscope`, `pypaths`,
`pyindex`); taint, comparisons and request reads are decided by the language-neutral
`checks.auth.taint`, `checks.auth.compares` and `checks.auth.reads`.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from checks.auth.compares import Operand, compare_fact, shown
from checks.auth.facts import (
    AsyncCall,
    Effect,
    Gate,
    Hmac,
    LogUse,
    SafeEqual,
    StepFacts,
)
from checks.auth.reads import alias_reads, header_read
from checks.auth.taint import Taint
from checks.parsing import Code
from checks.parsing.callgraph import any_within, containing, reaching
from checks.parsing.keyfetch import py_fetches_key_material, py_verifies_jwt
from checks.parsing.outcomes import py_outcome
from checks.parsing.pyindex import py_index, py_summary
from checks.parsing.pypaths import const_str, key_span, member_name, py_paths
from checks.parsing.pyscope import call_path, callee_name, py_scope, walk_no_functions
from checks.parsing.rawbody import py_fetches_raw_body
from checks.parsing.values import is_timestamp_header
from checks.parsing.vocabulary import (
    PY_HASH_CONSTRUCTOR,
    PY_HMAC_CONSTRUCTORS,
    PY_LIB_VERIFIERS,
    PY_LOG_CALLS,
    PY_SAFE_EQUAL,
    PY_THROWING_VERIFIERS,
    PY_TIME_CALLS,
    is_secretish_name,
    is_verify_name,
    py_effect,
    secret_kind,
)


class _Analyser:
    def __init__(self, code: Code) -> None:
        self.code = code
        self.facts = StepFacts(language=code.language)
        self.hmac_vars: dict[str, int] = {}
        self.auth_fns: set[str] = set()

    def span(self, node: ast.AST) -> tuple[int, int]:
        return self.code.py_node_offsets(node)

    def run(self) -> StepFacts:
        tree = self.code.py_tree
        if tree is None:
            return self.facts
        ix = py_index(self.code)
        self.calls, self.subscripts, self.compares = ix.calls, ix.members, ix.compares
        self.ifs, self.value_parents = ix.ifs, ix.value_parents
        self.facts.strings.update(v for v in ix.strings if 0 < len(v) <= 80)
        self.scope = py_scope(self.code)
        self.functions: dict[str, ast.AST] = dict(self.scope.defs)
        self._param_seen: set[tuple[str, int, str]] = set()
        if "handler" in self.functions:
            self.facts.run_span = self.span(self.functions["handler"])
        self.paths = py_paths(self.code)
        self.aliases = self.paths.aliases
        assigns = [(names, py_summary(value)) for names, value in self.paths.assigns]
        self.taint: Taint[ast.AST] = Taint(self.aliases, assigns)
        self._reads()
        self._taint()
        self._calls()
        self._compares()
        self._auth_functions()
        self._taint()
        self._gates()
        self._statement_gates()
        self._run_effects()
        return self.facts

    def _run_effects(self) -> None:
        f = self.facts
        spans = self.scope.def_spans
        out = [e for e in f.effects if f.in_run(e.start)]
        call_sites = [(c, *self.span(c), callee_name(c)) for c in self.calls]
        sites = [(cs, last) for _c, cs, _ce, last in call_sites]
        effect_fns = reaching(
            spans, (x.start for x in f.effects), sites, containing(spans), "handler"
        )
        out += [
            Effect(cs, ce, last)
            for _c, cs, ce, last in call_sites
            if last in effect_fns and f.in_run(cs)
        ]
        f.run_effects = sorted(out, key=lambda e: e.start)

    # -- paths ---------------------------------------------------------------------------------

    def _reads(self) -> None:
        f = self.facts
        for node, base, key_node in self.paths.request_reads(self.subscripts, self.calls):
            f.reads_trigger_event = True
            self.taint.request_ids.add(id(node))
            key = const_str(key_node)
            if base in ("EVENT.headers", "EVENT.query") and key_node is not None:
                read = header_read(base, key, self.span(node), key_span(self.code, key_node), True)
                f.header_reads.append(read)
                if read.credential:
                    self.taint.cred_ids.add(id(node))
            elif base.startswith("EVENT.body"):
                if key:
                    f.body_keys.add(key)
            elif base == "EVENT" and key == "client_ip":
                f.reads_client_ip = True
                self.taint.request_ids.add(id(node))
        alias_reads(f, self.aliases)

    # -- taint ---------------------------------------------------------------------------------

    def _any(self, node: ast.AST, pred: Callable[[ast.AST], bool]) -> bool:
        return any(pred(n) for n in walk_no_functions(node))

    def _is_req_cred(self, n: ast.AST) -> bool:
        return id(n) in self.taint.cred_ids or (
            isinstance(n, ast.Name) and self.taint.req_name(n.id)
        )

    def _is_any_cred(self, n: ast.AST) -> bool:
        if self._is_req_cred(n):
            return True
        if isinstance(n, ast.Name) and n.id in self.taint.tainted:
            return True
        if isinstance(n, ast.Call):
            name = call_path(n.func) or ""
            last = name.rsplit(".", 1)[-1]
            return (
                name in PY_HMAC_CONSTRUCTORS
                or last in ("hexdigest", "digest")
                or last in self.auth_fns
            )
        return False

    def _is_reserialize(self, n: ast.AST) -> bool:
        if isinstance(n, ast.Name) and n.id in self.taint.serialized:
            return True
        if isinstance(n, ast.Call) and call_path(n.func) in ("json.dumps", "dumps") and n.args:
            return self.paths.is_body(n.args[0])
        return False

    def _is_timestamp(self, n: ast.AST) -> bool:
        if isinstance(n, ast.Name):
            return self.taint.timestamp_name(n.id)
        return isinstance(n, (ast.Subscript, ast.Call)) and is_timestamp_header(
            self.paths.resolve(n)
        )

    def _taint(self) -> None:
        self.taint.propagate(
            len(self.auth_fns), self._is_any_cred, self._is_reserialize, self._is_timestamp
        )

    # -- calls ---------------------------------------------------------------------------------

    def _calls(self) -> None:
        f = self.facts
        scope = self.scope
        for call in self.calls:
            written = call_path(call.func) or ""
            # import aliases resolved: `eq` after `from hmac import compare_digest as eq`
            name = scope.qualify(written) or ""
            parts = name.split(".") if name else []
            last = parts[-1] if parts else ""
            s, e = self.span(call)
            if name in PY_HMAC_CONSTRUCTORS or (name == "new" and "hmac" in self.code.text):
                self._hmac(call)
            elif (
                name == PY_HASH_CONSTRUCTOR
                and call.args
                and self._any(call.args[0], self._is_request)
            ):
                f.hmacs.append(Hmac(s, e, True, *self.span(call.args[0])))
            elif last == PY_SAFE_EQUAL:
                f.safe_equals.append(SafeEqual(s, e, True))
            elif last in PY_LIB_VERIFIERS and written.rsplit(".", 1)[-1] not in self.functions:
                f.verifier_calls.append((s, e, written))
            if name in PY_TIME_CALLS and self.scope.in_arith(call):
                f.freshness_check = True
            if name in PY_LOG_CALLS:
                self._log(call, written)
            if (
                py_effect(name, parts)
                and not py_fetches_raw_body(self.code, call)
                and not py_fetches_key_material(self.code, call)  # part of the check
            ):
                f.effects.append(Effect(s, e, written))
        for call in self.calls:
            if (
                isinstance(call.func, ast.Attribute)
                and call.func.attr == "update"
                and isinstance(call.func.value, ast.Name)
            ):
                idx = self.hmac_vars.get(call.func.value.id)
                if idx is not None and call.args:
                    self._hmac_input(f.hmacs[idx], call.args[0])

    def _is_request(self, n: ast.AST) -> bool:
        if id(n) in self.taint.request_ids or id(n) in self.taint.cred_ids:
            return True
        if isinstance(n, ast.Name):
            if not self.taint.request_name(n.id):
                return False
            param = self.scope.helper_parameter(n)
            return param is None or self._passed_from_request(param)
        return False

    def _passed_from_request(self, param: tuple[str, int, str]) -> bool:
        """Some call of the helper passes a request value for that parameter."""
        if param in self._param_seen:
            return False  # recursion through the helper itself
        self._param_seen.add(param)
        try:
            args = self.scope.arguments_for(self.calls, *param)
            return any(self._any(a, self._is_request) for a in args)
        finally:
            self._param_seen.discard(param)

    def _hmac(self, call: ast.Call) -> None:
        s, e = self.span(call)
        h = Hmac(s, e)
        args = list(call.args)
        kw = {k.arg: k.value for k in call.keywords if k.arg}
        msg = args[1] if len(args) > 1 else kw.get("msg")
        alg = args[2] if len(args) > 2 else kw.get("digestmod")
        if alg is not None:
            target = alg
            if isinstance(alg, ast.Call) and call_path(alg.func) == "getattr" and len(alg.args) > 1:
                target = alg.args[1]
            if self._any(target, self._is_request):
                h.alg_from_request = True
                h.alg_start, h.alg_end = self.span(alg)
        self.facts.hmacs.append(h)
        if msg is not None:
            self._hmac_input(h, msg)
        parent = self.scope.parent(call)
        if isinstance(parent, ast.Assign):
            for t in parent.targets:
                if isinstance(t, ast.Name):
                    self.hmac_vars[t.id] = len(self.facts.hmacs) - 1

    def _hmac_input(self, h: Hmac, arg: ast.AST) -> None:
        for n in walk_no_functions(arg):
            if self._is_reserialize(n):
                h.reserialized = True
                h.reserialized_start, h.reserialized_end = self.span(n)
                break
        if self._any(arg, self._is_timestamp):
            h.timestamp_signed = True

    def _log(self, call: ast.Call, name: str) -> None:
        args = list(call.args) + [k.value for k in call.keywords]
        if name == "pd.export" and args:
            args = args[1:]
        s, e = self.span(call)
        kind: str | None
        for arg in args:
            for n in walk_no_functions(arg):
                if id(n) in self.taint.cred_ids:
                    what = (self.paths.resolve(n) or "header").split(".")[-1]
                    kind = "signature" if "sig" in what or "hmac" in what else "secret"
                elif key := member_name(n):
                    what = key
                    tainted = isinstance(n, ast.Name) and n.id in self.taint.req_tainted
                    kind = secret_kind(key) or ("secret" if tainted else None)
                else:
                    continue
                if what and kind:
                    self.facts.logs.append(LogUse(s, e, what, kind))  # type: ignore[arg-type]
                    return

    # -- comparisons ---------------------------------------------------------------------------

    def _operand(self, node: ast.AST) -> Operand[ast.AST]:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                return Operand("literal", node, node.value)
            return Operand("trivial", node)
        if isinstance(node, ast.Call) and call_path(node.func) in ("len", "type", "isinstance"):
            return Operand("trivial", node)
        if self._any(node, self._is_req_cred):
            return Operand("req", node)
        named = (name := member_name(node)) is not None and is_secretish_name(name)
        return Operand("cred" if named or self._any(node, self._is_any_cred) else "other", node)

    def _compares(self) -> None:
        for c in self.compares:
            if len(c.ops) != 1 or not isinstance(c.ops[0], (ast.Eq, ast.NotEq)):
                continue
            op = "==" if isinstance(c.ops[0], ast.Eq) else "!="
            left, right = self._operand(c.left), self._operand(c.comparators[0])
            fact = compare_fact(*self.span(c), op, left, right, self.span, self._shown)
            if fact is not None:
                self.facts.compares.append(fact)

    def _shown(self, node: ast.AST) -> str:
        strings = (n.value for n in ast.walk(node) if isinstance(n, ast.Constant))
        return shown(self.code.slice(*self.span(node)), (v for v in strings if isinstance(v, str)))

    # -- functions and gates -------------------------------------------------------------------

    def _auth_functions(self) -> None:
        f = self.facts
        spans = [c.start for c in f.compares] + [h.start for h in f.hmacs]
        spans += [s.start for s in f.safe_equals] + [v[0] for v in f.verifier_calls]
        spans += [h.start for h in f.header_reads if h.credential]
        spans.sort()
        for name, fn in self.functions.items():
            if spans and any_within(spans, *self.span(fn)):
                self.auth_fns.add(name)
            if isinstance(fn, ast.AsyncFunctionDef) and (is_verify_name(name)):
                self.auth_fns.add(name)
        if self.auth_fns:
            # helpers built from verifier helpers (`matches` calling `_bytes_equal(…, _hmac(…))`)
            fn_spans = self.scope.def_spans
            local = [
                (self.span(c)[0], last)
                for c in self.calls
                if (last := callee_name(c)) in self.auth_fns
            ]
            starts = (fn_spans[name][0] for name in self.auth_fns)
            self.auth_fns |= reaching(
                fn_spans, starts, local, containing(fn_spans), "handler", rounds=2
            )

    def _is_auth_node(self, n: ast.AST) -> bool:
        if self._is_any_cred(n):
            return True
        if isinstance(n, ast.Call):
            last = callee_name(n)
            if last in self.functions:
                return last in self.auth_fns
            return is_verify_name(last)
        if isinstance(n, ast.Name):
            return is_secretish_name(n.id) and n.id not in self.aliases
        return False

    def _is_ip(self, n: ast.AST) -> bool:
        return self.paths.resolve(n) == "EVENT.client_ip"

    def _gates(self) -> None:
        handler = self.functions.get("handler")
        direct: set[int] | None = None  # ids of the handler's own nodes, when a gate asks

        def in_handler(node: ast.AST) -> bool:
            nonlocal direct
            if direct is None:
                direct = (
                    {id(n) for n in walk_no_functions(handler)}
                    if isinstance(handler, (ast.FunctionDef, ast.AsyncFunctionDef))
                    else set()
                )
            return id(node) in direct

        for node in self.ifs:
            strong = self._any(node.test, self._is_auth_node)
            ip = not strong and self._any(node.test, self._is_ip)
            if not (strong or ip):
                continue
            s, e = self.span(node)
            gate = Gate(s, e, "none", "strong" if strong else "ip")
            negative = _negative(node.test)
            fail = node.body if negative else (node.orelse or None)
            if not negative and node.body:
                gate.guard_start = self.span(node.body[0])[0]
                gate.guard_end = self.span(node.body[-1])[1]
            if fail is None:
                gate.kind = "guard"
            else:
                gate.fail_start, gate.fail_end = self.span(fail[0])[0], self.span(fail[-1])[1]
                gate.take(py_outcome(self.code, fail))
                nested = handler is not None and not in_handler(node) and self.facts.in_run(s)
                if nested and gate.kind == "return":
                    continue  # a function nested in the handler returns its verdict to a check
            self.facts.gates.append(gate)

    def _statement_gates(self) -> None:
        # Only Expr/Assign/Await parents matter here, and `value_parents` holds exactly those.
        parents = self.value_parents
        for call in self.calls:
            parent = parents.get(id(call))
            if isinstance(parent, ast.Await):
                parent = parents.get(id(parent))
            if not isinstance(parent, (ast.Expr, ast.Assign)):
                continue
            last = callee_name(call)
            if last in self.functions:
                ok = last in self.auth_fns and self.scope.raises(last)
            elif isinstance(parent, ast.Expr):
                ok = last in PY_LIB_VERIFIERS or is_verify_name(last)
            else:
                ok = last in PY_THROWING_VERIFIERS
            if ok or py_verifies_jwt(self.code, call):
                s, e = self.span(call)
                self.facts.gates.append(Gate(s, e, "throw"))
            # unawaited async verifiers
            fn = self.functions.get(last)
            if (
                isinstance(fn, ast.AsyncFunctionDef)
                and (is_verify_name(last) or last in self.auth_fns)
                and not isinstance(parents.get(id(call)), ast.Await)
            ):
                s, e = self.span(call)
                self.facts.unawaited.append(AsyncCall(s, e, last))
        for test in (i.test for i in self.ifs):
            for n in walk_no_functions(test):
                if isinstance(n, ast.Call):
                    last = callee_name(n)
                    fn = self.functions.get(last)
                    if isinstance(fn, ast.AsyncFunctionDef) and not isinstance(
                        parents.get(id(n)), ast.Await
                    ):
                        s, e = self.span(n)
                        self.facts.unawaited.append(AsyncCall(s, e, last))


def _negative(test: ast.AST) -> bool:
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return True
    if isinstance(test, ast.Compare) and test.ops:
        op = test.ops[0]
        if isinstance(op, (ast.NotEq, ast.Gt, ast.Lt, ast.GtE, ast.LtE, ast.NotIn)):
            return True
        if (
            isinstance(op, ast.Is)
            and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value is None
        ):
            return True
    if isinstance(test, ast.BoolOp):
        return any(_negative(v) for v in test.values)
    return False


def analyse_python(code: Code) -> StepFacts:
    return _Analyser(code).run()
