"""Outbound HTTP requests in Python steps: requests, httpx, urllib, aiohttp, http.client.

Also WebSockets: `websockets.connect`, websocket-client (`websocket.create_connection`,
`WebSocketApp`, `WebSocket().connect`) and aiohttp's `ws_connect`.
"""

from __future__ import annotations

import ast

from checks.parsing import Code
from checks.parsing.pyscope import PyScope, dotted, py_scope
from checks.parsing.vocabulary import (
    PY_HTTP_METHODS,
    PY_IMPLICIT_CLIENTS,
    PY_MODULE_CLIENTS,
    PY_SESSION_CTORS,
    PY_WEBSOCKET_CALLS,
    PY_WEBSOCKET_OBJECTS,
    SECRET_ENV_NAME,
    is_auth_key,
)
from checks.transport.pyurls import PyUrls
from checks.transport.sites import (
    UNKNOWN_URL,
    RequestSite,
    StaticUrl,
    TokenSource,
)
from checks.transport.urls import split_url


def py_request_sites(code: Code) -> list[RequestSite]:
    tree = code.py_tree
    if tree is None:
        return []
    finder = _Finder(code, py_scope(code))
    out: list[RequestSite] = []
    for node in code.py_nodes:
        if isinstance(node, ast.Call):
            site = finder.site(node)
            if site is not None:
                out.append(site)
    out.sort(key=lambda s: s.start)
    return out


class _Finder:
    def __init__(self, code: Code, scope: PyScope) -> None:
        self.code = code
        self.scope = scope
        self.urls = PyUrls(scope)

    def _name(self, fn: ast.AST) -> str | None:
        """Qualified callee; a session/client variable's methods become `family#method`."""
        path = dotted(fn)
        if path is None:
            # `requests.Session().get(...)`, `aiohttp.ClientSession().get(...)`
            if isinstance(fn, ast.Attribute) and isinstance(fn.value, ast.Call):
                ctor = self.scope.qualified(fn.value.func)
                if ctor in PY_SESSION_CTORS:
                    return f"{PY_SESSION_CTORS[ctor]}#{fn.attr}"
                if ctor in PY_WEBSOCKET_OBJECTS:
                    return f"{PY_WEBSOCKET_OBJECTS[ctor]}#{fn.attr}"
            return None
        if "." in path:
            obj, attr = path.rsplit(".", 1)
            family = self._session_family(obj, fn)
            if family is not None:
                return f"{family}#{attr}"
        head = path.split(".", 1)[0]
        if head not in self.scope.imports and head not in PY_IMPLICIT_CLIENTS:
            return None
        if head in self.scope.bindings and head not in self.scope.imports:
            return None
        return self.scope.qualified(fn)

    def _session_family(self, obj: str, at: ast.AST) -> str | None:
        value = self.scope.resolve(obj, at)
        if isinstance(value, ast.Call):
            ctor = self.scope.qualified(value.func)
            if ctor in PY_SESSION_CTORS:
                return PY_SESSION_CTORS[ctor]
            if ctor in PY_WEBSOCKET_OBJECTS:
                return PY_WEBSOCKET_OBJECTS[ctor]
        return None

    def site(self, call: ast.Call) -> RequestSite | None:
        name = self._name(call.func)
        if not name:
            return None
        if "#" in name:
            family, method = name.split("#", 1)
            if family == "websocket-client":
                if method != "connect":
                    return None
                return self._site(call, family, self._arg(call, 0, "url"), websocket=True)
            if method == "ws_connect":
                return self._site(call, family, self._arg(call, 0, "url"), websocket=True)
            if method in PY_HTTP_METHODS:
                return self._site(call, family, self._arg(call, 0, "url"))
            if method in ("request", "stream", "urlopen"):
                return self._site(call, family, self._arg(call, 1, "url"))
            return None
        if name in PY_SESSION_CTORS:
            base = _keyword(call, "base_url")
            if base is None and PY_SESSION_CTORS[name] == "aiohttp" and call.args:
                base = call.args[0]
            if base is None:
                return None
            return self._site(call, PY_SESSION_CTORS[name], base, role="base")
        if name in PY_WEBSOCKET_CALLS:
            client, index, keyword = PY_WEBSOCKET_CALLS[name]
            url = self._arg(call, index, keyword)
            if url is None:
                return None
            return self._site(call, client, url, websocket=True)
        module, _, method = name.rpartition(".")
        if module in PY_MODULE_CLIENTS:
            family = PY_MODULE_CLIENTS[module]
            if method in PY_HTTP_METHODS and family in ("requests", "httpx"):
                return self._site(call, family, self._arg(call, 0, "url"))
            if method in ("request", "stream"):
                return self._site(call, family, self._arg(call, 1, "url"))
            return None
        if name in ("urllib.request.urlopen", "urllib.request.Request"):
            url = self._arg(call, 0, "url")
            if (
                isinstance(url, ast.Call)
                and self.scope.qualified(url.func) == "urllib.request.Request"
            ):
                return None  # the Request(...) call is its own site
            return self._site(call, "urllib", url)
        if name == "http.client.HTTPConnection":
            host = self.urls.static_url(self._arg(call, 0, "host"))
            static = StaticUrl(
                "http://" + host.prefix + ("/" if host.complete else ""), host.complete, None
            )
            return self._make(call, "http.client", static, role="url", fixable=False)
        return None

    @staticmethod
    def _arg(call: ast.Call, index: int, keyword: str) -> ast.AST | None:
        kw = _keyword(call, keyword)
        if kw is not None:
            return kw
        return call.args[index] if len(call.args) > index else None

    def _site(
        self,
        call: ast.Call,
        family: str,
        url: ast.AST | None,
        role: str = "url",
        websocket: bool = False,
    ) -> RequestSite:
        static = self.urls.static_url(url) if url is not None else UNKNOWN_URL
        if static.parts is None and role == "url":
            base = self._client_base(call)
            if base is not None and base.parts is not None and base.complete:
                static = StaticUrl(base.prefix + static.prefix, static.complete, base.literal)
        site = self._make(call, family, static, role, websocket=websocket)
        if isinstance(url, ast.expr):
            site.url_span = self.code.py_node_offsets(url)
        return site

    def _client_base(self, call: ast.Call) -> StaticUrl | None:
        """`client.get("/x")` where `client = httpx.Client(base_url=...)`."""
        fn = call.func
        if not isinstance(fn, ast.Attribute):
            return None
        obj = dotted(fn.value)
        value = self.scope.resolve(obj, call) if obj else None
        if isinstance(value, ast.Call):
            base = _keyword(value, "base_url")
            if base is not None:
                return self.urls.static_url(base)
        return None

    def _make(
        self,
        call: ast.Call,
        family: str,
        static: StaticUrl,
        role: str,
        fixable: bool = True,
        websocket: bool = False,
    ) -> RequestSite:
        start, end = self.code.py_node_offsets(call)
        tokens, auth_seen = _Tokens(self.scope).collect(call)
        parts = static.parts
        creds = (
            auth_seen
            or bool(tokens)
            or (parts is not None and parts.has_userinfo)
            or _secret_query(static.prefix)
        )
        return RequestSite(
            client=family,
            start=start,
            end=end,
            url=static,
            role=role,  # type: ignore[arg-type]
            tokens=tokens,
            sends_credentials=creds,
            fixable=fixable and static.literal is not None,
            websocket=websocket,
        )


def _keyword(call: ast.Call, name: str) -> ast.AST | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def _secret_query(url: str) -> bool:
    parts = split_url(url)
    if parts is None or "?" not in parts.path:
        return False
    query = parts.path.split("?", 1)[1]
    return any(is_auth_key(item.split("=", 1)[0]) for item in query.split("&") if "=" in item)


class _Tokens:
    """Credentials passed to a call: env vars and literals in auth positions, through constants."""

    def __init__(self, scope: PyScope) -> None:
        self.scope = scope
        self.code = scope.code
        self.found: dict[tuple[int, int], TokenSource] = {}
        self.auth_seen = False
        self.visited: set[int] = set()

    def collect(self, call: ast.Call) -> tuple[list[TokenSource], bool]:
        for arg in call.args:
            self._visit(arg, False, 0)
        for kw in call.keywords:
            auth = kw.arg is not None and is_auth_key(kw.arg)
            self.auth_seen = self.auth_seen or auth
            self._visit(kw.value, auth, 0)
        return sorted(self.found.values(), key=lambda t: t.start), self.auth_seen

    def _visit(self, node: ast.AST, auth: bool, depth: int) -> None:
        if id(node) in self.visited or depth > 4:
            return
        self.visited.add(id(node))
        name = self.scope.env_name(node)
        if name is not None:
            if auth or SECRET_ENV_NAME.search(name):
                start, end = self.code.py_node_offsets(node)
                self.found[(start, end)] = TokenSource("env", start, end, name=name)
            return
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=False):
                key_auth = (
                    isinstance(key, ast.Constant)
                    and isinstance(key.value, str)
                    and is_auth_key(key.value)
                )
                self.auth_seen = self.auth_seen or key_auth
                self._visit(value, auth or key_auth, depth)
            return
        if isinstance(node, ast.Call) and self.scope.qualified(node.func) == "dict":
            for kw in node.keywords:
                key_auth = kw.arg is not None and is_auth_key(kw.arg)
                self.auth_seen = self.auth_seen or key_auth
                self._visit(kw.value, auth or key_auth, depth)
            return
        if isinstance(node, ast.Constant):
            if auth and isinstance(node.value, str):
                self._literal(node)
            return
        if isinstance(node, ast.Name):
            bound = self.scope.resolve(node.id, node)
            if bound is not None:
                self._visit(bound, auth, depth + 1)
            return
        if isinstance(node, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)):
            return
        if isinstance(node, ast.Call) and not auth:
            return  # a value computed by a call is not the call's inputs (unless it is auth)
        if isinstance(node, ast.Subscript):
            # `x["key"]`: the index is a key, not a credential; `pd.inputs[...]` is an account.
            if not (dotted(node.value) or "").startswith("pd.inputs"):
                self._visit(node.value, auth, depth)
            return
        for child in ast.iter_child_nodes(node):
            self._visit(child, auth, depth)

    def _literal(self, node: ast.Constant) -> None:
        value = str(node.value)
        scheme, _, rest = value.partition(" ")
        if rest and scheme.lower() in ("bearer", "basic", "token"):
            token = rest.strip()
        else:
            scheme, token = "", value.strip()
        if len(token) >= 8 and not any(c.isspace() for c in token):
            try:
                start, end = self.code.py_node_offsets(node)
            except (AttributeError, TypeError):
                return
            self.found[(start, end)] = TokenSource("literal", start, end, scheme=scheme)


def py_string_literals(code: Code) -> list[tuple[ast.AST, str]]:
    """Every string constant and f-string (its constant parts joined) in a Python step."""
    tree = code.py_tree
    if tree is None:
        return []
    out: list[tuple[ast.AST, str]] = []
    inner: set[int] = set()
    for node in code.py_nodes:
        if isinstance(node, ast.JoinedStr):
            parts = []
            for v in node.values:
                inner.add(id(v))
                if isinstance(v, ast.Constant) and isinstance(v.value, str):
                    parts.append(v.value)
                else:
                    parts.append("\0")
            out.append((node, "".join(parts)))
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in inner
        ):
            out.append((node, node.value))
    return out
