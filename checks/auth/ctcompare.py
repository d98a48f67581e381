"""SG302's exact fix: rewrite `a !== b` (a credential or signature compare) as a constant-time one.

Node only, and only when it can be done in place, without new imports or a changed meaning
for the strings the check compares:

    received !== expected
    → !(typeof received === "string" && typeof expected === "string"
         && Buffer.from(received).length === Buffer.from(expected).length
         && crypto.timingSafeEqual(Buffer.from(received), Buffer.from(expected)))

Two strings compare as before (in constant time once the lengths match); anything else never
matches (fails closed). The operands must be plain names or property reads (evaluated more than
once: no calls), and the step must already import `crypto` (or `timingSafeEqual`) from Node.
"""

from __future__ import annotations

from tree_sitter import Node

from checks.parsing.code import Code
from checks.parsing.jsscope import js_imports

_EQUAL = {"===": True, "==": True, "!==": False, "!=": False}
_PURE = frozenset({"identifier", "member_expression", "subscript_expression", "this"})
_KEYS = frozenset({"identifier", "property_identifier", "string", "number", "this"})


def _pure(node: Node) -> bool:
    """A name or a chain of property reads (no calls, no optional chaining, no assignments)."""
    if node.type not in _PURE:
        return False
    if node.type in ("identifier", "this"):
        return True
    if any(c.type == "optional_chain" for c in node.children):
        return False
    obj = node.child_by_field_name("object")
    key = node.child_by_field_name("property") or node.child_by_field_name("index")
    return obj is not None and key is not None and key.type in _KEYS and _pure(obj)


def safe_equal_callee(code: Code) -> str | None:
    """How this file reaches Node's `crypto.timingSafeEqual`, if it imports it."""
    scope = js_imports(code)
    for name, module in scope.imports.items():
        if module == "crypto":
            return f"{name}.timingSafeEqual"
    for name, module in scope.imports.items():
        if module == "crypto.timingSafeEqual":
            return name
    return None


def constant_time_replacement(code: Code, start: int, end: int) -> str | None:
    """The code that replaces the comparison at [start, end) of `code`, or None."""
    if not code.language.is_js:
        return None
    tree = code.js_tree
    if tree is None or tree.root_node.has_error:
        return None
    node = tree.root_node.descendant_for_byte_range(start, end)
    while node is not None and node.type != "binary_expression":
        if node.start_byte != start or node.end_byte != end:
            return None
        node = node.parent
    if node is None or node.start_byte != start or node.end_byte != end:
        return None
    op = node.child_by_field_name("operator")
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if op is None or left is None or right is None or op.type not in _EQUAL:
        return None
    if not (_pure(left) and _pure(right)):
        return None
    callee = safe_equal_callee(code)
    if callee is None:
        return None
    a, b = code.data[left.start_byte : left.end_byte], code.data[right.start_byte : right.end_byte]
    sa, sb = a.decode("utf-8"), b.decode("utf-8")
    same = (
        f'(typeof {sa} === "string" && typeof {sb} === "string" '
        f"&& Buffer.from({sa}).length === Buffer.from({sb}).length "
        f"&& {callee}(Buffer.from({sa}), Buffer.from({sb})))"
    )
    return same if _EQUAL[op.type] else "!" + same
