"""Flaws in hand-written signature checks that the step facts (`checks.auth.js`) do not name.

JavaScript only, over the shared model (`checks.parsing.jsscope`):

- `fails_open`: the check runs only when the signature header is present
  (`if (sig) { …verify… }` with no `else`): a request without the header skips it (SG401);
- `parsed_body_hmacs`: the HMAC is computed over the parsed body (`.update(event.body)`), not the
  raw bytes the provider signed (SG402);
- `bodiless_digests`: the digest covers only a secret and a timestamp, not the body, so one
  captured signature authorises any payload within the window (SG405);
- `digest_compares`: a computed digest compared with `===`/`!==` or `Buffer.compare`, also when
  the digest comes from a helper method (`this.getDigest(data) === header`) (SG302);
- `weak_random_secrets`: a secret, token or client state generated with `Math.random` (SG309);
- `echoed_digests`: a computed digest sent back to the caller in the response (SG406);
- `always_true_verifiers`: a verify hook that only returns `true` (SG401);
- `trust_on_first_use`: a secret stored from an incoming request (SG310).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from checks.parsing.code import Code
from checks.parsing.js import call_arguments, call_name, property_key, returned_expressions, text
from checks.parsing.jsindex import of_type
from checks.parsing.jsscope import JsScope, js_scope, unwrap
from checks.parsing.values import OriginKind
from checks.parsing.vocabulary import is_timestamp_name, words
from checks.transport.request_urls import run_event_param

_MAX_DEPTH = 6
_HASHERS = ("createHmac", "createHash")
_VERIFY_CALLS = ("timingSafeEqual", "createHmac", "createHash", "verify")
_SIGNATURE_WORDS = frozenset({"signature", "sig", "hmac", "signed"})
_SECRET_WORDS = frozenset({"secret", "token", "state", "password", "nonce", "salt", "passphrase"})
_EQUALITY = frozenset({"===", "!==", "==", "!="})
_BODY_WORDS = frozenset({"body", "payload", "data", "raw", "event", "request", "req", "message"})
_SIMPLE_NAME = re.compile(r"[\w$.]+")
_FUNCTIONS = ("arrow_function", "function_expression", "function_declaration", "method_definition")


@dataclass(frozen=True)
class Flaw:
    start: int
    end: int
    what: str  # the code the flaw is about, for messages and keys


def _is_hasher_call(node: Node) -> bool:
    name = call_name(node) or ""
    return name.split(".")[-1] in _HASHERS


def _method_bodies(code: Code) -> dict[str, Node]:
    def build() -> dict[str, Node]:
        out: dict[str, Node] = {}
        for node in of_type(code, "method_definition", "pair"):
            if node.type == "method_definition":
                name, fn = node.child_by_field_name("name"), node
            elif node.type == "pair" and (v := node.child_by_field_name("value")) is not None:
                if v.type not in ("function_expression", "arrow_function"):
                    continue
                name, fn = node.child_by_field_name("key"), v
            else:
                continue
            if name is not None:
                out.setdefault(property_key(name), fn)
        return out

    return code.memo(("sigflaws-methods",), build)


class _Digests:
    """Does an expression hold a computed hash or HMAC digest?"""

    def __init__(self, code: Code) -> None:
        self.scope: JsScope = js_scope(code)
        self.methods = _method_bodies(code)

    def holds(self, node: Node | None, depth: int = 0) -> bool:
        node = _unwrap(node)
        if node is None or depth > _MAX_DEPTH:
            return False
        t = node.type
        if t == "identifier":
            bound = self.scope.resolve(node)
            return bound is not None and self.holds(bound, depth + 1)
        if t == "template_string":
            return any(
                self.holds(c.named_children[0], depth + 1)
                for c in node.named_children
                if c.type == "template_substitution" and c.named_child_count
            )
        if t == "binary_expression" and text(node.child_by_field_name("operator")) == "+":
            return self.holds(node.child_by_field_name("left"), depth + 1) or self.holds(
                node.child_by_field_name("right"), depth + 1
            )
        if t != "call_expression":
            return False
        fn = node.child_by_field_name("function")
        if fn is None:
            return False
        if fn.type == "member_expression":
            prop = text(fn.child_by_field_name("property"))
            obj = fn.child_by_field_name("object")
            if prop == "digest":
                return True
            if prop == "toString":
                return self.holds(obj, depth + 1)
            if text(obj) == "Buffer" and prop == "from":
                args = call_arguments(node)
                return bool(args) and self.holds(args[0], depth + 1)
            if text(obj) == "this" and prop in self.methods:
                return any(
                    self.holds(r, depth + 1) for r in returned_expressions(self.methods[prop])
                )
        return False


def _unwrap(node: Node | None) -> Node | None:
    node = unwrap(node)
    while node is not None and node.type == "await_expression" and node.named_child_count:
        node = unwrap(node.named_children[0])
    return node


def _is_constant(node: Node | None) -> bool:
    node = _unwrap(node)
    return node is None or node.type in (
        "string",
        "number",
        "null",
        "undefined",
        "true",
        "false",
    )


def digest_compares(code: Code) -> list[Flaw]:
    """Equality or `Buffer.compare` on a computed digest (not constant time)."""
    if not code.language.is_js or b"digest" not in code.data:
        # Every path of `_Digests.holds` that answers yes ends at a `.digest(…)` call.
        return []
    return code.memo(digest_compares, lambda: _digest_compares(code))


def _digest_compares(code: Code) -> list[Flaw]:
    digests = _Digests(code)
    out: list[Flaw] = []
    for node in of_type(code, "binary_expression", "call_expression"):
        if node.type == "binary_expression":
            op = text(node.child_by_field_name("operator"))
            if op not in _EQUALITY:
                continue
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if _is_constant(left) or _is_constant(right):
                continue
            if digests.holds(left) or digests.holds(right):
                out.append(Flaw(node.start_byte, node.end_byte, op))
        elif _is_buffer_compare(node) and any(digests.holds(a) for a in call_arguments(node)):
            parent = node.parent
            span = parent if parent is not None and parent.type == "binary_expression" else node
            out.append(Flaw(span.start_byte, span.end_byte, "Buffer.compare"))
    return out


def _safe_name(node: Node, otherwise: str) -> str:
    """A name to show for an expression: its identifier, never code that may hold a literal."""
    node = _unwrap(node) or node
    if node.type in ("identifier", "shorthand_property_identifier"):
        return text(node)
    return otherwise


def _is_buffer_compare(node: Node) -> bool:
    return node.type == "call_expression" and call_name(node) == "Buffer.compare"


def _signature_name(cond: Node) -> str | None:
    """The name a condition tests, when it names a signature (`sig`, `headers["x-signature"]`)."""
    node = _unwrap(cond)
    if node is None:
        return None
    if node.type == "identifier":
        name = text(node)
    elif node.type == "member_expression":
        name = text(node.child_by_field_name("property"))
    elif node.type == "subscript_expression":
        index = node.child_by_field_name("index")
        name = text(index).strip("'\"`") if index is not None else ""
    else:
        return None
    return name if _SIGNATURE_WORDS & set(words(name)) else None


def _from_request(scope: JsScope, node: Node) -> bool:
    node = _unwrap(node) or node
    if node.type != "identifier":
        return "header" in text(node).lower()
    if any(o.kind is OriginKind.REQUEST for o in scope.origins(node)):
        return True
    bound = scope.resolve(node)
    if bound is not None:
        return "header" in text(bound).lower()
    entries = scope.destructured.get(text(node), ())
    return any("header" in text(v).lower() for _, v, _ in entries)


def _calls_in(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        cur = stack.pop()
        if cur.type == "call_expression":
            yield cur
        stack.extend(cur.named_children)


def _enclosing_function(node: Node) -> Node | None:
    cur = node.parent
    while cur is not None and cur.type not in _FUNCTIONS:
        cur = cur.parent
    return cur


def _rejects_missing(fn: Node | None, name: str) -> bool:
    """Somewhere in the function a missing value is handled (`if (!sig)`)."""
    if fn is None:
        return False
    stack = [fn]
    while stack:
        cur = stack.pop()
        if cur.type == "unary_expression" and text(cur.child_by_field_name("operator")) == "!":
            arg = cur.child_by_field_name("argument")
            if arg is not None and _signature_name(arg) == name:
                return True
        stack.extend(cur.named_children)
    return False


def fails_open(code: Code) -> list[Flaw]:
    """`if (signature) { verify }` with no `else`: a request without the header is accepted."""
    if not code.language.is_js:
        return []
    out: list[Flaw] = []
    for node in of_type(code, "if_statement"):
        if node.child_by_field_name("alternative") is not None:
            continue
        cond = _unwrap(node.child_by_field_name("condition"))
        body = node.child_by_field_name("consequence")
        if cond is None or body is None:
            continue
        name = _signature_name(cond)
        if name is None or not _from_request(js_scope(code), cond):
            continue
        if not any((call_name(c) or "").split(".")[-1] in _VERIFY_CALLS for c in _calls_in(body)):
            continue
        if _rejects_missing(_enclosing_function(node), name):
            continue
        out.append(Flaw(node.start_byte, cond.end_byte + 1, name))
    return out


def _hasher_updates(code: Code) -> Iterator[tuple[Node, list[Node]]]:
    """Each `createHmac`/`createHash` call and the arguments of the `.update()` calls chained on
    it (`createHmac(a, k).update(x).update(y).digest()`)."""
    if b"createH" not in code.data:  # createHmac / createHash
        return
    for node in of_type(code, "call_expression"):
        if not _is_hasher_call(node):
            continue
        args: list[Node] = []
        cur = node
        while True:
            member = cur.parent
            if member is None or member.type != "member_expression":
                break
            call = member.parent
            if call is None or call.type != "call_expression":
                break
            if text(member.child_by_field_name("property")) == "update":
                args.extend(call_arguments(call))
            cur = call
        yield node, args


def _is_parsed_body(code: Code, scope: JsScope, node: Node) -> bool:
    node = _unwrap(node) or node
    if any(o.kind is OriginKind.REQUEST and o.name == "body" for o in scope.origins(node)):
        return True
    event = run_event_param(code)
    if event is None:
        return False
    if node.type == "member_expression":
        obj = node.child_by_field_name("object")
        prop = text(node.child_by_field_name("property"))
        return prop == "body" and obj is not None and text(obj) == event
    if node.type == "identifier" and scope.resolve(node) is None:
        entries = scope.destructured.get(text(node), ())
        return any(key == "body" and text(v) == event for _, v, key in entries)
    return False


def parsed_body_hmacs(code: Code) -> list[Flaw]:
    """The signed content is the parsed body (`.update(event.body)`), not the raw bytes."""
    if not code.language.is_js:
        return []
    out: list[Flaw] = []
    for _, args in _hasher_updates(code):
        for arg in args:
            if _is_parsed_body(code, js_scope(code), arg):
                what = text(_unwrap(arg) or arg)  # `body` / `event.body` only
                out.append(Flaw(arg.start_byte, arg.end_byte, what))
    return out


def bodiless_digests(code: Code) -> list[Flaw]:
    """A digest compared as a signature whose input is only secrets and a timestamp."""
    if not code.language.is_js or not digest_compares(code):
        return []
    scope = js_scope(code)
    out: list[Flaw] = []
    for _, args in _hasher_updates(code):
        if not args:
            continue
        timestamp = False
        bodiless = True
        for arg in args:
            for o in scope.origins(arg):
                if o.kind in (OriginKind.PROPS, OriginKind.ENV, OriginKind.ACCOUNT):
                    continue
                if o.kind is OriginKind.LITERAL:
                    continue
                name = o.name or code.slice(o.start, o.end)
                if _SIMPLE_NAME.fullmatch(name) and is_timestamp_name(name):
                    timestamp = True
                    continue
                bodiless = False
        if timestamp and bodiless:
            first, last = args[0], args[-1]
            out.append(
                Flaw(first.start_byte, last.end_byte, _safe_name(first, "the signed string"))
            )
    return out


def _function_name(fn: Node) -> str:
    if fn.type in ("method_definition", "function_declaration"):
        name = fn.child_by_field_name("name")
        return text(name) if name is not None else ""
    parent = fn.parent
    if parent is not None and parent.type == "pair":
        key = parent.child_by_field_name("key")
        return property_key(key) if key is not None else ""
    if parent is not None and parent.type == "variable_declarator":
        return text(parent.child_by_field_name("name"))
    return ""


def _secretish(name: str) -> bool:
    return bool(_SECRET_WORDS & set(words(name)))


def _assigned_name(call: Node) -> str:
    """The name a call's result is stored under (`const clientState = this.randomString()`)."""
    cur = call.parent
    while cur is not None and cur.type in ("await_expression", "parenthesized_expression"):
        cur = cur.parent
    if cur is None:
        return ""
    if cur.type == "variable_declarator":
        return text(cur.child_by_field_name("name"))
    if cur.type == "assignment_expression":
        left = cur.child_by_field_name("left")
        if left is not None and left.type == "member_expression":
            return text(left.child_by_field_name("property"))
        return text(left)
    if cur.type == "pair":
        key = cur.child_by_field_name("key")
        return property_key(key) if key is not None else ""
    return ""


def weak_random_secrets(code: Code) -> list[Flaw]:
    """`Math.random()` producing a secret, token or client state (predictable, not a CSPRNG)."""
    if not code.language.is_js:
        return []
    calls_by_callee: dict[str, list[Node]] = {}
    randoms: list[Node] = []
    if b"random" not in code.data:  # `Math.random` under any alias still names `random`
        return []
    for node in of_type(code, "call_expression"):
        name = call_name(node) or ""
        if name == "Math.random":
            randoms.append(node)
        elif name:
            calls_by_callee.setdefault(name.split(".")[-1], []).append(node)
    out: list[Flaw] = []
    seen: set[int] = set()
    for call in randoms:
        direct = _assigned_name(_outermost_expression(call))
        fn = _enclosing_function(call)
        fn_name = _function_name(fn) if fn is not None else ""
        users = [_assigned_name(c) for c in calls_by_callee.get(fn_name, [])] if fn_name else []
        named = next((n for n in (direct, fn_name, *users) if n and _secretish(n)), None)
        key = fn.start_byte if fn is not None else call.start_byte
        if named is None or key in seen:
            continue
        seen.add(key)
        out.append(Flaw(call.start_byte, call.end_byte, named))
    return out


def _outermost_expression(node: Node) -> Node:
    """`Math.random().toString(36).slice(2)` from its `Math.random()`."""
    cur = node
    while cur.parent is not None and cur.parent.type in (
        "member_expression",
        "call_expression",
        "template_substitution",
        "template_string",
        "binary_expression",
        "parenthesized_expression",
        "arguments",
    ):
        cur = cur.parent
    return cur


_RESPOND_CALLS = ("$.respond", "this.http.respond", "http.respond", "pd.respond")


def echoed_digests(code: Code) -> list[Flaw]:
    """A computed digest sent back in the HTTP response (`$.respond({ body: digest })`): the
    endpoint signs whatever a caller sends, an oracle for valid signatures."""
    if not code.language.is_js or b"digest" not in code.data or b"respond" not in code.data:
        return []  # no digest (see `digest_compares`) or no response call
    digests = _Digests(code)
    out: list[Flaw] = []
    for node in of_type(code, "call_expression"):
        if call_name(node) not in _RESPOND_CALLS:
            continue
        for value in _response_values(call_arguments(node)):
            if digests.holds(value):
                what = _safe_name(value, "the computed digest")
                out.append(Flaw(value.start_byte, value.end_byte, what))
    return out


def _response_values(args: list[Node]) -> Iterator[Node]:
    """The values of a response object's `body` and `headers` (nested objects walked)."""
    stack = [a for a in args if a.type == "object"]
    while stack:
        obj = stack.pop()
        for pair in obj.named_children:
            if pair.type == "shorthand_property_identifier":
                yield pair
                continue
            if pair.type != "pair":
                continue
            value = pair.child_by_field_name("value")
            if value is None:
                continue
            if value.type == "object":
                stack.append(value)
            else:
                yield value


_VERIFY_WORDS = frozenset(
    {"verify", "verified", "authenticate", "authenticated", "authorized", "authorised"}
)
_VALID_OBJECTS = frozenset({"source", "signature", "request", "webhook", "token", "sender", "hmac"})


def _verifier_name(name: str) -> bool:
    """`isValidSource`, `verifySignature`, `validateRequest`, `isAuthorized` (not `isRelevant`)."""
    ws = set(words(name))
    if ws & _VERIFY_WORDS:
        return True
    return bool(ws & {"valid", "validate", "check"}) and bool(ws & _VALID_OBJECTS)


def always_true_verifiers(code: Code) -> list[Flaw]:
    """A verification method whose body is only `return true`: verification switched off."""
    if not code.language.is_js:
        return []
    if not _may_return_true_verifier(code):
        return []
    out: list[Flaw] = []
    for name, fn in _method_bodies(code).items():
        if not _verifier_name(name):
            continue
        body = fn.child_by_field_name("body")
        if body is None:
            continue
        if body.type == "true":
            out.append(Flaw(fn.start_byte, body.end_byte, name))
            continue
        statements = [c for c in body.named_children if c.type != "comment"]
        if body.type != "statement_block" or len(statements) != 1:
            continue
        ret = statements[0]
        if _returns_true(ret):
            out.append(Flaw(fn.start_byte, ret.end_byte, name))
    return out


_TRUE_WRAPPERS = frozenset(
    {
        "parenthesized_expression",
        "as_expression",
        "non_null_expression",
        "satisfies_expression",
        "type_assertion",
        "await_expression",
    }
)


def _may_return_true_verifier(code: Code) -> bool:
    """False when no method or property function with a verifier's name has a body that is
    `true` or only returns it (looked for from the step's `true` literals up, not from every
    method and property down)."""
    for node in of_type(code, "true"):
        while node.parent is not None and node.parent.type in _TRUE_WRAPPERS:
            node = node.parent
        fn = node.parent
        if fn is not None and fn.type == "return_statement":
            block = fn.parent
            fn = block.parent if block is not None and block.type == "statement_block" else None
        if fn is None:
            continue
        if fn.type == "method_definition":
            name = fn.child_by_field_name("name")
        elif fn.type in ("function_expression", "arrow_function"):
            pair = fn.parent
            is_pair = pair is not None and pair.type == "pair"
            name = pair.child_by_field_name("key") if pair is not None and is_pair else None
        else:
            continue
        if name is not None and _verifier_name(property_key(name)):
            return True
    return False


def _returns_true(statement: Node) -> bool:
    if statement.type != "return_statement" or not statement.named_child_count:
        return False
    value = _unwrap(statement.named_children[0])
    return value is not None and value.type == "true"


_STORE_CALLS = frozenset({"set", "setItem"})


def _stored_name(call: Node) -> str | None:
    """What a store call names: `this.db.set("secret", v)` → `secret`, `this._setSecret(v)` →
    `_setSecret`; None for other calls."""
    fn = call.child_by_field_name("function")
    prop = fn.child_by_field_name("property") if fn is not None else None
    if prop is None:
        return None  # both forms below are member calls
    last = text(prop).lower()
    if "set" not in last and "store" not in last:  # `set`, `setItem`, `set…`/`store…` names
        return None
    name = call_name(call) or ""
    parts = name.split(".")
    args = call_arguments(call)
    if parts[-1] in _STORE_CALLS and len(parts) >= 2 and "db" in parts[-2].lower() and args:
        key = args[0]
        return text(key).strip("'\"`") if key.type in ("string", "template_string") else None
    if parts[0] == "this" and len(parts) == 2 and words(parts[1])[:1] in (("set",), ("store",)):
        return parts[1]
    return None


def _request_value(scope: JsScope, node: Node) -> bool:
    node = _unwrap(node) or node
    if any(o.kind is OriginKind.REQUEST for o in scope.origins(node)):
        return True
    if node.type == "identifier":
        bound = scope.resolve(node)
        if bound is not None:
            node = bound
        else:
            entries = scope.destructured.get(text(node), ())
            return any("headers" in text(v) or "body" in text(v) for _, v, _ in entries)
    source = text(node)
    return "headers" in source and ("event" in source or "request" in source)


def trust_on_first_use(code: Code) -> list[Flaw]:
    """A secret stored from an incoming request (`this.db.set("secret", headers["x-hook-secret"])`
    in `run`): whoever calls first chooses the secret later requests are checked against."""
    if not code.language.is_js:
        return []
    folded = code.data.lower()
    if b"set" not in folded and b"store" not in folded:
        return []  # every store call `_stored_name` knows names `set…` or `store…`
    scope: JsScope | None = None
    out: list[Flaw] = []
    for node in of_type(code, "call_expression"):
        stored = _stored_name(node)
        if stored is None or not (_SECRET_WORDS & set(words(stored))):
            continue
        fn = _enclosing_function(node)
        if fn is not None and _function_name(fn) in ("activate", "deploy", "deactivate"):
            continue
        args = call_arguments(node)
        value = args[-1] if args else None
        if value is None:
            continue
        if scope is None:
            scope = js_scope(code)
        if _request_value(scope, value):
            out.append(Flaw(node.start_byte, node.end_byte, stored))
    return out
