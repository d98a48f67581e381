"""What an HTTP response hands back reaching a step's output (SG601, SG606 analysis).

Two things the data-flow analysis (`checks.dataflow`) does not follow, because they start at an
HTTP call rather than at a secret:

- a token read out of a response body (`(await res.json()).access_token`,
  `const { data } = await axios.post(tokenUrl, …); return data.access_token`,
  `requests.post(...).json()["access_token"]`) that is logged, exported or returned;
- a whole HTTP client response (axios, got, …) logged or returned: it carries the request's
  configuration (`response.config.headers`, `response.config.params`), so an Authorization
  header or API key sent with the request goes along.

What the call returns comes from the model (`OriginKind.HTTP_RESPONSE`); this module only walks
from there through `.json()`, `.data`, destructuring, `this.helper()` returns and `.then(r => …)`.
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from checks.dataflow.js import CONSOLE_METHODS
from checks.parsing.code import Code
from checks.parsing.js import (
    call_arguments,
    call_name,
    callee_may_start,
    property_key,
    returned_expressions,
    string_value,
    text,
)
from checks.parsing.jsindex import methods_and_pairs, of_type
from checks.parsing.jsscope import JsScope, is_parameter, js_scope, unwrap
from checks.parsing.pyscope import PyScope, py_scope
from checks.parsing.values import OriginKind
from checks.parsing.vocabulary import words

_MAX_DEPTH = 8
_RUN_NAMES = frozenset({"run", "handler"})
_BODY_READERS = frozenset({"json", "text"})
_BODY_FIELDS = frozenset({"data", "body"})
_CONFIG_FIELDS = frozenset({"config", "request", "options"})
# request settings that put a credential on the request the response remembers
_AUTH_SETTINGS = frozenset({"headers", "params", "auth"})
_PY_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical"})


class Held(enum.Enum):
    RESPONSE = "response"  # the client's response object (with the request config)
    BODY = "body"  # the parsed response body
    TOKEN = "token"  # a token field of the body


def is_token_field(name: str) -> bool:
    """`access_token`, `accessToken`, `id_token`, `refresh_token`, `token` (not `token_type`)."""
    ws = words(name)
    return bool(ws) and ws[-1] == "token"


@dataclass(frozen=True)
class ResponseOutput:
    start: int  # the output expression
    end: int
    held: Held
    client: str  # the HTTP call (`fetch`, `axios.post`, `requests.post`)
    sink: str  # `console.log`, `return`, `$.export`


def response_outputs(code: Code) -> list[ResponseOutput]:
    """Tokens from HTTP responses and whole client responses that reach output."""
    if code.language.is_js:
        return code.memo(("response_outputs",), lambda: list(_JsWalk(code).outputs()))
    if code.py_tree is not None:
        return code.memo(("response_outputs",), lambda: list(_PyWalk(code).outputs()))
    return []


# The first parts of the sinks `_JsWalk._sink` accepts (`console.…`, `$.export`, `pd.export`,
# `this.$export`).
_SINK_HEADS = (b"console", b"$", b"pd", b"this")


class _JsWalk:
    def __init__(self, code: Code) -> None:
        self.code = code
        self.methods: dict[str, Node] = {}
        for node in methods_and_pairs(code):
            if node.type == "method_definition":
                name, fn = node.child_by_field_name("name"), node
            elif node.type == "pair" and (v := node.child_by_field_name("value")) is not None:
                if v.type not in ("function_expression", "arrow_function", "function"):
                    continue
                name, fn = node.child_by_field_name("key"), v
            else:
                continue
            if name is not None:
                self.methods.setdefault(property_key(name), fn)

    @property
    def scope(self) -> JsScope:
        """The step's scopes, built only when a value needs resolving."""
        return js_scope(self.code)

    def outputs(self) -> Iterator[ResponseOutput]:
        for node in of_type(self.code, "call_expression", "return_statement"):
            if node.type == "call_expression":
                sink = self._sink(node)
                if sink is None:
                    continue
                args = call_arguments(node)
                if sink.endswith("export"):
                    args = args[1:2]
                for arg in args:
                    yield from self._report(arg, sink)
            elif _is_run_return(node) and self._in_run(node):
                yield from self._report(node.named_children[0], "return")

    def _sink(self, call: Node) -> str | None:
        if not callee_may_start(call, self.code.data, _SINK_HEADS):
            return None
        name = call_name(call) or ""
        if name.startswith("console.") and name.split(".", 1)[1] in CONSOLE_METHODS:
            return name
        if name in ("$.export", "pd.export", "this.$export"):
            return name
        return None

    def _in_run(self, node: Node) -> bool:
        cur = node.parent
        while cur is not None:
            if cur.type in ("arrow_function", "function_expression", "function"):
                parent = cur.parent
                if parent is not None and parent.type == "pair":
                    key = parent.child_by_field_name("key")
                    return key is not None and property_key(key) in _RUN_NAMES
                return False
            if cur.type in ("method_definition", "function_declaration"):
                name = cur.child_by_field_name("name")
                return name is not None and text(name) in _RUN_NAMES
            cur = cur.parent
        return False

    def _report(self, arg: Node, sink: str) -> Iterator[ResponseOutput]:
        found = self.held(arg, 0)
        if found is None:
            return
        held, client = found
        if held is Held.BODY:
            return
        if held is Held.RESPONSE and not client[1]:
            return
        yield ResponseOutput(arg.start_byte, arg.end_byte, held, client[0], sink)

    # (client name, request carries credentials) travel with what is held
    def held(self, node: Node | None, depth: int) -> tuple[Held, tuple[str, bool]] | None:
        node = _unwrap(node)
        if node is None or depth > _MAX_DEPTH:
            return None
        t = node.type
        if t == "call_expression":
            return self._call(node, depth)
        if t == "identifier":
            return self._name(node, depth)
        if t in ("member_expression", "subscript_expression"):
            obj = node.child_by_field_name("object")
            if t == "member_expression":
                key: str | None = text(node.child_by_field_name("property"))
            else:
                index = node.child_by_field_name("index")
                key = string_value(index) if index is not None else None
            if key is None:
                return None
            inner = self.held(obj, depth + 1)
            return _step(inner, key)
        return None

    def _call(self, call: Node, depth: int) -> tuple[Held, tuple[str, bool]] | None:
        if any(o.kind is OriginKind.HTTP_RESPONSE for o in self.scope.origins(call)):
            name = call_name(call) or "HTTP client"
            if (self.scope.qualified(name) or "").startswith("@pipedream/platform"):
                return None  # returns the response data only
            fetch = name.split(".")[-1] == "fetch"
            return Held.RESPONSE, (name, not fetch and _sends_credentials(call))
        fn = call.child_by_field_name("function")
        if fn is not None and fn.type == "member_expression":
            prop = text(fn.child_by_field_name("property"))
            obj = fn.child_by_field_name("object")
            if prop in _BODY_READERS:
                inner = self.held(obj, depth + 1)
                if inner is not None and inner[0] is Held.RESPONSE:
                    return Held.BODY, inner[1]
                return None
            if text(obj) == "this" and prop in self.methods:
                for ret in returned_expressions(self.methods[prop]):
                    found = self.held(ret, depth + 1)
                    if found is not None:
                        return found
        return None

    def _name(self, ident: Node, depth: int) -> tuple[Held, tuple[str, bool]] | None:
        if is_parameter(ident):
            return self._then_param(ident, depth)
        bound = self.scope.resolve(ident)
        if bound is not None:
            return self.held(bound, depth + 1)
        for pos, value, key in reversed(self.scope.destructured.get(text(ident), ())):
            if pos < ident.start_byte:
                return _step(self.held(value, depth + 1), key)
        return None

    def _then_param(self, ident: Node, depth: int) -> tuple[Held, tuple[str, bool]] | None:
        """`client.post(…).then(response => …)`: the callback's first parameter."""
        fn = _declaring_function(ident)
        if fn is None or fn.type not in ("arrow_function", "function_expression"):
            return None
        args = fn.parent
        call = args.parent if args is not None and args.type == "arguments" else None
        if call is None or call.type != "call_expression" or args is None:
            return None
        if args.named_children[0].start_byte != fn.start_byte:
            return None
        callee = call.child_by_field_name("function")
        if callee is None or callee.type != "member_expression":
            return None
        if text(callee.child_by_field_name("property")) != "then":
            return None
        return self.held(callee.child_by_field_name("object"), depth + 1)


def _declaring_function(ident: Node) -> Node | None:
    """The function whose first parameter `ident` names (its declaration or a use of it)."""
    name = text(ident)
    cur: Node | None = ident
    while cur is not None:
        if cur.type in ("arrow_function", "function_expression", "function_declaration"):
            single = cur.child_by_field_name("parameter")
            params = cur.child_by_field_name("parameters")
            names = [single] if single is not None else []
            if params is not None:
                names = [c for c in params.named_children if c.type != "comment"]
            for i, p in enumerate(names):
                if p.type == "identifier" and text(p) == name:
                    return cur if i == 0 else None
        cur = cur.parent
    return None


def _unwrap(node: Node | None) -> Node | None:
    """Parentheses, type assertions and `await`."""
    node = unwrap(node)
    while node is not None:
        if node.type == "await_expression" and node.named_child_count:
            node = unwrap(node.named_children[0])
        elif _is_await_call(node):  # tree-sitter reads `await (x).y()` as a call of `await`
            node = unwrap(call_arguments(node)[0])
        else:
            break
    return node


def _is_run_return(node: Node) -> bool:
    return node.type == "return_statement" and node.named_child_count > 0


def _is_await_call(node: Node) -> bool:
    fn = node.child_by_field_name("function") if node.type == "call_expression" else None
    return fn is not None and text(fn) == "await" and len(call_arguments(node)) == 1


def _step(
    inner: tuple[Held, tuple[str, bool]] | None, key: str
) -> tuple[Held, tuple[str, bool]] | None:
    """What `<inner>.<key>` holds."""
    if inner is None:
        return None
    held, client = inner
    if held is Held.RESPONSE:
        if key in _BODY_FIELDS:
            return Held.BODY, client
        if key in _CONFIG_FIELDS:
            return Held.RESPONSE, client
        return None
    if held is Held.BODY:
        if is_token_field(key):
            return Held.TOKEN, client
        return inner if key in _BODY_FIELDS else None
    return None


def _sends_credentials(call: Node) -> bool:
    """The request call passes headers, query parameters or auth settings."""
    for arg in call_arguments(call):
        if arg.type != "object":
            continue
        for pair in arg.named_children:
            if pair.type == "pair":
                key = pair.child_by_field_name("key")
                if key is not None and property_key(key) in _AUTH_SETTINGS:
                    return True
            elif pair.type == "shorthand_property_identifier" and text(pair) in _AUTH_SETTINGS:
                return True
    return False


class _PyWalk:
    def __init__(self, code: Code) -> None:
        self.code = code
        self.scope: PyScope = py_scope(code)
        tree = code.py_tree
        assert tree is not None
        self.tree = tree

    def outputs(self) -> Iterator[ResponseOutput]:
        for node in self.code.py_nodes:  # `ast.walk(self.tree)`, computed once per step
            if isinstance(node, ast.Call):
                sink = self._sink(node)
                if sink is None:
                    continue
                args = node.args[1:2] if sink.endswith("export") else node.args
                for arg in args:
                    yield from self._report(arg, sink)
            elif isinstance(node, ast.FunctionDef) and node.name in _RUN_NAMES:
                for sub in ast.walk(node):
                    if isinstance(sub, ast.Return) and sub.value is not None:
                        yield from self._report(sub.value, "return")

    def _sink(self, call: ast.Call) -> str | None:
        func = call.func
        if isinstance(func, ast.Name) and func.id == "print":
            return "print"
        if isinstance(func, ast.Attribute):
            owner = func.value
            if func.attr == "export" and isinstance(owner, ast.Name) and owner.id == "pd":
                return "pd.export"
            logger = isinstance(owner, ast.Name) and owner.id in ("logging", "logger", "log")
            if func.attr in _PY_LOG_METHODS and logger:
                assert isinstance(owner, ast.Name)
                return f"{owner.id}.{func.attr}"
        return None

    def _report(self, arg: ast.AST, sink: str) -> Iterator[ResponseOutput]:
        found = self.held(arg, 0)
        if found is None or found[0] is not Held.TOKEN:
            return
        start, end = self.code.py_node_offsets(arg)
        yield ResponseOutput(start, end, Held.TOKEN, found[1], sink)

    def held(self, node: ast.AST | None, depth: int) -> tuple[Held, str] | None:
        if node is None or depth > _MAX_DEPTH:
            return None
        if isinstance(node, ast.Await):
            return self.held(node.value, depth + 1)
        if isinstance(node, ast.Name):
            bound = self.scope.resolve(node.id, node)
            return self.held(bound, depth + 1) if bound is not None else None
        if isinstance(node, ast.JoinedStr):
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    found = self.held(part.value, depth + 1)
                    if found is not None and found[0] is Held.TOKEN:
                        return found
            return None
        if isinstance(node, ast.Subscript):
            key = node.slice
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                return _py_step(self.held(node.value, depth + 1), key.value)
            return None
        if isinstance(node, ast.Attribute):
            return _py_step(self.held(node.value, depth + 1), node.attr)
        if isinstance(node, ast.Call):
            if any(o.kind is OriginKind.HTTP_RESPONSE for o in self.scope.origins(node)):
                return Held.RESPONSE, self.scope.qualified(node.func) or "HTTP client"
            func = node.func
            if isinstance(func, ast.Attribute):
                inner = self.held(func.value, depth + 1)
                if func.attr == "json" and inner is not None and inner[0] is Held.RESPONSE:
                    return Held.BODY, inner[1]
                if func.attr == "get" and node.args:
                    key = node.args[0]
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        return _py_step(inner, key.value)
        return None


def _py_step(inner: tuple[Held, str] | None, key: str) -> tuple[Held, str] | None:
    if inner is None or inner[0] is not Held.BODY:
        return None
    return (Held.TOKEN, inner[1]) if is_token_field(key) else None
