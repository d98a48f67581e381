"""JavaScript/TypeScript: extract `StepFacts` from a step's code (cheap passes over the model).

The nodes come from the shared query (`checks.parsing.jsindex`), names, members and request
paths from the semantic model (`component`, `jspaths`, `jsscope`, `jsbindings`); what is
left here is the auth-specific taint (request credentials, signatures, re-serialised bodies,
timestamps) and the facts built on it. Single concerns live beside it: credential comparisons
(`checks.auth.compares_js`), logged credentials (`checks.auth.logged`) and the `timingSafeEqual`
length check (`checks.auth.safelength`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from typing import Literal

from tree_sitter import Node

from checks.auth.compares_js import js_compares
from checks.auth.event_roots import event_roots, may_start_at
from checks.auth.facts import (
    AsyncCall,
    Effect,
    Gate,
    HeaderRead,
    Hmac,
    SafeEqual,
    StepFacts,
)
from checks.auth.freshness import js_checks_freshness
from checks.auth.hints import secretish_within, verify_name_within
from checks.auth.logged import js_logged_credential
from checks.auth.providers import (
    is_credential_header,
    is_credential_path,
    providers_for_header,
)
from checks.auth.safelength import length_checked
from checks.parsing import Code
from checks.parsing.callgraph import any_within, reaching
from checks.parsing.component import (
    MEMBER_TYPES,
    Info,
    Summary,
    dropped_promise,
    js_component,
)
from checks.parsing.js import (
    call_arguments,
    string_value,
    text,
)
from checks.parsing.jsbindings import js_bindings
from checks.parsing.jsindex import by_type, typed_nodes
from checks.parsing.jspaths import js_paths
from checks.parsing.jsscope import JsScope, js_imports, js_scope, pattern_names
from checks.parsing.keyfetch import js_fetches_key_material
from checks.parsing.outcomes import js_outcome
from checks.parsing.rawbody import js_fetches_raw_body
from checks.parsing.values import is_timestamp_header
from checks.parsing.vocabulary import (
    JS_BOOLEAN_VERIFIERS,
    JS_HMAC,
    JS_LIB_VERIFIERS,
    JS_LOG_CALLS,
    JS_SAFE_EQUAL,
    JS_THROWING_VERIFIERS,
    is_credential_query,
    is_secretish_name,
    is_timestamp_name,
    is_verify_name,
    js_effect,
)

NEG_OPS = frozenset({"!==", "!=", "<", ">", "<=", ">="})
# Bytes that make a string literal's value differ from its source text (escapes, JSX entities,
# line breaks inside an unterminated literal).
_NOT_PLAIN = re.compile(rb"[\\&\r\n]")


class _Analyser:
    def __init__(self, code: Code, is_source: bool) -> None:
        self.code = code
        self.is_source = is_source
        self.facts = StepFacts(language=code.language)
        self.calls: list[Node] = []
        self.binaries: list[Node] = []
        self.member_lists: list[list[Node]] = []  # member, subscript expressions
        self.ifs: list[Node] = []
        self.cred_spans: set[int] = set()  # node ids of credential reads
        self.request_ids: set[int] = set()  # node ids of any request read
        self.ip_ids: set[int] = set()
        self.req_tainted: set[str] = set()  # vars derived from request credentials
        self.tainted: set[str] = set()  # also computed signatures and verification results
        self.serialized: set[str] = set()  # vars holding JSON.stringify(body)
        self.ts_vars: set[str] = set()  # vars holding a timestamp from the request
        self.request_vars: set[str] = set()  # vars holding anything taken from the request
        self.hmac_calls: dict[int, int] = {}  # createHmac call id -> index into facts.hmacs
        self.auth_fns: set[str] = set()
        self.named_calls: list[tuple[Node, str, str, bool]] = []  # (call, name, last, is_local)
        # (names bound, `summary` of the value) of each of `decls` that binds names
        self.decl_summaries: list[tuple[set[str], Summary]] | None = None
        self.alias_sets: tuple[set[str], set[str], set[str]] | None = None
        self.taint_fixed_at = -1  # len(auth_fns) when a `_taint` round last changed nothing
        tree = code.js_tree
        self.plain = tree is None or not tree.root_node.has_error  # the tree has no errors
        self.ip_names: set[str] = set()

    # -- entry ---------------------------------------------------------------------------------

    def run(self) -> StepFacts:
        tree = self.code.js_tree
        if tree is None:
            return self.facts
        self._collect()
        self.comp = comp = js_component(self.code)
        self.functions, self.async_names = comp.functions, comp.async_names
        self.app_prop_names, self.event_param = comp.app_prop_names, comp.event_param
        self._owner = comp.owner
        self.facts.apps.update(comp.apps)
        if comp.run_span is not None:
            self.facts.run_span = comp.run_span
        self.paths = js_paths(self.code, self.event_param)
        self.aliases = self.paths.aliases
        for read in self.paths.pattern_reads:
            self._record_read(*read)
        self._header_reads()
        self._helper_header_reads()
        self._taint()
        self._calls()
        self._compares()
        self._auth_functions()
        self._taint()  # again: results of local verifiers are verification results
        self._gates()
        self._statement_gates()
        self._unawaited()
        self._run_effects()
        return self.facts

    def _run_effects(self) -> None:
        """Effects in `run`, plus calls from `run` to local functions that have effects."""
        f = self.facts
        out = [e for e in f.effects if f.in_run(e.start)]
        local = [(call, name, last) for call, name, last, is_local in self.named_calls if is_local]
        spans = {name: (fn.start_byte, fn.end_byte) for name, fn in self.functions.items()}
        effect_fns = reaching(
            spans,
            (e.start for e in f.effects),
            [(call, last) for call, _name, last in local],
            lambda call: [self._owner(call) or ""],
            "run",
        )
        for call, name, last in local if effect_fns else ():
            if last in effect_fns and f.in_run(call.start_byte):
                out.append(Effect(call.start_byte, call.end_byte, name))
        f.run_effects = sorted(out, key=lambda e: e.start)

    def _regex_receiver(self, call: Node) -> bool:
        """The callee's object is a regular expression: a literal, `new RegExp(…)`, or a name
        the model resolves to one."""
        fn = call.child_by_field_name("function")
        obj = fn.child_by_field_name("object") if fn is not None else None
        if obj is not None and obj.type == "identifier":
            obj = js_scope(self.code).resolve(obj)
        return obj is not None and _is_regex(obj)

    # -- pass 1 --------------------------------------------------------------------------------

    def _collect(self) -> None:
        """The nodes the passes read, by type (the shared index of `jsindex.by_type`; its lists
        are only read here)."""
        index = by_type(self.code)
        self.calls = index.get("call_expression", [])
        self.binaries = index.get("binary_expression", [])
        self.ifs = index.get("if_statement", [])
        self.member_lists = [index.get(t, []) for t in MEMBER_TYPES]
        data, plain, strings = self.code.data, self.plain, self.facts.strings
        for n in index.get("string", ()):
            value = _string_value(n, data, plain)
            if value is not None and 0 < len(value) <= 80:
                strings.add(value)

    def _members(self, keep: Callable[[Node], bool]) -> list[Node]:
        """The step's member and subscript expressions that `keep` holds for, in pre-order."""
        found = [m for nodes in self.member_lists for m in nodes if keep(m)]
        found.sort(key=lambda n: (n.start_byte, -n.end_byte))
        spans = [(n.start_byte, n.end_byte) for n in found]
        if len(set(spans)) < len(spans):
            # Nested nodes with one span (not seen in real trees): the index's own order.
            ids = {n.id for n in found}
            return [n for t, n in typed_nodes(self.code) if t in MEMBER_TYPES and n.id in ids]
        return found

    # -- header reads --------------------------------------------------------------------------

    def _record_read(
        self, base: str, key: str | None, node: Node, key_node: Node, certain: bool
    ) -> None:
        kind: Literal["header", "query"] = "query" if base == "EVENT.query" else "header"
        if key_node.type == "string":
            frag = [c for c in key_node.named_children if c.type == "string_fragment"]
            ks = frag[0].start_byte if frag else key_node.start_byte + 1
            ke = frag[-1].end_byte if frag else key_node.end_byte - 1
        else:
            ks, ke = key_node.start_byte, key_node.end_byte
        cred = bool(
            key and (is_credential_query(key) if kind == "query" else is_credential_header(key))
        )
        self.facts.header_reads.append(
            HeaderRead(key, node.start_byte, node.end_byte, ks, ke, certain, kind, cred)
        )
        if cred:
            self.cred_spans.add(node.id)
        self.request_ids.add(node.id)

    def _header_reads(self) -> None:
        f = self.facts
        roots = event_roots(self.paths, certain=False)
        data = self.code.data
        members = self._members(lambda m: may_start_at(data, m, roots))
        for m, base, certain, key, key_node in self.paths.request_reads(members):
            if certain:
                f.reads_trigger_event = True
            self.request_ids.add(m.id)
            if base in ("EVENT.headers", "EVENT.query"):
                if key_node is not None:
                    self._record_read(base, key, m, key_node, certain)
            elif base.startswith("EVENT.body") and m.type == "member_expression":
                if key is not None:
                    f.body_keys.add(key)
            elif base == "EVENT" and m.type == "member_expression" and key == "client_ip":
                self.ip_ids.add(m.id)
                f.reads_client_ip = True
        for name, (path, _certain) in self.aliases.items():
            if path == "EVENT.client_ip":
                f.reads_client_ip = True
                self.ip_names.add(name)
            if path and path.startswith("EVENT.body."):
                f.body_keys.add(path.split(".")[2])

    def _helper_header_reads(self) -> None:
        """Reads through a helper of the step: `getHeader(event, "stripe-signature")` where
        `function getHeader(event, name)` reads `event.headers[name]` — a read of that header at
        the call site (the model's bindings name the helper parameter a key is)."""
        dynamic = [r for r in self.facts.header_reads if r.name is None and r.kind == "header"]
        tree = self.code.js_tree
        bindings = js_bindings(self.code, event_param=self.is_source) if dynamic else None
        if tree is None or bindings is None:
            return
        params: dict[int, int] = {}  # helper id → index of its parameter naming the header
        for r in dynamic:
            key = tree.root_node.descendant_for_byte_range(r.key_start, r.key_end)
            defs = bindings.resolve(key) if key is not None and key.type == "identifier" else None
            for d in defs or ():
                if d.kind == "arg" and d.node is not None and not d.path and not d.rest:
                    params[d.node.id] = d.index
        for call, _name, helpers, args in bindings.helper_calls() if params else ():
            index = next((params[fn.id] for fn in helpers if fn.id in params), len(args))
            if index >= len(args) or args[index].type != "string":
                continue
            header = _string_value(args[index], self.code.data, self.plain)
            if header and providers_for_header(header.lower()):
                # Only a provider's signature headers: a helper-read Authorization header would
                # taint the JWT claims parsed from it (not secret) — left as before.
                self._record_read("EVENT.headers", header.lower(), call, args[index], True)

    # -- taint ---------------------------------------------------------------------------------

    def _expr_any(self, node: Node, pred: Callable[[Info], bool]) -> bool:
        return any(pred(x) for x in self.comp.flat(node))

    def _is_req_cred(self, x: Info) -> bool:
        _n, nid, _t, name = x
        if nid in self.cred_spans:
            return True
        if name is not None:
            if name in self.req_tainted:
                return True
            if name in self.aliases and is_credential_path(self.aliases[name][0]):
                return True
        return False

    def _is_any_cred(self, x: Info) -> bool:
        if self._is_req_cred(x):
            return True
        n, _nid, t, name = x
        if name is not None and name in self.tainted:
            return True
        if t == "call_expression":
            last = self.comp.callee(n).rsplit(".", 1)[-1]
            if last in (JS_HMAC, "digest") or last in self.auth_fns:
                return True
            if self._imports().qualified(self.comp.callee(n)) in JS_BOOLEAN_VERIFIERS:
                return True  # `ok = crypto.verify(…)`: a verification result
        return False

    def _taint(self) -> None:
        """Propagate request credentials, computed signatures, re-serialised bodies and timestamps
        through variable assignments (one walk per assignment value, twice for reassignments)."""
        data = self.code.data
        # Re-serialised bodies and timestamps only matter as HMAC input.
        hmac = JS_HMAC.encode() in data
        seeded = (
            hmac
            or b"digest" in data
            or self.cred_spans
            or self.request_ids
            or self.auth_fns
            or self.tainted
            or self.request_vars
            or any(path and path.startswith("EVENT") for path, _ in self.aliases.values())
        )
        if not seeded:
            return  # nothing to propagate: every predicate below would be false
        if self.taint_fixed_at == len(self.auth_fns):
            # The last round changed nothing and the only other input, `auth_fns`, only grows:
            # another round would change nothing either.
            return
        if self.decl_summaries is None:
            self.decl_summaries = [
                (names, self.comp.summary(value))
                for target, value in self.paths.decls
                if (names := pattern_names(target))
            ]
        alias_sets = self._alias_sets()
        for round_ in range(2):
            before = (
                len(self.tainted),
                len(self.serialized),
                len(self.ts_vars),
                len(self.request_vars),
            )
            req_before = len(self.req_tainted)
            for names, summary in self.decl_summaries:
                req, anyc, ser, ts, reqv = self._taint_flags(summary, hmac, alias_sets)
                if req:
                    self.req_tainted.update(names)
                if anyc:
                    self.tainted.update(names)
                if ser:
                    self.serialized.update(names)
                if ts:
                    self.ts_vars.update(names)
                if reqv:
                    self.request_vars.update(names)
            after = (
                len(self.tainted),
                len(self.serialized),
                len(self.ts_vars),
                len(self.request_vars),
            )
            if after == before and len(self.req_tainted) == req_before:
                self.taint_fixed_at = len(self.auth_fns)
            if round_ == 0 and after == before:
                break

    def _alias_sets(self) -> tuple[set[str], set[str], set[str]]:
        """Aliases of request credentials, of anything in the request, of request timestamps
        (computed once: the aliases are all bound before the passes that ask)."""
        if self.alias_sets is not None:
            return self.alias_sets
        cred: set[str] = set()
        event: set[str] = set()
        ts: set[str] = set()
        for name, (path, _certain) in self.aliases.items():
            if not path or not path.startswith("EVENT"):
                continue  # neither (a credential path starts with EVENT too)
            if is_credential_path(path):
                cred.add(name)
            event.add(name)
            if path.startswith("EVENT.headers.") and is_timestamp_name(path.split(".", 2)[2]):
                ts.add(name)
        self.alias_sets = (cred, event, ts)
        return self.alias_sets

    def _taint_flags(
        self, s: Summary, hmac: bool, alias_sets: tuple[set[str], set[str], set[str]]
    ) -> tuple[bool, bool, bool, bool, bool]:
        """Whether any node of the value passes `_is_req_cred`, `_is_any_cred`,
        `_is_reserialize`, `_is_timestamp` and `_is_request_value`, decided with set operations
        (the predicates on identifiers and node ids, spelled out)."""
        cred_alias, event_alias, ts_alias = alias_sets
        ids, idents = s.ids, s.names
        req = (
            not self.cred_spans.isdisjoint(ids)
            or not self.req_tainted.isdisjoint(idents)
            or not cred_alias.isdisjoint(idents)
        )
        anyc = (
            req or not self.tainted.isdisjoint(idents) or any(self._is_any_cred(x) for x in s.calls)
        )
        reqv = (
            not self.request_ids.isdisjoint(ids)
            or not self.cred_spans.isdisjoint(ids)
            or not self.req_tainted.isdisjoint(idents)
            or not self.request_vars.isdisjoint(idents)
            or not event_alias.isdisjoint(idents)
        )
        ser = hmac and (
            not self.serialized.isdisjoint(idents) or any(self._is_reserialize(x) for x in s.calls)
        )
        ts = hmac and (
            not self.ts_vars.isdisjoint(idents)
            or not ts_alias.isdisjoint(idents)
            or any(is_timestamp_name(name) for name in idents)
            or any(self._is_timestamp(x) for x in s.members)
        )
        return req, anyc, ser, ts, reqv

    def _is_reserialize(self, x: Info) -> bool:
        n, _nid, t, name = x
        if name is not None and name in self.serialized:
            return True
        if t == "call_expression" and self.comp.callee(n) == "JSON.stringify":
            args = call_arguments(n)
            return bool(args) and self.paths.is_body(args[0])
        return False

    def _is_timestamp(self, x: Info) -> bool:
        n, _nid, t, name = x
        if name is not None:
            if name in self.ts_vars:
                return True
            if is_timestamp_header(self.aliases.get(name, (None, False))[0]):
                return True
            return is_timestamp_name(name)
        if t in MEMBER_TYPES:
            if is_timestamp_header(self.paths.resolve(n)[0]):
                return True
            if t == "member_expression":
                prop = n.child_by_field_name("property")
                return prop is not None and is_timestamp_name(text(prop))
        return False

    # -- calls ---------------------------------------------------------------------------------

    def _calls(self) -> None:
        f = self.facts
        imports = self._imports().imports
        for call in self.calls:
            name = self.comp.callee(call)
            parts = name.split(".") if name else []
            last = parts[-1] if parts else ""
            is_local = self.comp.is_local(name)
            self.named_calls.append((call, name, last, is_local))
            primitive = last
            if len(parts) == 1 and not is_local and last in imports:
                # `mk(…)` after `import { createHmac as mk } from "crypto"`
                primitive = (self._imports().qualified(last) or last).rsplit(".", 1)[-1]
            if primitive == JS_HMAC:
                self._hmac(call)
            elif primitive == JS_SAFE_EQUAL:
                f.safe_equals.append(
                    SafeEqual(
                        call.start_byte,
                        call.end_byte,
                        length_checked(self.code, call, self.binaries),
                    )
                )
            elif self.comp.is_library_verifier(name, last):
                f.verifier_calls.append((call.start_byte, call.end_byte, name))
            if name in JS_LOG_CALLS or (parts[:1] == ["console"] and len(parts) == 2):
                log = js_logged_credential(self.code, call, name, self.cred_spans, self.req_tainted)
                if log is not None:
                    f.logs.append(log)
            effect = js_effect(name, parts, self.app_prop_names)
            if effect and last == "exec" and self._regex_receiver(call):
                effect = None  # `pattern.exec(text)`: a regular expression match
            if (
                effect
                and not js_fetches_raw_body(self.code, call)
                and not js_fetches_key_material(self.code, call)  # part of the check
            ):
                f.effects.append(Effect(call.start_byte, call.end_byte, effect))
        calls = ((call, name) for call, name, _last, _local in self.named_calls)
        f.freshness_check = js_checks_freshness(self.code, calls, self.binaries)
        # `.update(...)` on a name the model resolves to an Hmac: `const hmac = createHmac(…)`
        for call in self.calls if self.hmac_calls else ():
            fn = call.child_by_field_name("function")
            if fn is None or fn.type != "member_expression":
                continue
            prop = fn.child_by_field_name("property")
            obj = fn.child_by_field_name("object")
            if prop is None or text(prop) != "update" or obj is None or obj.type != "identifier":
                continue
            value = js_scope(self.code).resolve(obj)
            idx = self.hmac_calls.get(value.id) if value is not None else None
            if idx is not None:
                self._hmac_input(f.hmacs[idx], call_arguments(call))

    def _imports(self) -> JsScope:
        """The step's import aliases (the cheap index when the tree has no errors)."""
        return js_imports(self.code) if self.plain else js_scope(self.code)

    def _hmac(self, call: Node) -> None:
        args = call_arguments(call)
        h = Hmac(call.start_byte, call.end_byte)
        if args and self._expr_any(args[0], self._is_request_value):
            h.alg_from_request = True
            h.alg_start, h.alg_end = args[0].start_byte, args[0].end_byte
        self.hmac_calls[call.id] = len(self.facts.hmacs)
        self.facts.hmacs.append(h)
        # chained `.update(x)` calls
        cur = call
        while cur.parent is not None and cur.parent.type == "member_expression":
            prop = cur.parent.child_by_field_name("property")
            outer = cur.parent.parent
            if outer is None or outer.type != "call_expression":
                break
            if prop is not None and text(prop) == "update":
                self._hmac_input(h, call_arguments(outer))
            cur = outer

    def _hmac_input(self, h: Hmac, args: list[Node]) -> None:
        if not args:
            return
        arg = args[0]
        for x in self.comp.flat(arg):
            if self._is_reserialize(x):
                n = x[0]
                h.reserialized = True
                h.reserialized_start, h.reserialized_end = n.start_byte, n.end_byte
                break
        if self._expr_any(arg, self._is_timestamp):
            h.timestamp_signed = True

    def _is_request_value(self, x: Info) -> bool:
        _n, nid, _t, name = x
        if nid in self.request_ids or nid in self.cred_spans:
            return True
        if name is not None:
            if name in self.req_tainted or name in self.request_vars:
                return True
            path = self.aliases.get(name, (None, False))[0]
            return bool(path and path.startswith("EVENT"))
        return False

    # -- comparisons ---------------------------------------------------------------------------

    def _compares(self) -> None:
        may_req = self._may_hold_request_credential()
        untainted = self._untainted()
        code = self.code
        data = code.data
        spans = (
            sorted((c.start_byte, c.end_byte, i) for i, c in enumerate(self.calls))
            if untainted
            else []
        )

        def calls_in(node: Node) -> Iterator[Node]:
            """The calls within `node` (also those in nested functions)."""
            start, end = node.start_byte, node.end_byte
            for i in range(bisect_left(spans, (start,)), len(spans)):
                s, e, k = spans[i]
                if s >= end:
                    break
                if e <= end:
                    yield self.calls[k]

        def is_credential(node: Node) -> bool:
            if untainted and not any(
                self._is_any_cred((c, c.id, "call_expression", None)) for c in calls_in(node)
            ):
                return False  # only a call can be one, and none of them is
            return self._expr_any(node, self._is_any_cred)

        def may_hold_credential(b: Node) -> bool:
            # Untainted, an operand is a credential only through a call or a secret-looking
            # name (a member's key may be escaped: a backslash).
            if not untainted or next(calls_in(b), None) is not None:
                return True
            start, end = b.start_byte, b.end_byte
            return secretish_within(code, start, end) or data.find(b"\\", start, end) >= 0

        self.facts.compares += js_compares(
            self.code,
            self.binaries,
            lambda node: may_req and self._expr_any(node, self._is_req_cred),
            is_credential,
            may_hold_credential,
        )

    def _may_hold_request_credential(self) -> bool:
        """False when `_is_req_cred` is false for every node: no credential is read from the
        request, bound to an alias or derived from one."""
        return bool(self.cred_spans or self.req_tainted or self._alias_sets()[0])

    def _untainted(self) -> bool:
        """`_may_hold_request_credential` is false and no name is tainted: `_is_any_cred` can
        only hold for a call."""
        return not (self._may_hold_request_credential() or self.tainted)

    # -- functions and gates -------------------------------------------------------------------

    def _auth_functions(self) -> None:
        f = self.facts
        spans = [c.start for c in f.compares] + [h.start for h in f.hmacs]
        spans += [s.start for s in f.safe_equals] + [v[0] for v in f.verifier_calls]
        spans += [h.start for h in f.header_reads if h.credential]
        spans.sort()
        if spans:
            for name, fn in self.functions.items():
                if any_within(spans, fn.start_byte, fn.end_byte):
                    self.auth_fns.add(name)
        if not self.auth_fns:
            return  # nothing to propagate to callers
        for _ in range(3):
            changed = False
            for call, _name, last, _local in self.named_calls:
                if last not in self.auth_fns:
                    continue
                owner = self._owner(call)
                if owner and owner not in self.auth_fns:
                    self.auth_fns.add(owner)
                    changed = True
            if not changed:
                break

    def _is_auth_call(self, n: Node) -> bool:
        name = self.comp.callee(n)
        last = name.rsplit(".", 1)[-1]
        if self.comp.is_local(name):
            return last in self.auth_fns
        return is_verify_name(last)

    def _is_auth_node(self, x: Info) -> bool:
        if self._is_any_cred(x):
            return True
        n, _nid, t, name = x
        if t == "call_expression":
            return self._is_auth_call(n)
        if name is not None:
            return is_secretish_name(name) and name not in self.aliases
        return False

    def _is_ip(self, x: Info) -> bool:
        _n, nid, _t, name = x
        if nid in self.ip_ids:
            return True
        return name is not None and name in self.ip_names

    def _gates(self) -> None:
        # Without these every `_is_auth_node` needs a secret-looking name or a verifier-looking
        # callee written in the condition, and `_is_ip` is always false.
        quiet = not (
            self.cred_spans
            or self.req_tainted
            or self.tainted
            or self.auth_fns
            or self.ip_ids
            or self.ip_names
            or self._alias_sets()[0]
        )
        for node in self.ifs:
            cond = node.child_by_field_name("condition")
            if cond is None:
                continue
            if quiet:
                start, end = cond.start_byte, cond.end_byte
                if not (
                    secretish_within(self.code, start, end)
                    or verify_name_within(self.code, start, end)
                ):
                    continue
            strong = self._expr_any(cond, self._is_auth_node) or any(
                self._expr_any(cb, self._is_auth_node) for cb in _predicate_callbacks(cond)
            )
            ip = not strong and self._expr_any(cond, self._is_ip)
            if not (strong or ip):
                continue
            cons = node.child_by_field_name("consequence")
            alt = node.child_by_field_name("alternative")
            alt_body = alt.named_children[-1] if alt is not None and alt.named_child_count else None
            negative = _negative(cond)
            gate = Gate(node.start_byte, node.end_byte, "none", "strong" if strong else "ip")
            fail = cons if negative else alt_body
            if not negative and cons is not None:
                gate.guard_start, gate.guard_end = cons.start_byte, cons.end_byte
            if fail is None:
                gate.kind = "guard"
            else:
                gate.fail_start, gate.fail_end = fail.start_byte, fail.end_byte
                gate.take(js_outcome(self.code, fail))
            self.facts.gates.append(gate)

    def _statement_gates(self) -> None:
        """Verifier calls that throw on failure, used as statements or initialisers."""
        seen: set[int] = set()
        for call, _name, last, is_local in self.named_calls:
            # Cheap name tests first: a call failing them is never a gate, whatever its parent.
            if is_local:
                if last not in self.auth_fns:
                    continue
            elif last not in JS_LIB_VERIFIERS and not is_verify_name(last):
                continue  # (JS_THROWING_VERIFIERS is a subset of JS_LIB_VERIFIERS)
            parent = call.parent
            if parent is not None and parent.type == "await_expression":
                parent = parent.parent
            if parent is None or parent.type not in ("expression_statement", "variable_declarator"):
                continue
            if is_local:
                ok = self.comp.throws(last)
            elif parent.type == "expression_statement":
                ok = True
            else:
                ok = last in JS_THROWING_VERIFIERS
            if ok and call.id not in seen:
                seen.add(call.id)
                self.facts.gates.append(Gate(call.start_byte, call.end_byte, "throw"))

    def _unawaited(self) -> None:
        if not self.async_names:
            return
        for call, _name, last, is_local in self.named_calls:
            if not is_local or last not in self.async_names:
                continue
            if not (is_verify_name(last) or last in self.auth_fns):
                continue
            if not dropped_promise(call):
                continue  # awaited, returned, chained or passed on
            self.facts.unawaited.append(AsyncCall(call.start_byte, call.end_byte, last))


# -- helpers ---------------------------------------------------------------------------------


def _string_value(node: Node, data: bytes, plain: bool) -> str | None:
    """`string_value` of a `string` node; a plain literal is read straight from the source.
    `plain`: the tree has no errors (else each literal is checked)."""
    raw = data[node.start_byte : node.end_byte]
    if (
        len(raw) >= 2
        and raw[0] == raw[-1]
        and raw[0] in b"\"'"
        and not _NOT_PLAIN.search(raw)
        and (plain or not node.has_error)
    ):
        return raw[1:-1].decode("utf-8", "replace")
    return string_value(node)


def _is_regex(node: Node) -> bool:
    if node.type == "regex":
        return True
    ctor = node.child_by_field_name("constructor") if node.type == "new_expression" else None
    return ctor is not None and text(ctor) == "RegExp"


_ARRAY_PREDICATES = frozenset({"some", "every", "find", "findIndex", "filter"})


def _predicate_callbacks(cond: Node) -> list[Node]:
    """Bodies of arrow/function callbacks passed to array predicates in a condition:
    `signatures.some((v) => bytesEqual(decodeHex(v), expected))` checks each candidate."""
    out: list[Node] = []
    stack = [cond]
    while stack:
        n = stack.pop()
        if n.type == "call_expression":
            fn = n.child_by_field_name("function")
            prop = fn.child_by_field_name("property") if fn is not None else None
            if prop is not None and text(prop) in _ARRAY_PREDICATES:
                for arg in call_arguments(n):
                    body = arg.child_by_field_name("body")
                    if arg.type in ("arrow_function", "function_expression") and body is not None:
                        out.append(body)
        stack.extend(n.named_children)
    return out


def _negative(cond: Node) -> bool:
    node = cond
    while node.type == "parenthesized_expression" and node.named_child_count:
        node = node.named_children[0]
    if node.type == "unary_expression":
        unary_op = node.child_by_field_name("operator")
        return unary_op is not None and text(unary_op) == "!"
    if node.type == "binary_expression":
        op_node = node.child_by_field_name("operator")
        op = text(op_node) if op_node is not None else ""
        if op in NEG_OPS:
            return True
        if op in ("||", "&&"):
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            return any(x is not None and _negative(x) for x in (left, right))
    return False


def analyse_js(code: Code, is_source: bool = False) -> StepFacts:
    return _Analyser(code, is_source).run()
