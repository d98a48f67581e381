"""String literals with the name they are given (variable, key, argument, header), from parse trees.

The byte span of a literal is its value only (no quotes). A literal whose source spelling differs
from its value (escape sequences, implicit concatenation) gets no span and is left to the raw-text
token detectors.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from checks.model import Language
from checks.parsing import Code
from checks.parsing.js import member_path, string_value
from checks.parsing.pyscope import attribute_chain
from checks.parsing.vocabulary import JS_HMAC, PY_HMAC_CONSTRUCTORS

if TYPE_CHECKING:
    from tree_sitter import Node, Query

MIN_VALUE = 8
HMAC_KEY_NAME = "hmac_key"  # the name a literal used as an HMAC key gets (`via="use"`)


@dataclass(frozen=True)
class Literal:
    name: str | None
    value: str
    start: int
    end: int
    via: str = "assign"  # assign | key | arg | default | compare | env-default | use


def literals(code: Code, min_len: int = MIN_VALUE) -> list[Literal]:
    """Every string literal of at least `min_len` characters without whitespace, with its name."""
    if code.language.is_js:
        return list(_js_literals(code, min_len))
    if code.language is Language.PYTHON:
        return list(_py_literals(code, min_len))
    if code.language is Language.BASH:
        return list(_bash_literals(code, min_len))
    return []


# -- JavaScript / TypeScript ---------------------------------------------------------------------


def _js_literals(code: Code, min_len: int) -> Iterator[Literal]:
    if _opening(min_len).search(code.data) is None:
        return  # no string node can hold such a literal: no need to parse (free text, mostly)
    tree = code.js_tree
    if tree is None:
        return
    data = code.data
    for t, node in _js_strings(code, tree.root_node, min_len):
        start, end = node.start_byte + 1, node.end_byte - 1
        if end - start < min_len:
            continue
        raw = data[start:end]
        if b" " in raw or b"\n" in raw or b"\t" in raw:
            continue
        if t == "template_string":
            if b"${" in raw:
                continue
            value = raw.decode("utf-8", "replace")
        else:
            if b"\\" in raw:
                continue
            value = raw.decode("utf-8", "replace")
        name, via = js_name(node, data)
        yield Literal(name, value, start, end, via)


@cache
def _opening(min_len: int) -> re.Pattern[bytes]:
    """A quote followed by `min_len` bytes that are not a space, tab or newline.

    Every literal `_js_literals` yields has one: a string or template node opens with its quote
    (tree-sitter never makes up an opening quote, since no token but a quote follows one), and
    the value after it is at least `min_len` bytes without those.
    """
    return re.compile(rb"[\"'`][^ \t\n]{%d}" % min_len)


@cache
def _string_query(typescript: bool) -> Query:
    from tree_sitter import Query

    from checks.parsing.js import _parser

    language = _parser(typescript).language
    assert language is not None  # the parser is built with its language
    return Query(language, "[(string) (template_string)] @s")


@cache
def _openings(min_len: int) -> tuple[tuple[bytes, str, re.Pattern[bytes]], ...]:
    """(quote, node type, pattern) for finding where a literal worth checking may open.

    A pattern matches an opening quote, bytes that neither close nor disqualify the literal,
    and (not consumed, so the next match can start there) the closing quote. Template escapes
    take two bytes and `${` is left to `_js_literals`, so templates get no minimum length.
    """
    return (
        (b'"', "string", re.compile(rb'"[^"\\\n \t]{%d,}(?=")' % min_len)),
        (b"'", "string", re.compile(rb"'[^'\\\n \t]{%d,}(?=')" % min_len)),
        (b"`", "template_string", re.compile(rb"`(?:[^`\\\n \t]|\\[^\n \t])*(?=`)")),
    )


def _js_strings(code: Code, root: Node, min_len: int) -> list[tuple[str, Node]]:
    """(type, node) of the string and template literals worth checking, by position.

    Looks up the possible opening quotes (see `_openings`) in the tree instead of visiting
    every node; a closing quote also matches and is rejected by the lookup. That needs the
    source to parse cleanly (an unterminated string has no closing quote): otherwise every
    string node is taken.
    """
    if root.has_error:
        from tree_sitter import QueryCursor

        query = _string_query(code.language is Language.TYPESCRIPT)
        nodes = QueryCursor(query).captures(root).get("s", [])
        return [(node.type, node) for node in sorted(nodes, key=lambda n: n.start_byte)]
    data = code.data
    found: list[tuple[int, str, Node]] = []
    for quote, kind, pattern in _openings(min_len):
        if quote not in data:
            continue
        for m in pattern.finditer(data):
            pos = m.start()
            node = root.named_descendant_for_byte_range(pos, pos + 1)
            if node is not None and node.start_byte == pos and node.type == kind:
                found.append((pos, kind, node))
    found.sort(key=lambda item: item[0])
    return [(kind, node) for _, kind, node in found]


_SECRETISH_CALL = re.compile(r"(?i)key|token|secret|passw|auth|credential|login")
_COMPARE_OPS = {"===", "!==", "==", "!="}


def js_name(node: Node, data: bytes) -> tuple[str | None, str]:
    """The name a JS string literal is given, and how (`assign`, `key`, `arg`, …)."""
    parent = node.parent
    if parent is None:
        return None, "none"
    ptype = parent.type
    if ptype in (
        "parenthesized_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
    ):
        return js_name(parent, data)
    if ptype == "variable_declarator":
        target = parent.child_by_field_name("name")
        return (
            _js_text(target, data) if target is not None and target.type == "identifier" else None
        ), "assign"
    if ptype in ("assignment_expression", "augmented_assignment_expression"):
        return _js_target_name(parent.child_by_field_name("left"), data), "assign"
    if ptype == "pair":
        key = parent.child_by_field_name("key")
        if key is None or parent.child_by_field_name("value") != node:
            return None, "none"
        if _component_metadata(parent, key, data):
            return None, "none"  # `key: "app-action-name"` names the component, not a secret
        if key.type in ("string", "template_string"):
            return string_value(key), "key"
        return _js_text(key, data), "key"
    if ptype in ("assignment_pattern", "object_assignment_pattern"):
        left = parent.child_by_field_name("left")
        return (_js_text(left, data) if left is not None else None), "default"
    if ptype in ("required_parameter", "optional_parameter"):
        pattern = parent.child_by_field_name("pattern")
        return (_js_text(pattern, data) if pattern is not None else None), "default"
    if ptype in ("public_field_definition", "field_definition"):
        prop = parent.child_by_field_name("name") or parent.child_by_field_name("property")
        return (_js_text(prop, data) if prop is not None else None), "assign"
    if ptype == "binary_expression":
        op = parent.child_by_field_name("operator")
        optext = _js_text(op, data) if op is not None else ""
        left = parent.child_by_field_name("left")
        right = parent.child_by_field_name("right")
        other = left if right == node else right
        if optext in ("||", "??") and other is left and left is not None:
            path = member_path(left) or ""
            if path.startswith("process.env."):
                return path.removeprefix("process.env."), "env-default"
        if optext in _COMPARE_OPS and other is not None:
            return _js_target_name(other, data), "compare"
        return None, "none"
    if ptype == "arguments":
        call = parent.parent
        args = [c for c in parent.named_children if c.type != "comment"]
        if call is None or not args:
            return None, "none"
        idx = next((i for i, a in enumerate(args) if a == node), -1)
        fn = call.child_by_field_name("function") or call.child_by_field_name("constructor")
        callee = member_path(fn) if fn is not None else None
        last = callee.rsplit(".", 1)[-1] if callee else None
        if idx == 1 and last == JS_HMAC:
            return HMAC_KEY_NAME, "use"  # `createHmac(alg, key)`: the use makes it a secret
        if idx >= 1 and args[idx - 1].type in ("string", "template_string"):
            return string_value(args[idx - 1]), "arg"
        if idx == 0 and last and _SECRETISH_CALL.search(last):
            return last, "arg"
        return None, "none"
    return None, "none"


# The metadata keys of a component object: identifiers and labels, never credentials.
COMPONENT_METADATA_KEYS = frozenset({"key", "name", "version", "type", "description"})
# Keys only a component object has (its code, inputs, lifecycle); `key` + `version` also tell.
_COMPONENT_MEMBERS = frozenset({"run", "props", "methods", "hooks", "dedupe"})


def _component_metadata(pair: Node, key: Node, data: bytes) -> bool:
    """`pair` is a `key`/`name`/`version`/`type`/`description` entry of a component object."""
    if key.type not in ("property_identifier", "string"):
        return False
    name = string_value(key) if key.type == "string" else _js_text(key, data)
    obj = pair.parent
    if name not in COMPONENT_METADATA_KEYS or obj is None or obj.type != "object":
        return False
    keys: set[str] = set()
    for member in obj.named_children:
        k = member.child_by_field_name("key") if member.type == "pair" else None
        if member.type == "method_definition":
            k = member.child_by_field_name("name")
        if k is not None:
            keys.add(string_value(k) or "" if k.type == "string" else _js_text(k, data))
    return bool(keys & _COMPONENT_MEMBERS) or {"key", "version"} <= keys


def _js_target_name(node: Node | None, data: bytes) -> str | None:
    if node is None:
        return None
    if node.type in ("identifier", "property_identifier", "shorthand_property_identifier"):
        return _js_text(node, data)
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        return _js_text(prop, data) if prop is not None else None
    if node.type == "subscript_expression":
        index = node.child_by_field_name("index")
        return string_value(index) if index is not None else None
    if node.type == "call_expression":  # headers.get("x-api-key") === "…"
        args = node.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        if first is not None and first.type == "string":
            return string_value(first)
    return None


def _js_text(node: Node, data: bytes) -> str:
    return data[node.start_byte : node.end_byte].decode("utf-8", "replace")


def js_context_name(code: Code, start: int, end: int) -> str | None:
    """The name given to the JS string literal containing bytes [start, end), if any."""
    tree = code.js_tree
    if tree is None:
        return None
    node = tree.root_node.descendant_for_byte_range(start, end)
    for _ in range(4):
        if node is None:
            return None
        if node.type in ("string", "template_string"):
            return js_name(node, code.data)[0]
        node = node.parent
    return None


# -- Python ----------------------------------------------------------------------------------------

_PY_PREFIX = re.compile(r"^[rRuUbBfF]{0,2}")
_ENV_GETTERS = {"os.environ.get", "os.getenv", "environ.get", "getenv", "os.environ.setdefault"}


def _py_span(code: Code, node: ast.Constant) -> tuple[int, int] | None:
    """Byte span of a str constant's value, when its spelling is exactly the value."""
    if getattr(node, "end_lineno", None) is None:
        return None
    start, end = code.py_node_offsets(node)
    raw = code.data[start:end].decode("utf-8", "replace")
    prefix = _PY_PREFIX.match(raw)
    p = prefix.end() if prefix else 0
    body = raw[p:]
    q = 3 if body[:3] in ('"""', "'''") else 1
    if len(body) < 2 * q or body[:q] != body[-q:]:
        return None
    content = body[q:-q]
    if content != node.value:
        return None
    cstart = start + len(raw[: p + q].encode("utf-8"))
    return cstart, cstart + len(content.encode("utf-8"))


def _py_target(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        return node.slice.value if isinstance(node.slice.value, str) else None
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
        value = node.args[0].value  # headers.get("x-api-key") == "…"
        return value if isinstance(value, str) else None
    return None


def _py_pairs(
    nodes: list[ast.AST], constants: list[ast.Constant]
) -> Iterator[tuple[str | None, ast.expr, str]]:
    """(name, value node, how) pairs; also collects every str constant into `constants`."""
    for node in nodes:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                constants.append(node)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                yield _py_target(target), node.value, "assign"
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            yield _py_target(node.target), node.value, "assign"
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    yield key.value, value, "key"
        elif isinstance(node, ast.Call):
            for kw in node.keywords:
                yield kw.arg, kw.value, "arg"
            callee = attribute_chain(node.func)
            args = node.args
            if callee in PY_HMAC_CONSTRUCTORS and args:
                key = args[0]  # `hmac.new(key, msg, alg)`, also `hmac.new("…".encode(), …)`
                if (
                    isinstance(key, ast.Call)
                    and isinstance(key.func, ast.Attribute)
                    and key.func.attr == "encode"
                ):
                    key = key.func.value
                yield HMAC_KEY_NAME, key, "use"
            elif callee in _ENV_GETTERS and len(args) >= 2 and isinstance(args[0], ast.Constant):
                yield str(args[0].value), args[1], "env-default"
            elif (
                len(args) >= 2
                and isinstance(args[0], ast.Constant)
                and isinstance(args[0].value, str)
            ):
                yield args[0].value, args[1], "arg"
            elif args and _SECRETISH_CALL.search(callee.rsplit(".", 1)[-1] or ""):
                yield callee.rsplit(".", 1)[-1], args[0], "arg"
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            a = node.args
            positional = a.posonlyargs + a.args
            for arg, default in zip(
                positional[len(positional) - len(a.defaults) :], a.defaults, strict=True
            ):
                yield arg.arg, default, "default"
            for kwarg, kw_default in zip(a.kwonlyargs, a.kw_defaults, strict=True):
                if kw_default is not None:
                    yield kwarg.arg, kw_default, "default"
        elif isinstance(node, ast.Compare) and len(node.comparators) == 1:
            left, right = node.left, node.comparators[0]
            if isinstance(right, ast.Constant):
                yield _py_target(left), right, "compare"
            elif isinstance(left, ast.Constant):
                yield _py_target(right), left, "compare"


def _py_literals(code: Code, min_len: int) -> Iterator[Literal]:
    tree = code.py_tree
    if tree is None:
        return
    named: dict[tuple[int, int], Literal] = {}
    constants: list[ast.Constant] = []
    for name, value, via in _py_pairs(code.py_nodes, constants):
        lit = _py_literal(code, name, value, via, min_len)
        if lit is not None:
            named.setdefault((lit.start, lit.end), lit)
    for node in constants:  # unnamed literals too, so context lookups see every string
        lit = _py_literal(code, None, node, "none", min_len)
        if lit is not None and (lit.start, lit.end) not in named:
            named[(lit.start, lit.end)] = lit
    yield from sorted(named.values(), key=lambda lit: lit.start)


def _py_literal(
    code: Code, name: str | None, value: ast.AST, via: str, min_len: int
) -> Literal | None:
    if not isinstance(value, ast.Constant) or not isinstance(value.value, str):
        return None
    text = value.value
    if len(text) < min_len or any(ch.isspace() for ch in text):
        return None
    span = _py_span(code, value)
    if span is None:
        return None
    return Literal(name, text, span[0], span[1], via)


# -- Bash ------------------------------------------------------------------------------------------

_BASH_ASSIGN = re.compile(
    rb"(?m)^[ \t]*(?:export[ \t]+|local[ \t]+|readonly[ \t]+|declare[ \t]+(?:-[a-zA-Z]+[ \t]+)?)?"
    rb"(?P<name>[A-Za-z_][A-Za-z0-9_]*)="
    rb"(?:\"(?P<dq>[^\"$`\\\n]*)\"|'(?P<sq>[^'\n]*)'|(?P<bare>[^\s\"'$`;|&()<>]+))"
)


def _bash_literals(code: Code, min_len: int) -> Iterator[Literal]:
    for m in _BASH_ASSIGN.finditer(code.data):
        group = next(g for g in ("dq", "sq", "bare") if m.group(g) is not None)
        start, end = m.span(group)
        if end - start < min_len:
            continue
        value = code.data[start:end].decode("utf-8", "replace")
        if any(ch.isspace() for ch in value):
            continue
        yield Literal(m.group("name").decode(), value, start, end, "assign")
