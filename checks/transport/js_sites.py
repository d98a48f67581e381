"""Outbound HTTP requests and WebSockets in JavaScript/TypeScript steps, from common clients."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from checks.parsing import Code
from checks.parsing.js import (
    call_arguments,
    call_name,
    member_path,
    object_property,
    property_key,
    string_value,
    text,
)
from checks.parsing.jsindex import nodes_of, of_type
from checks.parsing.jsscope import JsScope, js_imports, js_scope, word_spans
from checks.parsing.vocabulary import (
    JS_CLIENT_FACTORIES,
    JS_CLIENT_FAMILIES,
    JS_CLIENTS_NEEDING_IMPORT,
    JS_FETCH,
    JS_GET_LIKE,
    JS_GLOBAL_WEBSOCKET,
    JS_IMPLICIT_CLIENTS,
    JS_POST_LIKE,
    JS_SOCKET_IO_CALLS,
    JS_UNDICI_CLASSES,
    JS_WEBSOCKET_CLASSES,
    SECRET_ENV_NAME,
    is_auth_key,
)
from checks.transport.jsurls import JsUrls
from checks.transport.sites import (
    UNKNOWN_URL,
    RequestSite,
    StaticUrl,
    TokenSource,
)
from checks.transport.urls import split_url

# Callee heads that can name a client without an import (`fetch`, `axios.get`, `$.send.http`,
# `new WebSocket`).
GLOBAL_HEADS = frozenset(
    {name.split(".", 1)[0] for name in JS_FETCH}
    | {base.split(".", 1)[0] for base, _ in JS_CLIENT_FAMILIES}
    | {name.split(".", 1)[0] for name in JS_GLOBAL_WEBSOCKET}
    | {"$", "$send"}
)
_NAME = re.compile(r"[A-Za-z_$\\][A-Za-z0-9_$\\]*")
# Bytes that may follow the first token of a callee: `.`, `?.`, `[`, `(`, `)`, a template,
# `<` (type arguments), whitespace (any non-ASCII byte may be Unicode space) or a comment.
_CALLEE_FOLLOW = frozenset(b".?[()`</ \t\n\r\x0b\x0c") | frozenset(range(0x80, 0x100))


def js_request_sites(code: Code) -> list[RequestSite]:
    tree = code.js_tree
    if tree is None or _no_request(code, tree.root_node):
        return []
    scope = js_scope(code)
    finder = _Finder(code, scope)
    sites: list[RequestSite] = []
    for node in nodes_of(code, "call_expression", "new_expression"):
        site = finder.site(node)
        if site is not None:
            sites.append(site)
    return sites


def _no_request(code: Code, root: Node) -> bool:
    """True when no call in the step can be a request, found without indexing the whole tree.

    `_Finder.site` only accepts a call (or `new`) whose callee's dotted name starts with a
    client name (`GLOBAL_HEADS`, including `WebSocket`), an import or an instance, and every
    instance is made by a call `site` accepts. So the calls headed by a client name or an
    import decide: they are found from the head's bytes (exact in a tree without errors) and
    tested with the import table alone, which is looser than `site` (bindings are not
    consulted, nor whether a WebSocket constructor has arguments).
    """
    if root.has_error:
        return False
    scope = js_imports(code)
    heads = GLOBAL_HEADS | scope.imports.keys()
    if not all(head.isascii() for head in heads):
        return False  # a name decoded with replacement characters is not its bytes
    # `new Client` needs no "(" after the name, when `Client` is imported from undici.
    bare = {head for head in scope.imports if scope.qualified(head) in JS_UNDICI_CLASSES}
    calls = (
        call
        for head in heads
        if _NAME.fullmatch(head)  # not "node-fetch": never an identifier's text
        for call in _calls_headed_by(code.data, root, head, head in bare)
    )
    return not any(_may_be_site(call, scope) for call in calls)


def _calls_headed_by(data: bytes, root: Node, head: str, bare: bool) -> Iterator[Node]:
    """Calls and `new`s whose callee's dotted name starts with `head` (an ASCII name).

    Byte tests skip most occurrences before the tree lookup: a name right after a lone "."
    is a property (a spread "..." is not), and the first token of a callee is followed by a
    member access, a call, `)`, type arguments, whitespace or a comment, unless it is a
    whole `new` constructor (`bare`).
    """
    for start, end in word_spans(data, (head.encode(),)):
        if data.endswith(b".", 0, start) and not data.endswith(b"...", 0, start):
            continue
        if not bare and end < len(data) and data[end] not in _CALLEE_FOLLOW:
            continue
        call = _call_of_head(root, start, end)
        if call is not None:
            yield call


def _call_of_head(root: Node, start: int, end: int) -> Node | None:
    """The call or `new` whose callee's dotted name (see `member_path`) starts with the name at
    [start, end), climbing the same member/subscript objects and parentheses."""
    node = root.named_descendant_for_byte_range(start, end)
    if node is None or node.start_byte != start or node.end_byte != end:
        return None
    if node.type not in ("identifier", "this", "property_identifier"):
        return None
    while (parent := node.parent) is not None:
        t = parent.type
        if t in ("member_expression", "subscript_expression"):
            if parent.child_by_field_name("object") != node:
                return None
        elif t == "call_expression":
            return parent if parent.child_by_field_name("function") == node else None
        elif t == "new_expression":
            return parent if parent.child_by_field_name("constructor") == node else None
        elif t != "parenthesized_expression":
            return None
        node = parent
    return None


def _may_be_site(node: Node, scope: JsScope) -> bool:
    """Whether `_Finder.site` could accept `node`, knowing only the imports."""
    if node.type == "new_expression":
        ctor = node.child_by_field_name("constructor")
        if ctor is None:
            return False
        path = member_path(ctor) if ctor.type != "identifier" else text(ctor)
        q = scope.qualified(path)
        return q in JS_UNDICI_CLASSES or q in JS_WEBSOCKET_CLASSES or q in JS_GLOBAL_WEBSOCKET
    name = call_name(node)
    if not name:
        return False
    if name in ("$.send.http", "$send.http"):
        return True
    q = scope.qualified(name) or ""
    return (
        q in JS_FETCH
        or q in JS_SOCKET_IO_CALLS
        or any(
            q == base or (q.startswith(base + ".") and "." not in q[len(base) + 1 :])
            for base, _ in JS_CLIENT_FAMILIES
        )
    )


class _Finder:
    def __init__(self, code: Code, scope: JsScope) -> None:
        self.code = code
        self.scope = scope
        self.urls = JsUrls(scope)
        self.instances = self._instances()

    def _instances(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, entries in self.scope.bindings.items():
            for _, value in entries:
                if value.type == "call_expression":
                    q = self._qualified(call_name(value))
                    if q in JS_CLIENT_FACTORIES:
                        out[name] = JS_CLIENT_FACTORIES[q]
        return out

    def _qualified(self, name: str | None) -> str | None:
        if not name:
            return None
        head = name.split(".", 1)[0]
        if (
            head not in self.scope.imports
            and head in self.scope.bindings
            and head not in JS_IMPLICIT_CLIENTS
        ):
            return None  # a local variable, not a library
        return self.scope.qualified(name)

    # -- one call ---------------------------------------------------------------------------

    def site(self, node: Node) -> RequestSite | None:
        if node.type == "new_expression":
            return self._new(node)
        name = call_name(node)
        if not name:
            return None
        args = call_arguments(node)
        if name in ("$.send.http", "$send.http"):
            return self._config_site(node, "$.send.http", args[0] if args else None, args)
        head = name.split(".", 1)[0]
        if head in self.instances:
            method = name.rsplit(".", 1)[-1] if "." in name else None
            if method is None or method in JS_GET_LIKE | JS_POST_LIKE or method == "request":
                url = args[0] if args and not self._is_object(args[0]) else None
                if url is None and args:
                    return self._config_site(node, self.instances[head], args[0], args)
                return self._url_site(node, self.instances[head], url, None, args)
            return None
        q = self._qualified(name)
        if q is None:
            return None
        if q in JS_SOCKET_IO_CALLS:
            # `io(url, options)`; `io(options)` connects to the page's origin (no URL here).
            if not args or self._is_object(args[0]):
                return None
            return self._url_site(node, "socket.io-client", args[0], None, args, websocket=True)
        if q in JS_FETCH or (q == "fetch" and "fetch" not in self.scope.bindings):
            url = args[0] if args else None
            if url is not None and url.type == "new_expression":
                inner = call_arguments(url)
                url = inner[0] if inner else None
            return self._url_site(node, "fetch", url, args[1] if len(args) > 1 else None, args)
        for base, family in JS_CLIENT_FAMILIES:
            if q == base or (q.startswith(base + ".") and "." not in q[len(base) + 1 :]):
                if base in JS_CLIENTS_NEEDING_IMPORT and not self._imported(base):
                    return None
                method = None if q == base else q[len(base) + 1 :]
                return self._family(node, family, base, method, args)
        return None

    def _imported(self, module: str) -> bool:
        return any(v == module or v.startswith(module + ".") for v in self.scope.imports.values())

    def _family(
        self, node: Node, family: str, base: str, method: str | None, args: list[Node]
    ) -> RequestSite | None:
        a0 = args[0] if args else None
        a1 = args[1] if len(args) > 1 else None
        if family == "axios":
            if method is None:
                if base.startswith("@pipedream/platform") or (
                    a0 is not None
                    and a0.type in ("identifier", "this")
                    and text(a0) in ("$", "this")
                ):
                    return self._config_site(node, "axios", a1, args)
                if a0 is not None and self._is_object(a0):
                    return self._config_site(node, "axios", a0, args)
                return self._url_site(node, "axios", a0, a1, args)
            if method in JS_GET_LIKE:
                return self._url_site(node, "axios", a0, a1, args)
            if method in JS_POST_LIKE:
                return self._url_site(node, "axios", a0, args[2] if len(args) > 2 else None, args)
            if method == "request":
                return self._config_site(node, "axios", a0, args)
            if method == "create":
                return self._config_site(node, "axios", a0, args, role="base")
            return None
        if family in ("got", "ky"):
            if method is None:
                if a0 is not None and self._is_object(a0):
                    return self._config_site(node, family, a0, args)
                return self._url_site(node, family, a0, a1, args)
            if method in JS_GET_LIKE | JS_POST_LIKE:
                return self._url_site(node, family, a0, a1, args)
            if method in ("extend", "create"):
                return self._config_site(node, family, a0, args, role="base")
            return None
        if family == "superagent":
            if method is None:
                return self._url_site(node, family, a1 if a1 is not None else a0, None, args)
            if method in JS_GET_LIKE | JS_POST_LIKE:
                return self._url_site(node, family, a0, None, args)
            return None
        if family == "request":
            if method is None or method in JS_GET_LIKE | JS_POST_LIKE:
                if a0 is not None and self._is_object(a0):
                    return self._config_site(node, family, a0, args)
                return self._url_site(node, family, a0, a1, args)
            return None
        if family in ("http", "https"):
            if method not in ("request", "get"):
                return None
            if a0 is not None and self._is_object(a0):
                return self._options_site(node, family, a0, args)
            return self._url_site(node, f"{family}.{method}", a0, a1, args)
        if family == "undici" and method in ("request", "fetch", "stream", "pipeline"):
            return self._url_site(node, "undici", a0, a1, args)
        return None

    def _new(self, node: Node) -> RequestSite | None:
        ctor = node.child_by_field_name("constructor")
        if ctor is None:
            return None
        path = member_path(ctor) if ctor.type != "identifier" else text(ctor)
        q = self.scope.qualified(path)
        if q in JS_UNDICI_CLASSES:
            args = call_arguments(node)
            return self._url_site(
                node, "undici", args[0] if args else None, None, args, role="base"
            )
        client = self._websocket_class(path)
        if client is not None:
            # `new WebSocket(url, protocols | options)`: no arguments, no connection.
            args = call_arguments(node)
            if not args:
                return None
            return self._url_site(node, client, args[0], None, args, websocket=True)
        return None

    def _websocket_class(self, path: str | None) -> str | None:
        """The client a `new` constructs a WebSocket with, or None."""
        if not path:
            return None
        head = path.split(".", 1)[0]
        if head in self.scope.imports:
            return JS_WEBSOCKET_CLASSES.get(self.scope.qualified(path) or "")
        if path in JS_GLOBAL_WEBSOCKET and head not in self.scope.bindings:
            return None if self._declared(head) else "WebSocket"
        return None

    def _declared(self, name: str) -> bool:
        """Whether the step declares `name` as a class, function or parameter (not the global)."""
        root = self.code.js_tree.root_node  # type: ignore[union-attr]
        for start, end in word_spans(self.code.data, (name.encode(),)):
            node = root.named_descendant_for_byte_range(start, end)
            if node is None or node.start_byte != start or node.end_byte != end:
                continue
            parent = node.parent
            if parent is None:
                continue
            if parent.type == "formal_parameters":
                return True
            field = _DECLARING_FIELD.get(parent.type)
            if field is not None and parent.child_by_field_name(field) == node:
                return True
        return False

    # -- building sites -----------------------------------------------------------------------

    def _is_object(self, node: Node) -> bool:
        return self._as_object(node) is not None

    def _as_object(self, node: Node | None) -> Node | None:
        if node is None:
            return None
        if node.type == "object":
            return node
        if node.type == "identifier":
            value = self.scope.resolve(node)
            if value is not None and value.type == "object":
                return value
        if node.type == "call_expression":
            # `this._getAxiosParams({...})` where the method returns an object literal.
            fn = node.child_by_field_name("function")
            path = (member_path(fn) if fn.type != "identifier" else text(fn)) if fn else None
            if path and (path.startswith("this.") or "." not in path):
                body = self.scope.methods.get(path.rsplit(".", 1)[-1])
                if body is not None and body.type == "parenthesized_expression":
                    body = body.named_children[0] if body.named_child_count else None
                if body is not None and body.type == "object":
                    return body
        return None

    def _prop(self, obj: Node | None, *keys: str) -> Node | None:
        obj = self._as_object(obj)
        if obj is None:
            return None
        for key in keys:
            value = object_property(obj, key)
            if value is not None:
                if value.type == "shorthand_property_identifier":
                    return self.scope.resolve(value)
                return value
        return None

    def _url_site(
        self,
        node: Node,
        client: str,
        url: Node | None,
        config: Node | None,
        args: list[Node],
        role: str = "url",
        websocket: bool = False,
    ) -> RequestSite:
        static = self.urls.static_url(url) if url is not None else UNKNOWN_URL
        if static.parts is None and config is not None:
            base = self.urls.static_url(self._prop(config, "baseURL", "prefixUrl"))
            if base.parts is not None:
                static = _join(base, static)
        site = self._make(node, client, static, args, role, websocket=websocket)
        if url is not None:
            site.url_span = (url.start_byte, url.end_byte)
        return site

    def _config_site(
        self, node: Node, client: str, config: Node | None, args: list[Node], role: str = "url"
    ) -> RequestSite:
        url_node = self._prop(config, "url", "uri")
        url = self.urls.static_url(url_node)
        base_node = self._prop(config, "baseURL", "prefixUrl", "baseUrl")
        if role == "base":
            static = self.urls.static_url(base_node)
        elif url.parts is None and base_node is not None:
            base = self.urls.static_url(base_node)
            static = _join(base, url) if base.parts is not None else url
        else:
            static = url
        site = self._make(node, client, static, args, role)
        written = base_node if role == "base" else url_node
        if written is not None:
            site.url_span = (written.start_byte, written.end_byte)
        return site

    def _options_site(
        self, node: Node, module: str, options: Node, args: list[Node]
    ) -> RequestSite:
        """`http.request({ protocol: "http:", hostname, port, path })`: plaintext unless https."""
        protocol_node = self._prop(options, "protocol")
        protocol = string_value(protocol_node) if protocol_node is not None else None
        if protocol is None:
            protocol = "http:" if module == "http" and protocol_node is None else ""
        if protocol.lower() != "http:":
            return self._make(node, f"{module}.request", UNKNOWN_URL, args, "url", fixable=False)
        host = self.urls.static_url(self._prop(options, "hostname", "host"))
        prefix = "http://" + host.prefix
        complete = host.complete
        if complete:
            port = self._prop(options, "port")
            if port is not None and port.type == "number":
                prefix += ":" + text(port)
            path = self.urls.static_url(self._prop(options, "path"))
            prefix += path.prefix or "/"
            complete = path.complete
        return self._make(
            node, f"{module}.request", StaticUrl(prefix, complete, None), args, "url", fixable=False
        )

    def _make(
        self,
        node: Node,
        client: str,
        static: StaticUrl,
        args: list[Node],
        role: str,
        fixable: bool = True,
        websocket: bool = False,
    ) -> RequestSite:
        tokens, auth_seen = _Tokens(self.code, self.scope).collect(args)
        parts = static.parts
        creds = (
            auth_seen
            or bool(tokens)
            or (parts is not None and parts.has_userinfo)
            or _secret_query(static.prefix)
        )
        return RequestSite(
            client=client,
            start=node.start_byte,
            end=node.end_byte,
            url=static,
            role=role,  # type: ignore[arg-type]
            tokens=tokens,
            sends_credentials=creds,
            fixable=fixable and static.literal is not None,
            websocket=websocket,
        )


# Node type → the field holding the name it declares (a name that shadows the global
# `WebSocket`); plain JS parameters sit directly in `formal_parameters`.
_DECLARING_FIELD = {
    "class_declaration": "name",
    "class": "name",
    "function_declaration": "name",
    "generator_function_declaration": "name",
    "arrow_function": "parameter",
    "required_parameter": "pattern",
    "optional_parameter": "pattern",
}


def _join(base: StaticUrl, rest: StaticUrl) -> StaticUrl:
    if not base.complete:
        return base
    return StaticUrl(base.prefix + rest.prefix, rest.complete, base.literal)


def _secret_query(url: str) -> bool:
    parts = split_url(url)
    if parts is None or "?" not in parts.path:
        return False
    query = parts.path.split("?", 1)[1]
    return any(is_auth_key(item.split("=", 1)[0]) for item in query.split("&") if "=" in item)


class _Tokens:
    """Credentials passed to a call: env vars and literals in auth positions, through constants."""

    def __init__(self, code: Code, scope: JsScope) -> None:
        self.code = code
        self.scope = scope
        self.found: dict[tuple[int, int], TokenSource] = {}
        self.auth_seen = False
        self.visited: set[tuple[int, int]] = set()

    def collect(self, nodes: list[Node]) -> tuple[list[TokenSource], bool]:
        for node in nodes:
            self._visit(node, False, 0)
        return sorted(self.found.values(), key=lambda t: t.start), self.auth_seen

    def _visit(self, node: Node, auth: bool, depth: int) -> None:
        span = (node.start_byte, node.end_byte)
        if span in self.visited or depth > 4:
            return
        self.visited.add(span)
        t = node.type
        if t in ("member_expression", "subscript_expression"):
            path = member_path(node) or ""
            if path.startswith("process.env.") and path.count(".") == 2:
                name = path.split(".", 2)[2]
                if auth or SECRET_ENV_NAME.search(name):
                    self.found[span] = TokenSource("env", node.start_byte, node.end_byte, name=name)
                return
            if path.startswith("process.env") or ".$auth" in path:
                return
            obj = node.child_by_field_name("object")
            if obj is not None:
                self._visit(obj, auth, depth)
            return
        if t == "pair":
            key = node.child_by_field_name("key")
            value = node.child_by_field_name("value")
            key_auth = key is not None and is_auth_key(property_key(key))
            if key_auth:
                self.auth_seen = True
            if value is not None:
                self._visit(value, auth or key_auth, depth)
            return
        if t == "shorthand_property_identifier":
            key_auth = is_auth_key(text(node))
            self.auth_seen = self.auth_seen or key_auth
            bound = self.scope.resolve(node)
            if bound is not None:
                self._visit(bound, auth or key_auth, depth + 1)
            return
        if t in ("string", "template_string") and auth:
            self._literal(node)
            if t == "string":
                return
        if t == "identifier":
            bound = self.scope.resolve(node)
            if bound is not None:
                self._visit(bound, auth, depth + 1)
            return
        if t in ("function_expression", "arrow_function", "function_declaration"):
            return
        if t in ("call_expression", "new_expression") and not auth:
            return  # a value computed by a call is not the call's inputs (unless it is auth)
        for child in node.named_children:
            self._visit(child, auth, depth)

    def _literal(self, node: Node) -> None:
        value = string_value(node)
        if value is None:
            # A template like `Bearer ${TOKEN}`: the substitutions are visited by the caller.
            return
        scheme, _, rest = value.partition(" ")
        if rest and scheme.lower() in ("bearer", "basic", "token"):
            token = rest.strip()
        else:
            scheme, token = "", value.strip()
        if len(token) >= 8 and not any(c.isspace() for c in token):
            self.found[(node.start_byte, node.end_byte)] = TokenSource(
                "literal", node.start_byte, node.end_byte, scheme=scheme
            )


def js_string_literals(code: Code) -> list[tuple[Node, str]]:
    """Every string literal and substitution-free template in a JS step, with its value."""
    tree = code.js_tree
    if tree is None:
        return []
    out: list[tuple[Node, str]] = []
    for node in of_type(code, "string", "template_string"):
        value = string_value(node)
        if value is None and node.type == "template_string":
            value = "".join(text(c) for c in node.named_children if c.type == "string_fragment")
        if value:
            out.append((node, value))
    return out
