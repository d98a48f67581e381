"""Python steps (`def handler(pd)`): extract `StepFacts` from the `ast` tree."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from checks.auth.facts import (
    AsyncCall,
    Compare,
    Effect,
    Gate,
    HeaderRead,
    Hmac,
    LogUse,
    SafeEqual,
    StepFacts,
)
from checks.auth.providers import is_credential_header, is_credential_path
from checks.parsing import Code
from checks.parsing.callgraph import any_within, reaching
from checks.parsing.keyfetch import py_fetches_key_material, py_verifies_jwt
from checks.parsing.outcomes import py_outcome
from checks.parsing.pyindex import py_index
from checks.parsing.pypaths import const_str, py_paths
from checks.parsing.pyscope import call_path, py_scope, walk_no_functions
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
    is_credential_query,
    is_secretish_name,
    is_timestamp_name,
    is_verify_name,
    looks_like_credential_literal,
    py_effect,
    secret_kind,
)
from checks.redact import redact

_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


@dataclass(slots=True)
class _Summary:
    """What the taint predicates look at in an expression (nested functions excluded)."""

    ids: set[int]  # id() of every node
    names: set[str]  # Name ids
    calls: list[ast.Call]
    lookups: list[ast.AST]  # subscripts and calls (`_is_timestamp` resolves them)


def _summary(value: ast.AST) -> _Summary:
    ids: set[int] = set()
    names: set[str] = set()
    calls: list[ast.Call] = []
    lookups: list[ast.AST] = []
    for n in walk_no_functions(value):
        ids.add(id(n))
        cls = type(n)
        if cls is ast.Name:
            names.add(n.id)  # type: ignore[attr-defined]
        elif cls is ast.Call:
            calls.append(n)  # type: ignore[arg-type]
            lookups.append(n)
        elif cls is ast.Subscript:
            lookups.append(n)
    return _Summary(ids, names, calls, lookups)


class _Analyser:
    def __init__(self, code: Code) -> None:
        self.code = code
        self.facts = StepFacts(language=code.language)
        self.cred_ids: set[int] = set()
        self.request_ids: set[int] = set()
        self.req_tainted: set[str] = set()
        self.tainted: set[str] = set()
        self.serialized: set[str] = set()
        self.ts_vars: set[str] = set()
        self.request_vars: set[str] = set()
        self.hmac_vars: dict[str, int] = {}
        self.auth_fns: set[str] = set()
        self.summaries: list[tuple[list[str], _Summary]] | None = None  # of `assigns`
        self.alias_sets: tuple[set[str], set[str], set[str]] | None = None
        self.taint_fixed_at = -1  # len(auth_fns) when a `_taint` round last changed nothing

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
        self.assigns = self.paths.assigns
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
        spans = {name: self.span(fn) for name, fn in self.functions.items()}
        out = [e for e in f.effects if f.in_run(e.start)]
        call_sites = [
            (c, *self.span(c), (call_path(c.func) or "").rsplit(".", 1)[-1]) for c in self.calls
        ]
        effect_fns = reaching(
            spans,
            (x.start for x in f.effects),
            [(cs, last) for _c, cs, _ce, last in call_sites],
            lambda cs: [n for n, (s, e) in spans.items() if s <= cs < e],
            "handler",
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
            self.request_ids.add(id(node))
            if base in ("EVENT.headers", "EVENT.query") and key_node is not None:
                key = const_str(key_node)
                kind: Literal["header", "query"] = "query" if base == "EVENT.query" else "header"
                cred = bool(
                    key
                    and (is_credential_query(key) if kind == "query" else is_credential_header(key))
                )
                s, e = self.span(node)
                ks, ke = self.span(key_node)
                if key is not None:
                    ks, ke = ks + 1, ke - 1  # inside the quotes (plain literals)
                    if self.code.data[ks:ke].decode("utf-8", "replace") != key:
                        ks, ke = self.span(key_node)
                f.header_reads.append(HeaderRead(key, s, e, ks, ke, True, kind, cred))
                if cred:
                    self.cred_ids.add(id(node))
            elif base.startswith("EVENT.body"):
                key = const_str(key_node) if key_node is not None else None
                if key:
                    f.body_keys.add(key)
            elif base == "EVENT" and const_str(key_node) == "client_ip":
                f.reads_client_ip = True
                self.request_ids.add(id(node))
        for path in self.aliases.values():
            if path == "EVENT.client_ip":
                f.reads_client_ip = True
            if path and path.startswith("EVENT.body."):
                f.body_keys.add(path.split(".")[2])

    # -- taint ---------------------------------------------------------------------------------

    def _any(self, node: ast.AST, pred: Callable[[ast.AST], bool]) -> bool:
        return any(pred(n) for n in walk_no_functions(node))

    def _is_req_cred(self, n: ast.AST) -> bool:
        if id(n) in self.cred_ids:
            return True
        if isinstance(n, ast.Name):
            return n.id in self.req_tainted or is_credential_path(self.aliases.get(n.id))
        return False

    def _is_any_cred(self, n: ast.AST) -> bool:
        if self._is_req_cred(n):
            return True
        if isinstance(n, ast.Name) and n.id in self.tainted:
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
        if isinstance(n, ast.Name) and n.id in self.serialized:
            return True
        if isinstance(n, ast.Call) and call_path(n.func) in ("json.dumps", "dumps") and n.args:
            return self.paths.is_body(n.args[0])
        return False

    def _is_timestamp(self, n: ast.AST) -> bool:
        if isinstance(n, ast.Name):
            if n.id in self.ts_vars:
                return True
            if is_timestamp_header(self.aliases.get(n.id)):
                return True
            return is_timestamp_name(n.id)
        return isinstance(n, (ast.Subscript, ast.Call)) and is_timestamp_header(
            self.paths.resolve(n)
        )

    def _taint(self) -> None:
        if self.summaries is None:  # walk each assigned value once
            self.summaries = [(names, _summary(value)) for names, value in self.assigns]
        for _ in range(2):
            if self.taint_fixed_at == len(self.auth_fns):
                # The last round changed nothing and the only other input, `auth_fns`, only
                # grows: this one would change nothing either.
                return
            before = self._taint_sizes()
            for names, summary in self.summaries:
                req, anyc, ser, ts, reqv = self._taint_flags(summary)
                if req:
                    self.req_tainted.update(names)
                    self.tainted.update(names)
                elif anyc:
                    self.tainted.update(names)
                if ser:
                    self.serialized.update(names)
                if ts:
                    self.ts_vars.update(names)
                if reqv:
                    self.request_vars.update(names)
            if self._taint_sizes() == before:
                self.taint_fixed_at = len(self.auth_fns)

    def _taint_sizes(self) -> tuple[int, ...]:
        sets = (self.req_tainted, self.tainted, self.serialized, self.ts_vars, self.request_vars)
        return tuple(len(s) for s in sets)

    def _alias_sets(self) -> tuple[set[str], set[str], set[str]]:
        """Aliases of request credentials, of anything in the request, of request timestamps
        (computed once: aliases are all bound before the passes that ask)."""
        if self.alias_sets is None:
            cred: set[str] = set()
            event: set[str] = set()
            ts: set[str] = set()
            for name, path in self.aliases.items():
                if is_credential_path(path):
                    cred.add(name)
                if path and path.startswith("EVENT"):
                    event.add(name)
                    if path.startswith("EVENT.headers.") and is_timestamp_name(
                        path.split(".", 2)[2]
                    ):
                        ts.add(name)
            self.alias_sets = (cred, event, ts)
        return self.alias_sets

    def _taint_flags(self, s: _Summary) -> tuple[bool, bool, bool, bool, bool]:
        """Whether any node of the value passes `_is_req_cred`, `_is_any_cred`,
        `_is_reserialize`, `_is_timestamp` and `_is_request`, decided with set operations
        (the predicates on names and node ids, spelled out)."""
        cred_alias, event_alias, ts_alias = self._alias_sets()
        ids, names = s.ids, s.names
        req = (
            not self.cred_ids.isdisjoint(ids)
            or not self.req_tainted.isdisjoint(names)
            or not cred_alias.isdisjoint(names)
        )
        anyc = (
            req or not self.tainted.isdisjoint(names) or any(self._is_any_cred(c) for c in s.calls)
        )
        ser = not self.serialized.isdisjoint(names) or any(self._is_reserialize(c) for c in s.calls)
        ts = (
            not self.ts_vars.isdisjoint(names)
            or not ts_alias.isdisjoint(names)
            or any(is_timestamp_name(name) for name in names)
            or any(self._is_timestamp(n) for n in s.lookups)
        )
        reqv = (
            not self.request_ids.isdisjoint(ids)
            or not self.cred_ids.isdisjoint(ids)
            or not self.req_tainted.isdisjoint(names)
            or not self.request_vars.isdisjoint(names)
            or not event_alias.isdisjoint(names)
        )
        return req, anyc, ser, ts, reqv

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
        if id(n) in self.request_ids or id(n) in self.cred_ids:
            return True
        if isinstance(n, ast.Name):
            path = self.aliases.get(n.id)
            named = n.id in self.req_tainted or n.id in self.request_vars
            if not (named or (path and path.startswith("EVENT"))):
                return False
            param = self._helper_parameter(n)
            return param is None or self._passed_from_request(*param)
        return False

    def _helper_parameter(self, n: ast.Name) -> tuple[str, int, str] | None:
        """(helper, position, name) when `n` names a parameter of the helper function it is in
        (not the handler): its value comes from the callers, not from the handler's variable
        of the same name."""
        cur = self.scope.parent(n)
        while cur is not None and not isinstance(cur, (ast.FunctionDef, ast.AsyncFunctionDef)):
            cur = self.scope.parent(cur)
        if cur is None or cur.name == "handler":
            return None
        names = [x.arg for x in [*cur.args.posonlyargs, *cur.args.args]]
        if n.id in names:
            return cur.name, names.index(n.id), n.id
        if n.id in {x.arg for x in cur.args.kwonlyargs}:
            return cur.name, -1, n.id
        return None

    def _passed_from_request(self, helper: str, index: int, name: str) -> bool:
        """Some call of `helper` passes a request value for that parameter."""
        key = (helper, index, name)
        if key in self._param_seen:
            return False  # recursion through the helper itself
        self._param_seen.add(key)
        try:
            for call in self.calls:
                if (call_path(call.func) or "").rsplit(".", 1)[-1] != helper:
                    continue
                args: list[ast.expr] = [k.value for k in call.keywords if k.arg == name]
                if 0 <= index < len(call.args):
                    args.append(call.args[index])
                if any(self._any(a, self._is_request) for a in args):
                    return True
            return False
        finally:
            self._param_seen.discard(key)

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
        for arg in args:
            for n in walk_no_functions(arg):
                what = None
                kind = None
                if id(n) in self.cred_ids:
                    what = (self.paths.resolve(n) or "header").split(".")[-1]
                    kind = "signature" if "sig" in what or "hmac" in what else "secret"
                elif isinstance(n, ast.Name):
                    kind = secret_kind(n.id) or ("secret" if n.id in self.req_tainted else None)
                    what = n.id if kind else None
                elif isinstance(n, ast.Attribute):
                    kind = secret_kind(n.attr)
                    what = n.attr if kind else None
                elif isinstance(n, ast.Subscript) and const_str(n.slice):
                    key = const_str(n.slice) or ""
                    kind = secret_kind(key)
                    what = key if kind else None
                if what and kind:
                    self.facts.logs.append(LogUse(s, e, what, kind))  # type: ignore[arg-type]
                    return

    # -- comparisons ---------------------------------------------------------------------------

    def _operand(self, node: ast.AST) -> tuple[str, str | None]:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                return "literal", node.value
            return "trivial", None
        if isinstance(node, ast.Call) and call_path(node.func) in (
            "len",
            "type",
            "isinstance",
        ):
            return "trivial", None
        if isinstance(node, ast.JoinedStr):
            pass
        if self._any(node, self._is_req_cred):
            return "req", None
        if self._any(node, self._is_any_cred):
            return "cred", None
        if isinstance(node, ast.Name) and is_secretish_name(node.id):
            return "cred", None
        if isinstance(node, ast.Attribute) and is_secretish_name(node.attr):
            return "cred", None
        if (
            isinstance(node, ast.Subscript)
            and (key := const_str(node.slice))
            and is_secretish_name(key)
        ):
            return "cred", None
        return "other", None

    def _compares(self) -> None:
        for c in self.compares:
            if len(c.ops) != 1 or not isinstance(c.ops[0], (ast.Eq, ast.NotEq)):
                continue
            op = "==" if isinstance(c.ops[0], ast.Eq) else "!="
            left, right = c.left, c.comparators[0]
            lk, lv = self._operand(left)
            rk, rv = self._operand(right)
            kinds = {lk, rk}
            if "trivial" in kinds:
                continue
            s, e = self.span(c)
            if "literal" in kinds:
                value = lv if lk == "literal" else rv
                other, other_node = (rk, right) if lk == "literal" else (lk, left)
                lit = left if lk == "literal" else right
                if other == "req" and value is not None and looks_like_credential_literal(value):
                    ls, le = self.span(lit)
                    ev = f'{self._safe(other_node)} {op} "{redact(value)}"'
                    self.facts.compares.append(Compare(s, e, op, ev, value, ls, le, True))
                continue
            if kinds & {"req", "cred"}:
                ev = f"{self._safe(left)} {op} {self._safe(right)}"
                self.facts.compares.append(Compare(s, e, op, ev, request_derived="req" in kinds))

    def _safe(self, node: ast.AST) -> str:
        s, e = self.span(node)
        out = self.code.slice(s, e)
        for n in ast.walk(node):
            if (
                isinstance(n, ast.Constant)
                and isinstance(n.value, str)
                and len(n.value) >= 8
                and looks_like_credential_literal(n.value)
            ):
                out = out.replace(n.value, redact(n.value))
        out = " ".join(out.split())
        return out if len(out) <= 80 else out[:77] + "..."

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
            fn_spans = {name: self.span(fn) for name, fn in self.functions.items()}
            local = [
                (self.span(c)[0], last)
                for c in self.calls
                if (last := (call_path(c.func) or "").rsplit(".", 1)[-1]) in self.auth_fns
            ]
            self.auth_fns |= reaching(
                fn_spans,
                (fn_spans[name][0] for name in self.auth_fns),
                local,
                lambda site: [n for n, (a, b) in fn_spans.items() if a <= site < b],
                "handler",
                rounds=2,
            )

    def _is_auth_node(self, n: ast.AST) -> bool:
        if self._is_any_cred(n):
            return True
        if isinstance(n, ast.Call):
            name = call_path(n.func) or ""
            last = name.rsplit(".", 1)[-1]
            if last in self.functions:
                return last in self.auth_fns
            return is_verify_name(last)
        if isinstance(n, ast.Name):
            return is_secretish_name(n.id) and n.id not in self.aliases
        return False

    def _is_ip(self, n: ast.AST) -> bool:
        if isinstance(n, ast.Name):
            return self.aliases.get(n.id) == "EVENT.client_ip"
        return self.paths.resolve(n) == "EVENT.client_ip"

    def _gates(self) -> None:
        handler = self.functions.get("handler")
        direct = (
            {id(n) for n in walk_no_functions(handler)}
            if isinstance(handler, (ast.FunctionDef, ast.AsyncFunctionDef))
            else set()
        )
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
                nested = handler is not None and id(node) not in direct and self.facts.in_run(s)
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
            name = call_path(call.func) or ""
            last = name.rsplit(".", 1)[-1]
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
                    last = (call_path(n.func) or "").rsplit(".", 1)[-1]
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
