"""Whether a `crypto.timingSafeEqual(a, b)` call is safe from unequal lengths (SG303).

`timingSafeEqual` throws when its buffers differ in length, so a check compares the lengths
first, catches the error, or compares two digests of one algorithm (equal lengths by
construction: `createHmac("sha256", key).update(body).digest()`, also returned by a local
helper the model resolves).
"""

from __future__ import annotations

from tree_sitter import Node

from checks.parsing.code import Code
from checks.parsing.component import enclosing_function, js_component
from checks.parsing.js import FUNCTION_TYPES, call_arguments, string_value, text
from checks.parsing.jsbindings import js_bindings

_LENGTH_OPS = frozenset({"===", "!==", "==", "!=", "<", ">", "<=", ">="})
_MAX_HELPERS = 2  # local helpers followed from a digest's call to the `createHmac` chain


def length_checked(code: Code, call: Node, binaries: list[Node]) -> bool:
    """The `timingSafeEqual` `call` compares two digests of one algorithm, sits in a `try`, or
    follows (in its function) a comparison of a `.length`/`byteLength`. `binaries`: the step's
    binary expressions."""
    args = call_arguments(call)
    if len(args) == 2:
        algs = [digest_algorithm(code, a) for a in args]
        if algs[0] is not None and algs[0] == algs[1]:
            return True
    fn = enclosing_function(call)
    lo = fn.start_byte if fn is not None else 0
    anc = call.parent
    while anc is not None and anc is not fn:
        if anc.type == "try_statement":
            return True
        anc = anc.parent
    for b in binaries:
        if lo <= b.start_byte < call.start_byte or (b.start_byte < call.start_byte < b.end_byte):
            if text(b.child_by_field_name("operator")) not in _LENGTH_OPS:
                continue
            seg = code.data[b.start_byte : b.end_byte]
            if b".length" in seg or b"byteLength" in seg:
                return True
    return False


def digest_algorithm(code: Code, node: Node, depth: int = 0) -> str | None:
    """The hash algorithm when `node` is a binary digest: `createHash("sha256")…digest()` (or
    `createHmac`), or a call of a local helper whose body returns one."""
    if node.type != "call_expression" or depth > _MAX_HELPERS:
        return None
    fn = node.child_by_field_name("function")
    if fn is None:
        return None
    if fn.type == "member_expression":
        if text(fn.child_by_field_name("property")) != "digest" or call_arguments(node):
            return None
        comp = js_component(code)
        cur = fn.child_by_field_name("object")
        while cur is not None and cur.type == "call_expression":
            inner = cur.child_by_field_name("function")
            if comp.callee(cur).rsplit(".", 1)[-1] in ("createHash", "createHmac"):
                first = call_arguments(cur)[:1]
                return string_value(first[0]) if first and first[0].type == "string" else None
            cur = inner.child_by_field_name("object") if inner is not None else None
        return None
    if fn.type != "identifier":
        return None
    helper = _helper(code, fn)
    body = helper.child_by_field_name("body") if helper is not None else None
    if body is None:
        return None
    if body.type == "statement_block":
        stmts = body.named_children
        if len(stmts) != 1 or stmts[0].type != "return_statement" or not stmts[0].named_child_count:
            return None
        body = stmts[0].named_children[0]
    return digest_algorithm(code, body, depth + 1)


def _helper(code: Code, ident: Node) -> Node | None:
    """The function a called name holds: the step's lexical bindings (`const f = () => …`,
    `function f`) first, else a method or property function of the file of that name."""
    bindings = js_bindings(code, event_param=False)
    found = bindings.helper_callee(ident) if bindings is not None else None
    if found is not None:
        return next((f for f in found[1] if f.type in FUNCTION_TYPES), None)
    return js_component(code).functions.get(text(ident))
