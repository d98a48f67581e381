"""Fetching the verifier's key material: part of the check, not work done before it.

A step that verifies a JWT against its issuer's key set (JWKS) or certificates downloads them
first: `fetch(process.env.JWKS_URL)` … `crypto.createPublicKey({ key: jwk, format: "jwk" })`.
Such a request is no effect of the step when

- it is a GET (no body, no other method) of a fixed or configured URL: string constants, env
  variables, props and accounts, also through local helpers and their callers (`getEnv(NAME)`,
  `loadJwks(url)`), never anything taken from the request;
- its response only flows into verification: into a key import or verifier of the vocabulary
  (`JS_KEY_SINKS`, `PY_KEY_SINKS`), through names, members, transforms, local helpers (their
  arguments and results, per call) and module-level caches, and never into an effect,
  `$.export`/`pd.export`, `$.respond`/`pd.respond` or the step's return value;
- and it does reach one of them, on a path from the step's entry.

`js_fetches_key_material(code, call)` / `py_fetches_key_material(code, call)` answer for a call
the auth analysis counts as an effect: the request itself or a call chained on it
(`got(url).json()`, `build_opener(h).open(url)`). Built on the bindings of the semantic model
(`jsbindings`/`pybindings` for what a name holds, `jsscope`/`pyscope` for qualified callees and
origins); memoised per request on the `Code`.
"""

from __future__ import annotations

import ast

from tree_sitter import Node

from checks.parsing.code import Code
from checks.parsing.component import js_component
from checks.parsing.js import FUNCTION_TYPES, call_arguments, member_path, object_property, text
from checks.parsing.jsbindings import Def as JsDef
from checks.parsing.jsbindings import js_bindings, strip
from checks.parsing.jsscope import js_scope, parameter_owner
from checks.parsing.pybindings import Chain, py_bindings
from checks.parsing.pybindings import Def as PyDef
from checks.parsing.pyscope import ENV_GETTERS, call_path, py_scope
from checks.parsing.values import OriginKind
from checks.parsing.vocabulary import (
    JS_FETCH,
    JS_KEY_SINKS,
    JS_KEY_SINKS_LAST,
    PY_JWT_DECODERS,
    PY_KEY_SINKS,
    PY_KEY_SINKS_LAST,
    PY_MODULE_CLIENTS,
    js_effect,
    may_use_key_material,
    py_effect,
)

# What a configured URL may be made of (`checks.parsing.values.OriginKind`).
_CONFIGURED = frozenset({OriginKind.LITERAL, OriginKind.ENV, OriginKind.PROPS, OriginKind.ACCOUNT})
_GET_METHODS = frozenset({"get", "head"})
# Request options that send data (a key download sends none).
_BODY_KEYS = frozenset({"body", "data", "json", "form", "formData", "files", "content"})
_JS_CLIENTS = frozenset({"axios", "@pipedream/platform.axios", "got", "ky", "superagent"})
# Calls that only reshape a configured string (`url.trim()`, `String(url)`).
_STRING_METHODS = frozenset({"trim", "toString", "replace", "strip", "rstrip", "lstrip", "format"})
_JS_WRAPPERS = frozenset({"parenthesized_expression", "await_expression"})
_MAX_DEPTH = 40  # nested expressions followed for one question
_ROUNDS = 4  # passes until what carries the response stops growing (loops through caches)

_JsCtx = tuple[Node, frozenset[int]]  # activation: function (or program) and derived arguments
_PyCtx = tuple[ast.AST, frozenset[str]]  # activation: function (or module) and derived params


def js_fetches_key_material(code: Code, call: Node) -> bool:
    """`call` (or the request it is chained on) downloads key material only verification uses."""
    if code.js_tree is None or not _may_verify_keys(code):
        return False
    request = _js_request_in_chain(code, call)
    if request is None:
        return False
    return code.memo(
        (js_fetches_key_material, request.id), lambda: _JsKeyFetch(code, request).recognised()
    )


def py_fetches_key_material(code: Code, call: ast.Call) -> bool:
    """`call` (or the request it is chained on) downloads key material only verification uses."""
    if code.py_tree is None or not _may_verify_keys(code):
        return False
    request = _py_request_in_chain(code, call)
    if request is None:
        return False
    return code.memo(
        (py_fetches_key_material, id(request)), lambda: _PyKeyFetch(code, request).recognised()
    )


def _may_verify_keys(code: Code) -> bool:
    """The step's text names a key import or verifier (one search per step, not per call)."""
    return code.memo(_may_verify_keys, lambda: may_use_key_material(code.data))


def py_verifies_jwt(code: Code, call: ast.Call) -> bool:
    """`jwt.decode(token, key, …)` of a JWT library (`PY_JWT_DECODERS`), verifying: it raises
    when the signature does not hold. Not with verification switched off."""
    if py_scope(code).qualify(call_path(call.func)) not in PY_JWT_DECODERS:
        return False
    for k in call.keywords:
        off = isinstance(k.value, ast.Constant) and k.value.value is False
        if k.arg == "verify" and off:
            return False
        if k.arg == "options" and not (
            isinstance(k.value, ast.Dict)
            and not any(
                isinstance(key, ast.Constant)
                and str(key.value).startswith("verify")
                and not (isinstance(value, ast.Constant) and value.value is True)
                for key, value in zip(k.value.keys, k.value.values, strict=True)
            )
        ):
            return False  # options we cannot read, or some verification switched off
    return True


# -- JavaScript ---------------------------------------------------------------------------------


def _js_request_in_chain(code: Code, call: Node) -> Node | None:
    """The GET request among `call` and the calls chained with it (`(await fetch(u)).json()`)."""
    outer = call
    while True:
        parent = outer.parent
        while parent is not None and parent.type in _JS_WRAPPERS:
            parent = parent.parent
        holder = parent.parent if parent is not None else None
        if (
            parent is None
            or parent.type != "member_expression"
            or holder is None
            or holder.type != "call_expression"
            or holder.child_by_field_name("function") != parent
        ):
            break
        outer = holder
    cur: Node | None = outer
    while cur is not None and cur.type == "call_expression":
        if _js_get(code, cur) is not None:
            return cur
        fn = cur.child_by_field_name("function")
        obj = fn.child_by_field_name("object") if fn is not None else None
        cur = strip(obj) if fn is not None and fn.type == "member_expression" and obj else None
    return None


def _js_get(code: Code, call: Node) -> Node | None:
    """The URL argument when `call` is a GET with a client the vocabulary knows, else None."""
    scope = js_scope(code)
    name = scope.qualified(js_component(code).callee(call)) or ""
    args = call_arguments(call)
    head, _, method = name.rpartition(".")
    url: Node | None = None
    opts: Node | None = None
    if name in JS_FETCH or name in _JS_CLIENTS:
        if name in _JS_CLIENTS and len(args) >= 2 and text(args[0]) == "$":
            args = args[1:]  # @pipedream/platform's `axios($, config)`
        first = strip(args[0]) if args else None
        if first is not None and first.type == "object":
            opts, url = first, object_property(first, "url")
        else:
            url, opts = first, args[1] if len(args) > 1 else None
    elif head in _JS_CLIENTS and method in _GET_METHODS:
        url, opts = (args[0] if args else None), (args[1] if len(args) > 1 else None)
    if url is None or (opts is not None and not _js_get_options(code, opts)):
        return None
    return url


def _js_get_options(code: Code, opts: Node) -> bool:
    """Request options that send nothing: no body, no method but GET, no request data."""
    opts = strip(opts)
    if opts.type != "object":
        return False
    scope = js_scope(code)
    for pair in opts.named_children:
        if pair.type == "comment":
            continue
        if pair.type != "pair":
            return False  # `{ ...options }`, `{ headers }`: not read here
        key = pair.child_by_field_name("key")
        value = pair.child_by_field_name("value")
        name = text(key).strip("\"'") if key is not None else ""
        if name in _BODY_KEYS or value is None:
            return False
        if name == "method" and text(value).strip("\"'`").lower() not in _GET_METHODS:
            return False
        if any(o.kind is OriginKind.REQUEST for o in scope.origins(value)):
            return False
    return True


class _JsKeyFetch:
    """Is the response of one JS request key material that only verification uses?"""

    def __init__(self, code: Code, request: Node) -> None:
        self.code = code
        self.request = request
        bindings = js_bindings(code, event_param=False)
        assert bindings is not None  # the callers checked the tree
        self.b = bindings
        self.scope = js_scope(code)
        self.comp = js_component(code)
        self.known: set[tuple[int, int, frozenset[int]]] = set()
        self.known_returns: set[tuple[int, frozenset[int]]] = set()

    def recognised(self) -> bool:
        url = _js_get(self.code, self.request)
        if url is None or not self._configured(url, 0, set()):
            return False
        tree = self.code.js_tree
        assert tree is not None
        root = tree.root_node
        for _ in range(_ROUNDS):
            self.memo: dict[tuple[int, int, frozenset[int]], bool] = {}
            self.returns_memo: dict[tuple[int, frozenset[int]], bool] = {}
            self.visited: set[tuple[int, frozenset[int]]] = set()
            self.sink = self.leak = self.reached = False
            self._visit(root, frozenset())
            grown = {k for k, v in self.memo.items() if v} - self.known
            grown_returns = {k for k, v in self.returns_memo.items() if v} - self.known_returns
            if not grown and not grown_returns:
                break
            self.known |= grown
            self.known_returns |= grown_returns
        return self.reached and self.sink and not self.leak

    # -- where the URL comes from ---------------------------------------------------------------

    def _configured(self, node: Node | None, depth: int, seen: set[int]) -> bool:
        """Every value `node` may hold is a constant, env variable, prop or account."""
        if node is None:
            return False
        node = strip(node)
        if depth > 12 or node.id in seen:
            return False
        seen = seen | {node.id}
        t = node.type
        deeper = depth + 1
        if t in ("string", "number", "null", "undefined", "true", "false"):
            return True
        if t == "template_string":
            subs = [c for c in node.named_children if c.type == "template_substitution"]
            return all(
                s.named_child_count and self._configured(s.named_children[0], deeper, seen)
                for s in subs
            )
        if t == "binary_expression":
            op = text(node.child_by_field_name("operator"))
            sides = (node.child_by_field_name("left"), node.child_by_field_name("right"))
            return op in ("+", "||", "??") and all(self._configured(s, deeper, seen) for s in sides)
        if t == "ternary_expression":
            branches = (
                node.child_by_field_name("consequence"),
                node.child_by_field_name("alternative"),
            )
            return all(self._configured(s, deeper, seen) for s in branches)
        if t == "identifier":
            return text(node) == "undefined" or self._name_configured(node, deeper, seen)
        if t in ("member_expression", "subscript_expression"):
            obj = node.child_by_field_name("object")
            if obj is not None and member_path(strip(obj)) == "process.env":
                return True  # `process.env[name]`: an env variable whatever the name
            origins = list(self.scope.origins(node))
            return bool(origins) and all(o.kind in _CONFIGURED for o in origins)
        if t == "new_expression":
            ctor = node.child_by_field_name("constructor")
            holder = node.child_by_field_name("arguments")
            return (
                ctor is not None
                and text(ctor) == "URL"
                and holder is not None
                and all(self._configured(a, deeper, seen) for a in holder.named_children)
            )
        if t == "call_expression":
            fn = node.child_by_field_name("function")
            args = call_arguments(node)
            helper = self.b.helper_callee(fn) if fn is not None else None
            if helper is not None:
                results = [r for h in helper[1] for r in self.b.results(h)]
                return bool(results) and all(self._configured(r, deeper, seen) for r in results)
            if fn is not None and fn.type == "identifier" and text(fn) == "String":
                return all(self._configured(a, deeper, seen) for a in args)
            prop = fn.child_by_field_name("property") if fn is not None else None
            if fn is not None and fn.type == "member_expression" and text(prop) in _STRING_METHODS:
                receiver = fn.child_by_field_name("object")
                return all(self._configured(x, deeper, seen) for x in (receiver, *args))
        return False

    def _name_configured(self, ident: Node, depth: int, seen: set[int]) -> bool:
        defs = self.b.resolve(ident)
        if not defs:
            return False
        return all(self._def_configured(d, depth, seen) for d in defs)

    def _def_configured(self, d: JsDef, depth: int, seen: set[int]) -> bool:
        if d.kind in ("value", "store"):
            return self._configured(d.node, depth, seen)
        if d.kind != "arg" or d.node is None or d.rest:
            return False
        sites = [args for _c, _n, fns, args in self.b.helper_calls() if d.node in fns]
        return bool(sites) and all(
            d.index < len(args) and self._configured(args[d.index], depth, seen) for args in sites
        )

    # -- where the response goes ----------------------------------------------------------------

    def _carries(self, node: Node | None, ctx: _JsCtx, depth: int = 0) -> bool:
        """`node` may hold (part of) the response, in the activation `ctx`."""
        if node is None:
            return False
        node = strip(node)
        if node.id == self.request.id:
            return True
        if depth > _MAX_DEPTH:
            return False
        key = (node.id, ctx[0].id, ctx[1])
        done = self.memo.get(key)
        if done is not None:
            return done
        self.memo[key] = key in self.known  # a cycle: what the last round found
        result = self._carries_now(node, ctx, depth + 1)
        self.memo[key] = result
        return result

    def _carries_now(self, node: Node, ctx: _JsCtx, depth: int) -> bool:
        t = node.type
        if t in ("identifier", "shorthand_property_identifier"):
            defs = self.b.resolve(node) or []
            if any(self._def_carries(d, ctx, depth) for d in defs):
                return True
            plain = any(d.kind == "param" and d.node is None for d in defs)
            return plain and self._callback_param(node, ctx, depth)
        if t in ("member_expression", "subscript_expression"):
            return self._carries(node.child_by_field_name("object"), ctx, depth)
        if t == "call_expression":
            if self._is_sink(node):
                return False  # a key or a verification result: no longer the response
            fn = node.child_by_field_name("function")
            args = call_arguments(node)
            helper = self.b.helper_callee(fn) if fn is not None else None
            if helper is not None:
                derived = self._derived_args(args, ctx, depth)
                return any(self._returns(h, derived) for h in helper[1])
            fn = strip(fn) if fn is not None else None
            if (
                fn is not None
                and fn.type == "member_expression"
                and self._carries(fn.child_by_field_name("object"), ctx, depth)
            ):
                return True
            return any(self._carries(a, ctx, depth) for a in args if a.type not in FUNCTION_TYPES)
        if t == "new_expression":
            if self._is_sink(node):
                return False
            holder = node.child_by_field_name("arguments")
            kids = holder.named_children if holder is not None else []
            return any(self._carries(a, ctx, depth) for a in kids)
        if t in ("object", "array", "template_string", "sequence_expression"):
            return any(self._carries(c, ctx, depth) for c in node.named_children)
        if t in ("pair", "assignment_expression"):
            value = node.child_by_field_name("value") or node.child_by_field_name("right")
            return self._carries(value, ctx, depth)
        if t in ("spread_element", "template_substitution"):
            kids = node.named_children
            return bool(kids) and self._carries(kids[0], ctx, depth)
        if t == "ternary_expression":
            return any(
                self._carries(node.child_by_field_name(f), ctx, depth)
                for f in ("consequence", "alternative")
            )
        if t == "binary_expression" and text(node.child_by_field_name("operator")) in (
            "||",
            "??",
            "&&",
            "+",
        ):
            return any(
                self._carries(node.child_by_field_name(f), ctx, depth) for f in ("left", "right")
            )
        return False

    def _def_carries(self, d: JsDef, ctx: _JsCtx, depth: int) -> bool:
        if d.node is None:
            return False
        if d.kind in ("value", "store"):
            fn = ctx[0]
            inside = fn.start_byte <= d.node.start_byte and d.node.end_byte <= fn.end_byte
            at = ctx if inside else (self.b.function_scope(d.node), frozenset[int]())
            return self._carries(d.node, at, depth)
        if d.kind == "arg" and d.node.id == ctx[0].id:
            return d.index in ctx[1] or (d.rest and any(i >= d.index for i in ctx[1]))
        return False

    def _callback_param(self, ident: Node, ctx: _JsCtx, depth: int) -> bool:
        """`ident` is a parameter of a callback given to a method of the response:
        `res` in `axios.get(url).then((res) => …)`, `k` in `keys.find((k) => …)`."""
        fn = parameter_owner(ident)
        if fn is None or fn.type not in FUNCTION_TYPES:
            return False  # not a parameter, or a catch clause's
        holder = fn.parent
        call = holder.parent if holder is not None and holder.type == "arguments" else None
        callee = call.child_by_field_name("function") if call is not None else None
        callee = strip(callee) if callee is not None else None
        return (
            callee is not None
            and callee.type == "member_expression"
            and self._carries(callee.child_by_field_name("object"), ctx, depth)
        )

    def _derived_args(self, args: list[Node], ctx: _JsCtx, depth: int) -> frozenset[int]:
        return frozenset(
            i
            for i, a in enumerate(args)
            if a.type not in FUNCTION_TYPES and self._carries(a, ctx, depth)
        )

    def _returns(self, fn: Node, derived: frozenset[int]) -> bool:
        """A call of helper `fn` with the arguments at `derived` holding the response returns
        (part of) it; visits the call's activation."""
        key = (fn.id, derived)
        done = self.returns_memo.get(key)
        if done is not None:
            return done
        self.returns_memo[key] = key in self.known_returns
        self._visit(fn, derived)
        result = any(self._carries(r, (fn, derived)) for r in self.b.results(fn))
        self.returns_memo[key] = result
        return result

    def _visit(self, fn: Node, derived: frozenset[int]) -> None:
        """Check every use of the response in one activation of `fn` (the program: the entry)."""
        key = (fn.id, derived)
        if key in self.visited:
            return
        self.visited.add(key)
        ctx = (fn, derived)
        body = fn.child_by_field_name("body") if fn.type in FUNCTION_TYPES else fn
        stack = [body] if body is not None else []
        while stack:
            n = stack.pop()
            if n.id == self.request.id:
                self.reached = True
            t = n.type
            if t in FUNCTION_TYPES and self.b.helper_name(n) is not None:
                continue  # a helper runs when it is called
            if t in ("call_expression", "new_expression"):
                self._use(n, ctx)
            elif (
                t == "return_statement"
                and n.named_child_count
                and self.b.is_run(self.b.function_scope(n))
                and self._carries(n.named_children[0], ctx)
            ):
                self.leak = True  # the step's return value
            stack.extend(n.named_children)

    def _use(self, call: Node, ctx: _JsCtx) -> None:
        if call.id == self.request.id:
            return
        fn = call.child_by_field_name("function")
        if call.type == "call_expression":
            args = call_arguments(call)
            helper = self.b.helper_callee(fn) if fn is not None else None
            if helper is not None:
                derived = self._derived_args(args, ctx, 0)
                for h in helper[1]:
                    self._returns(h, derived)
                return
        else:
            holder = call.child_by_field_name("arguments")
            args = holder.named_children if holder is not None else []
        if not any(self._carries(a, ctx) for a in args if a.type not in FUNCTION_TYPES):
            return
        if self._is_sink(call):
            self.sink = True
        elif call.type == "call_expression" and self._is_leak(call):
            self.leak = True

    def _callee(self, node: Node) -> str:
        if node.type == "new_expression":
            ctor = node.child_by_field_name("constructor")
            name = (member_path(ctor) or "") if ctor is not None else ""
        else:
            name = self.comp.callee(node)
        return self.scope.qualified(name) or ""

    def _is_sink(self, node: Node) -> bool:
        name = self._callee(node)
        return name in JS_KEY_SINKS or name.rsplit(".", 1)[-1] in JS_KEY_SINKS_LAST

    def _is_leak(self, call: Node) -> bool:
        name = self.comp.callee(call)
        if name in ("$.respond", "$.export"):
            return True
        qualified = self.scope.qualified(name) or name
        parts = qualified.split(".") if qualified else []
        return js_effect(qualified, parts, self.comp.app_prop_names) is not None


# -- Python -------------------------------------------------------------------------------------


def _py_request_in_chain(code: Code, call: ast.Call) -> ast.Call | None:
    """The GET request among `call` and the calls chained with it (`requests.get(u).json()`)."""
    scope = py_scope(code)
    outer: ast.Call = call
    while True:
        parent = scope.parent(outer)
        holder = scope.parent(parent) if parent is not None else None
        if (
            isinstance(parent, ast.Attribute)
            and isinstance(holder, ast.Call)
            and holder.func is parent
        ):
            outer = holder
        else:
            break
    cur: ast.AST = outer
    while isinstance(cur, ast.Call):
        if _py_get(code, cur) is not None:
            return cur
        cur = cur.func.value if isinstance(cur.func, ast.Attribute) else cur.func
    return None


def _py_get(code: Code, call: ast.Call) -> ast.AST | None:
    """The URL argument when `call` is a GET with a client the vocabulary knows, else None."""
    scope = py_scope(code)
    name = scope.qualify(call_path(call.func)) or ""
    head, _, method = name.rpartition(".")
    kwargs = {k.arg: k.value for k in call.keywords if k.arg}
    if any(k.arg is None for k in call.keywords) or _BODY_KEYS & set(kwargs):
        return None
    url: ast.AST | None
    if head in PY_MODULE_CLIENTS and method in _GET_METHODS:
        url = call.args[0] if call.args else kwargs.get("url")
    elif name == "urllib.request.urlopen" or (
        name.startswith("urllib.request.build_opener") and method == "open"
    ):
        if len(call.args) > 1:
            return None  # `urlopen(url, data)`
        url = call.args[0] if call.args else kwargs.get("url")
        if isinstance(url, ast.Name):
            bound = scope.resolve(url.id, url)
            if isinstance(bound, ast.Call) and scope.qualified(bound.func) == (
                "urllib.request.Request"
            ):
                url = bound
        if isinstance(url, ast.Call) and scope.qualified(url.func) == "urllib.request.Request":
            request = {k.arg: k.value for k in url.keywords if k.arg}
            method_node = request.get("method")
            if len(url.args) > 1 or "data" in request:
                return None
            if method_node is not None and not (
                isinstance(method_node, ast.Constant)
                and str(method_node.value).lower() in _GET_METHODS
            ):
                return None
            url = url.args[0] if url.args else request.get("url")
    else:
        return None
    if url is None or any(
        o.kind is OriginKind.REQUEST for v in kwargs.values() for o in scope.origins(v)
    ):
        return None
    return url


def _py_chains(tree: ast.Module) -> dict[int, Chain]:
    """id(node) → the chain of scopes it is in (as `pybindings` records them)."""
    out: dict[int, Chain] = {}
    stack: list[tuple[ast.AST, Chain]] = [(tree, (id(tree),))]
    while stack:
        node, chain = stack.pop()
        out[id(node)] = chain
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            inner = (*chain, id(node))
            stack.extend((d, chain) for d in node.decorator_list)
            stack.extend((s, inner) for s in node.body)
            stack.append((node.args, inner))
        elif isinstance(node, ast.Lambda):
            inner = (*chain, id(node))
            stack.extend((c, inner) for c in ast.iter_child_nodes(node))
        else:
            stack.extend((c, chain) for c in ast.iter_child_nodes(node))
    return out


class _PyKeyFetch:
    """Is the response of one Python request key material that only verification uses?"""

    def __init__(self, code: Code, request: ast.Call) -> None:
        self.code = code
        self.request = request
        self.b = py_bindings(code)
        self.scope = py_scope(code)
        tree = code.py_tree
        assert tree is not None
        self.tree = tree
        self.chains = code.memo(_py_chains, lambda: _py_chains(tree))
        self.known: set[tuple[int, int, frozenset[str]]] = set()
        self.known_returns: set[tuple[int, frozenset[str]]] = set()

    def recognised(self) -> bool:
        url = _py_get(self.code, self.request)
        if url is None or not self._configured(url, 0, set()):
            return False
        for _ in range(_ROUNDS):
            self.memo: dict[tuple[int, int, frozenset[str]], bool] = {}
            self.returns_memo: dict[tuple[int, frozenset[str]], bool] = {}
            self.visited: set[tuple[int, frozenset[str]]] = set()
            self.sink = self.leak = self.reached = False
            self._visit(self.tree, frozenset())
            grown = {k for k, v in self.memo.items() if v} - self.known
            grown_returns = {k for k, v in self.returns_memo.items() if v} - self.known_returns
            if not grown and not grown_returns:
                break
            self.known |= grown
            self.known_returns |= grown_returns
        return self.reached and self.sink and not self.leak

    def _chain(self, node: ast.AST) -> Chain:
        return self.chains.get(id(node), (id(self.tree),))

    # -- where the URL comes from ---------------------------------------------------------------

    def _configured(self, node: ast.AST | None, depth: int, seen: set[int]) -> bool:
        """Every value `node` may hold is a constant, env variable or input."""
        if node is None or depth > 12 or id(node) in seen:
            return False
        seen = seen | {id(node)}
        deeper = depth + 1
        if isinstance(node, ast.Constant):
            return node.value is None or isinstance(node.value, str)
        if self.scope.env_name(node) is not None:
            return True
        if isinstance(node, ast.JoinedStr):
            return all(
                self._configured(v.value, deeper, seen)
                for v in node.values
                if isinstance(v, ast.FormattedValue)
            )
        if isinstance(node, ast.BinOp):
            return isinstance(node.op, ast.Add | ast.Mod) and all(
                self._configured(s, deeper, seen) for s in (node.left, node.right)
            )
        if isinstance(node, ast.BoolOp):
            return all(self._configured(v, deeper, seen) for v in node.values)
        if isinstance(node, ast.IfExp):
            return all(self._configured(v, deeper, seen) for v in (node.body, node.orelse))
        if isinstance(node, ast.Name):
            defs = self.b.resolve(node.id, self._chain(node))
            return bool(defs) and all(self._def_configured(d, deeper, seen) for d in defs or ())
        if isinstance(node, ast.Subscript) and self.scope.qualified(node.value) == "os.environ":
            return True
        if isinstance(node, ast.Attribute | ast.Subscript):
            origins = list(self.scope.origins(node))
            return bool(origins) and all(o.kind in _CONFIGURED for o in origins)
        if isinstance(node, ast.Call):
            helpers = (
                self.b.helper_callee(node.func, self._chain(node))
                if isinstance(node.func, ast.Name)
                else []
            )
            if helpers:
                results = [v for h in helpers for v, _c in self.b.returns.get(id(h), ())]
                return bool(results) and all(self._configured(r, deeper, seen) for r in results)
            name = self.scope.qualified(node.func) or ""
            if name in ENV_GETTERS:
                return True  # `os.environ.get(name)`: an env variable whatever the name
            parts: list[ast.AST] = [*node.args, *(k.value for k in node.keywords)]
            if name in ("str", "urllib.parse.urljoin"):
                return all(self._configured(a, deeper, seen) for a in parts)
            if isinstance(node.func, ast.Attribute) and node.func.attr in _STRING_METHODS:
                return all(self._configured(a, deeper, seen) for a in (node.func.value, *parts))
        return False

    def _def_configured(self, d: PyDef, depth: int, seen: set[int]) -> bool:
        if d.kind in ("value", "store"):
            return self._configured(d.node, depth, seen)
        if d.kind != "arg" or d.node is None or d.rest:
            return False
        sites = [
            self._argument(call, d) for call, _chain, _name, fns in self.b.helper_calls()
            if d.node in fns
        ]  # fmt: skip
        return bool(sites) and all(self._configured(a, depth, seen) for a in sites)

    @staticmethod
    def _argument(call: ast.Call, d: PyDef) -> ast.AST | None:
        """What `call` passes for the helper parameter `d`."""
        for k in call.keywords:
            if k.arg == d.module:
                return k.value
        if 0 <= d.index < len(call.args) and not isinstance(call.args[d.index], ast.Starred):
            return call.args[d.index]
        return None

    # -- where the response goes ----------------------------------------------------------------

    def _carries(self, node: ast.AST | None, ctx: _PyCtx, depth: int = 0) -> bool:
        """`node` may hold (part of) the response, in the activation `ctx`."""
        if node is None:
            return False
        if node is self.request:
            return True
        if depth > _MAX_DEPTH:
            return False
        key = (id(node), id(ctx[0]), ctx[1])
        done = self.memo.get(key)
        if done is not None:
            return done
        self.memo[key] = key in self.known  # a cycle: what the last round found
        result = self._carries_now(node, ctx, depth + 1)
        self.memo[key] = result
        return result

    def _carries_now(self, node: ast.AST, ctx: _PyCtx, depth: int) -> bool:
        if isinstance(node, ast.Name):
            defs = self.b.resolve(node.id, self._chain(node)) or ()
            return any(self._def_carries(d, ctx, depth) for d in defs)
        if isinstance(node, ast.Attribute | ast.Subscript | ast.Starred | ast.Await):
            return self._carries(node.value, ctx, depth)
        if isinstance(node, ast.Call):
            if self._is_sink(node):
                return False  # a key or a verification result: no longer the response
            helpers = self._helpers(node)
            if helpers:
                derived = self._derived_params(node, helpers, ctx, depth)
                return any(self._returns(h, derived.get(id(h), frozenset())) for h in helpers)
            if isinstance(node.func, ast.Attribute) and self._carries(node.func.value, ctx, depth):
                return True
            values = [*node.args, *(k.value for k in node.keywords)]
            return any(self._carries(v, ctx, depth) for v in values)
        if isinstance(node, ast.IfExp):
            return any(self._carries(v, ctx, depth) for v in (node.body, node.orelse))
        if isinstance(node, ast.BoolOp | ast.JoinedStr):
            return any(self._carries(v, ctx, depth) for v in node.values)
        if isinstance(node, ast.FormattedValue | ast.NamedExpr):
            return self._carries(node.value, ctx, depth)
        if isinstance(node, ast.BinOp):
            return any(self._carries(v, ctx, depth) for v in (node.left, node.right))
        if isinstance(node, ast.Dict):
            return any(self._carries(v, ctx, depth) for v in node.values)
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return any(self._carries(v, ctx, depth) for v in node.elts)
        if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
            if any(self._carries(g.iter, ctx, depth) for g in node.generators):
                return True
            if isinstance(node, ast.DictComp):
                return self._carries(node.value, ctx, depth)
            return self._carries(node.elt, ctx, depth)
        return False

    def _def_carries(self, d: PyDef, ctx: _PyCtx, depth: int) -> bool:
        if d.node is None:
            return False
        if d.kind in ("value", "store"):
            fn = ctx[0]
            inside = fn is self.tree or (d.chain and d.chain[-1] == id(fn))
            at: _PyCtx = ctx if inside else (self.tree, frozenset())
            return self._carries(d.node, at, depth)
        if d.kind == "arg" and d.node is ctx[0]:
            return d.module in ctx[1]
        return False

    def _helpers(self, call: ast.Call) -> list[ast.AST]:
        if not isinstance(call.func, ast.Name):
            return []
        return self.b.helper_callee(call.func, self._chain(call))

    def _derived_params(
        self, call: ast.Call, helpers: list[ast.AST], ctx: _PyCtx, depth: int
    ) -> dict[int, frozenset[str]]:
        """helper id → names of its parameters the call passes (part of) the response to."""
        out: dict[int, frozenset[str]] = {}
        for h in helpers:
            assert isinstance(h, ast.FunctionDef | ast.AsyncFunctionDef)
            positional = [a.arg for a in (*h.args.posonlyargs, *h.args.args)]
            names: set[str] = set()
            for i, a in enumerate(call.args):
                if i < len(positional) and self._carries(a, ctx, depth):
                    names.add(positional[i])
            for k in call.keywords:
                if k.arg and self._carries(k.value, ctx, depth):
                    names.add(k.arg)
            out[id(h)] = frozenset(names)
        return out

    def _returns(self, fn: ast.AST, derived: frozenset[str]) -> bool:
        """A call of helper `fn` with the parameters `derived` holding the response returns
        (part of) it; visits the call's activation."""
        key = (id(fn), derived)
        done = self.returns_memo.get(key)
        if done is not None:
            return done
        self.returns_memo[key] = key in self.known_returns
        self._visit(fn, derived)
        results = [v for v, _c in self.b.returns.get(id(fn), ())]
        result = any(self._carries(r, (fn, derived)) for r in results)
        self.returns_memo[key] = result
        return result

    def _visit(self, fn: ast.AST, derived: frozenset[str]) -> None:
        """Check every use of the response in one activation of `fn` (the module: the entry)."""
        key = (id(fn), derived)
        if key in self.visited:
            return
        self.visited.add(key)
        ctx: _PyCtx = (fn, derived)
        handler = isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) and fn.name == "handler"
        scoped = isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef | ast.Module)
        stack: list[ast.AST] = list(fn.body) if scoped else []  # type: ignore[attr-defined]
        while stack:
            n = stack.pop()
            if n is self.request:
                self.reached = True
            if id(n) in self.b.helpers:
                continue  # a helper runs when it is called
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == "handler":
                self._visit(n, frozenset())
                continue
            if isinstance(n, ast.Call):
                self._use(n, ctx)
            elif isinstance(n, ast.Return) and handler and self._carries(n.value, ctx):
                self.leak = True  # the step's return value
            stack.extend(ast.iter_child_nodes(n))

    def _use(self, call: ast.Call, ctx: _PyCtx) -> None:
        if call is self.request:
            return
        helpers = self._helpers(call)
        if helpers:
            derived = self._derived_params(call, helpers, ctx, 0)
            for h in helpers:
                self._returns(h, derived.get(id(h), frozenset()))
            return
        values = [*call.args, *(k.value for k in call.keywords)]
        if not any(self._carries(v, ctx) for v in values):
            return
        if self._is_sink(call):
            self.sink = True
        elif self._is_leak(call):
            self.leak = True

    def _is_sink(self, call: ast.Call) -> bool:
        name = self.scope.qualify(call_path(call.func)) or ""
        return name in PY_KEY_SINKS or name.rsplit(".", 1)[-1] in PY_KEY_SINKS_LAST

    def _is_leak(self, call: ast.Call) -> bool:
        written = call_path(call.func) or ""
        name = self.scope.qualify(written) or written
        if written.split(".", 1)[-1] in ("export", "respond") and written.count(".") == 1:
            return True  # `pd.export(…)`, `pd.respond(…)`
        return py_effect(name, name.split(".") if name else []) is not None
