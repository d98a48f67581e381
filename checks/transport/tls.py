"""Places where a step turns TLS certificate verification off."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from tree_sitter import Node

from checks.model import Language
from checks.parsing import Code
from checks.parsing.js import member_path, property_key, string_value, text
from checks.parsing.jsindex import typed_nodes
from checks.parsing.pyscope import dotted, py_scope


@dataclass(frozen=True)
class TlsOff:
    start: int  # byte span in the step's code
    end: int
    what: str  # short description of the setting, e.g. "rejectUnauthorized: false"
    advice: str  # what to do instead


def tls_disabled(code: Code) -> list[TlsOff]:
    if code.language.is_js:
        return _js(code)
    if code.language is Language.PYTHON:
        return _py(code)
    if code.language is Language.BASH:
        return _sh(code)
    return []


# -- JavaScript -------------------------------------------------------------------------------

_JS_KEEP_VERIFY = "remove it: Node verifies certificates by default (pass `ca` for a private CA)"


def _js_false(node: Node) -> bool:
    t = text(node).replace(" ", "")
    return t in ("false", "0", "!1")


def _js_zero(node: Node) -> bool:
    if node.type in ("string", "template_string"):
        return string_value(node) == "0"
    return text(node) in ("0", "false")


# Every JS finding needs one of these names as a key or the last part of a member path.
_JS_NAMES = (
    b"rejectUnauthorized",
    b"strictSSL",
    b"NODE_TLS_REJECT_UNAUTHORIZED",
    b"checkServerIdentity",
)
# A quoted name (9+ letters or "_") written with at least one escape (`"strict\\x53SL"`).
_ESCAPED_NAME = re.compile(
    rb"""(["'])(?=[A-Za-z_]*\\)"""
    rb"(?:[A-Za-z_]|\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|u\{[0-9A-Fa-f]+\}|[A-Za-z_])){9,}\1"
)


def _js_may_disable(code: Code) -> bool:
    """False only when no JS setting can turn verification off.

    Keys and member paths are compared by name: identifiers and template keys as written,
    quoted keys and subscripts after decoding escapes. So the name is in the source, or a
    string literal spells it with escapes, which `_ESCAPED_NAME` finds when the tree parsed
    cleanly (an unterminated string has no closing quote).
    """
    data = code.data
    if any(name in data for name in _JS_NAMES):
        return True
    if b"\\" not in data:
        return False
    tree = code.js_tree
    return tree is None or tree.root_node.has_error or _ESCAPED_NAME.search(data) is not None


def _js(code: Code) -> list[TlsOff]:
    tree = code.js_tree
    if tree is None or not _js_may_disable(code):
        return []
    out: list[TlsOff] = []
    for t, node in typed_nodes(code):
        if t == "pair":
            key = node.child_by_field_name("key")
            value = node.child_by_field_name("value")
            if key is None or value is None:
                continue
            name = property_key(key)
            if name in ("rejectUnauthorized", "strictSSL") and _js_false(value):
                out.append(
                    TlsOff(
                        node.start_byte, node.end_byte, f"{name}: {text(value)}", _JS_KEEP_VERIFY
                    )
                )
            elif name == "NODE_TLS_REJECT_UNAUTHORIZED" and _js_zero(value):
                out.append(
                    TlsOff(
                        node.start_byte,
                        node.end_byte,
                        "NODE_TLS_REJECT_UNAUTHORIZED=0",
                        "never set it: it turns verification off for every request",
                    )
                )
            elif name == "checkServerIdentity" and _noop_function(value):
                out.append(
                    TlsOff(
                        node.start_byte,
                        node.end_byte,
                        "checkServerIdentity that accepts any host",
                        "remove it so Node checks the certificate's host name",
                    )
                )
        elif t == "assignment_expression":
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is None or right is None:
                continue
            path = member_path(left) or ""
            if path == "process.env.NODE_TLS_REJECT_UNAUTHORIZED" and _js_zero(right):
                out.append(
                    TlsOff(
                        node.start_byte,
                        node.end_byte,
                        "NODE_TLS_REJECT_UNAUTHORIZED=0",
                        "never set it: it turns verification off for every request",
                    )
                )
            elif path.endswith(".rejectUnauthorized") and _js_false(right):
                out.append(
                    TlsOff(
                        node.start_byte,
                        node.end_byte,
                        "rejectUnauthorized = false",
                        _JS_KEEP_VERIFY,
                    )
                )
    return out


def _noop_function(node: Node) -> bool:
    if node.type not in ("arrow_function", "function_expression", "function"):
        return False
    body = node.child_by_field_name("body")
    if body is None:
        return False
    if body.type == "statement_block":
        stmts = [c for c in body.named_children if c.type != "comment"]
        if not stmts:
            return True
        return (
            len(stmts) == 1
            and stmts[0].type == "return_statement"
            and text(stmts[0]).replace(" ", "").rstrip(";")
            in ("return", "returnundefined", "returnnull")
        )
    return text(body) in ("undefined", "null", "void0")


# -- Python -----------------------------------------------------------------------------------

_CLIENT_CALLS = frozenset(
    {
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "head",
        "options",
        "request",
        "stream",
        "send",
        "Client",
        "AsyncClient",
        "Session",
        "ClientSession",
        "TCPConnector",
        "urlopen",
        "ws_connect",
    }
)
_PY_VERIFY = 'remove `verify=False`; for a private CA pass `verify="/path/to/ca.pem"`'


def _is_false(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and node.value in (False, 0)
        and not isinstance(node.value, str)
    )


# Every Python finding needs one of these words: keyword argument names, `.verify` /
# `.check_hostname` targets, and the `ssl` names, which imports and aliases also spell out.
_PY_WORDS = (
    b"verify",
    b"ssl",
    b"cert_reqs",
    b"CERT_NONE",
    b"_create_unverified_context",
    b"check_hostname",
)


def _py_may_disable(data: bytes) -> bool:
    """False only when no Python setting can turn verification off.

    Identifiers are NFKC-normalised (so non-ASCII source may spell a word differently) and
    string constants may hold escapes: either keeps the full check.
    """
    return not data.isascii() or b"\\" in data or any(word in data for word in _PY_WORDS)


def _py(code: Code) -> list[TlsOff]:
    tree = code.py_tree
    if tree is None or not _py_may_disable(code.data):
        return []
    scope = py_scope(code)
    out: list[TlsOff] = []

    def add(node: ast.AST, what: str, advice: str) -> None:
        start, end = code.py_node_offsets(node)
        out.append(TlsOff(start, end, what, advice))

    for node in code.py_nodes:
        if isinstance(node, ast.Call):
            name = scope.qualified(node.func) or ""
            short = name.rsplit(".", 1)[-1] if name else getattr(node.func, "attr", "")
            clientish = short in _CLIENT_CALLS or name.startswith(
                ("requests.", "httpx.", "aiohttp.")
            )
            for kw in node.keywords:
                if kw.arg == "verify" and clientish and _is_false(kw.value):
                    add(kw, "verify=False", _PY_VERIFY)
                elif (
                    kw.arg in ("ssl", "verify_ssl")
                    and _is_false(kw.value)
                    and (clientish or name.startswith("aiohttp"))
                ):
                    add(
                        kw, f"{kw.arg}=False", "remove it: aiohttp verifies certificates by default"
                    )
                elif kw.arg == "cert_reqs" and (
                    (isinstance(kw.value, ast.Constant) and kw.value.value == "CERT_NONE")
                    or scope.qualified(kw.value) == "ssl.CERT_NONE"
                ):
                    add(kw, "cert_reqs=CERT_NONE", 'use cert_reqs="CERT_REQUIRED" (the default)')
        elif isinstance(node, ast.Attribute):
            q = scope.qualified(node)
            if q == "ssl._create_unverified_context":
                add(node, "ssl._create_unverified_context", "use ssl.create_default_context()")
            elif q == "ssl.CERT_NONE" and not _in_keyword(node, tree):
                add(node, "ssl.CERT_NONE", "keep verify_mode = ssl.CERT_REQUIRED (the default)")
        elif isinstance(node, ast.Name) and scope.imports.get(node.id) in (
            "ssl._create_unverified_context",
            "ssl.CERT_NONE",
        ):
            add(
                node,
                scope.imports[node.id],
                "use ssl.create_default_context() and keep its defaults",
            )
        elif isinstance(node, ast.Assign) and _is_false(node.value):
            for target in node.targets:
                path = dotted(target) or ""
                if path.endswith(".verify"):
                    add(node, f"{path} = False", _PY_VERIFY)
                elif path.endswith(".check_hostname"):
                    add(node, f"{path} = False", "keep check_hostname = True (the default)")
    return out


def _in_keyword(attr: ast.AST, tree: ast.AST) -> bool:
    """`cert_reqs=ssl.CERT_NONE` is reported once, on the keyword."""
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.value is attr and node.arg == "cert_reqs":
            return True
    return False


# -- Bash -------------------------------------------------------------------------------------


def _sh(code: Code) -> list[TlsOff]:
    from checks.transport.shell import ShellVars, byte_offsets, code_commands, shell_requests

    commands = code_commands(code)
    to_bytes = byte_offsets(code.text)
    out: list[TlsOff] = []
    for req in shell_requests(commands):
        for word in req.insecure:
            flag = word.literal or ""
            advice = (
                "remove it; for a private CA pass --cacert FILE"
                if req.tool == "curl"
                else "remove it; for a private CA pass --ca-certificate=FILE"
            )
            out.append(
                TlsOff(to_bytes(word.start), to_bytes(word.end), f"{req.tool} {flag}", advice)
            )
    env = ShellVars(commands)
    for name, entries in env.history.items():
        if name == "NODE_TLS_REJECT_UNAUTHORIZED":
            for _, value in entries:
                if value.literal == "0":
                    start = to_bytes(value.start)
                    out.append(
                        TlsOff(
                            start,
                            to_bytes(value.end),
                            "NODE_TLS_REJECT_UNAUTHORIZED=0",
                            "never set it: it turns verification off for every request",
                        )
                    )
    return out
