"""Which step input a JS/TS expression reads, as a canonical path.

`EVENT` is the trigger event (`steps.trigger.event`, a source's `run(event)` parameter, the
legacy `event`), so `steps.trigger.event.headers["x-sig"]`, `event.headers["x-sig"]` and
`const { headers } = steps.trigger.event; headers["x-sig"]` all read `EVENT.headers.x-sig`.
Names are followed through the step's declarations and assignments in source order
(`const h = event.headers`, destructuring patterns); `certain` is False where a name only
conventionally means the request (`headers`, `event` in a component that does not bind it).
Destructured header and query reads (`const { "x-sig": sig } = event.headers`) are listed in
`pattern_reads`.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from checks.parsing.code import Code
from checks.parsing.js import string_value, text
from checks.parsing.jsindex import declaration_nodes
from checks.parsing.vocabulary import words

# (base path, key, pattern entry, key node, certain) of a destructured header/query read
PatternRead = tuple[str, str | None, Node, Node, bool]
# (member, base path of its object, certain, the member's key, key node) of a request read
MemberRead = tuple[Node, str, bool, str | None, Node | None]
# The whole (ASCII) identifier a node's source starts with; no match when it goes on in a
# non-ASCII letter or an escape.
_LEADING_NAME = re.compile(rb"[A-Za-z_$][A-Za-z0-9_$]*(?![A-Za-z0-9_$\\\x80-\xff])")


def js_paths(code: Code, event_param: str | None) -> JsPaths:
    """The step's paths, built once per `Code` and event parameter name."""
    return code.memo((js_paths, event_param), lambda: JsPaths(code, event_param))


class JsPaths:
    def __init__(self, code: Code, event_param: str | None) -> None:
        self.data = code.data
        self.event_param = event_param
        self.aliases: dict[str, tuple[str | None, bool]] = {}
        self.decls: list[tuple[Node, Node]] = []  # (target, value), in source order
        self.pattern_reads: list[PatternRead] = []
        self._roots: set[bytes] | None = None
        for t, node in declaration_nodes(code):
            if t == "variable_declarator":
                name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
                if name is not None and value is not None:
                    self.decls.append((name, value))
            elif t == "assignment_expression":
                left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
                if (
                    left is not None
                    and right is not None
                    and left.type in ("identifier", "object_pattern")
                ):
                    self.decls.append((left, right))
        for target, value in self.decls:
            self._bind(target, value)

    def request_reads(self, members: list[Node]) -> list[MemberRead]:
        """The member expressions among `members` whose object is (part of) the trigger event,
        with the member's own key: `h["x-sig"]` → (…, "EVENT.headers", True, "x-sig", …)."""
        out: list[MemberRead] = []
        for m in members:
            if not self.may_read_event(m):
                continue
            base, certain = self.resolve(m.child_by_field_name("object"))
            if base is None or not base.startswith("EVENT"):
                continue
            if m.type == "member_expression":
                key_node = m.child_by_field_name("property")
                key = text(key_node) if key_node is not None else None
            else:
                key_node = m.child_by_field_name("index")
                literal = key_node is not None and key_node.type in ("string", "template_string")
                key = string_value(key_node) if literal else None  # type: ignore[arg-type]
            out.append((m, base, certain, key, key_node))
        return out

    def may_read_event(self, node: Node) -> bool:
        """False when `resolve` cannot give an `EVENT` path for `node`: its source starts with
        a whole name that is not one `resolve` knows (an unknown name, or `this`)."""
        roots = self._roots
        if roots is None:
            # `resolve` only knows these names (and `this`, never the request).
            roots = {name.encode() for name in self.aliases}
            roots.update((b"steps", b"headers", b"event"))
            if self.event_param is not None:
                roots.add(self.event_param.encode())
            self._roots = roots
        lead = _LEADING_NAME.match(self.data, node.start_byte)
        return lead is None or lead.group() in roots

    def is_body(self, node: Node) -> bool:
        """The request body as parsed (not its raw text): `steps.trigger.event.body`, `event`,
        or a name that says body or payload and not raw/str/text."""
        path, _ = self.resolve(node)
        if path is not None and path.startswith("EVENT"):
            return path == "EVENT" or (path.startswith("EVENT.body") and "raw" not in path.lower())
        name = (
            text(node)
            if node.type == "identifier"
            else (
                text(node.child_by_field_name("property"))
                if node.type == "member_expression"
                else ""
            )
        )
        ws = set(words(name))
        return bool(ws & {"body", "payload"}) and not ws & {"raw", "str", "string", "text"}

    def resolve(self, node: Node | None) -> tuple[str | None, bool]:
        """Canonical path of an expression (`EVENT.headers.x`) and whether it is certain."""
        if node is None:
            return None, False
        t = node.type
        if t == "identifier":
            name = text(node)
            if name in self.aliases:
                return self.aliases[name]
            if name == self.event_param:
                return "EVENT", True
            if name == "steps":
                return "steps", True
            if name == "headers":
                return "EVENT.headers", False
            if name == "event":
                return "EVENT", False
            return None, False
        if t == "this":
            return "this", True
        if t in ("parenthesized_expression", "non_null_expression") and node.named_child_count:
            return self.resolve(node.named_children[0])
        if t == "member_expression":
            base, certain = self.resolve(node.child_by_field_name("object"))
            prop = node.child_by_field_name("property")
            if base is None or prop is None:
                return None, False
            return norm_path(f"{base}.{text(prop)}"), certain
        if t == "subscript_expression":
            base, certain = self.resolve(node.child_by_field_name("object"))
            if base is None:
                return None, False
            index = node.child_by_field_name("index")
            key = (
                string_value(index)
                if index is not None and index.type in ("string", "template_string")
                else None
            )
            return norm_path(f"{base}.{key if key is not None else '*'}"), certain
        return None, False

    def _bind(self, target: Node, value: Node) -> None:
        if value.type == "await_expression" and value.named_child_count:
            value = value.named_children[0]
        base = self.resolve(value)
        if target.type == "identifier":
            self.aliases[text(target)] = base
        elif target.type == "object_pattern":
            self._bind_pattern(target, base)

    def _bind_pattern(self, pattern: Node, base: tuple[str | None, bool]) -> None:
        path, certain = base
        for child in pattern.named_children:
            key_node: Node | None = None
            target: Node | None = None
            if child.type == "shorthand_property_identifier_pattern":
                key_node, target = child, child
            elif child.type == "object_assignment_pattern":
                left = child.child_by_field_name("left")
                key_node, target = left, left
            elif child.type == "pair_pattern":
                key_node, target = (
                    child.child_by_field_name("key"),
                    child.child_by_field_name("value"),
                )
                if target is not None and target.type == "assignment_pattern":
                    target = target.child_by_field_name("left")
            if key_node is None or target is None:
                continue
            if key_node.type == "computed_property_name":
                key = None
            elif key_node.type == "string":
                key = string_value(key_node)
            else:
                key = text(key_node)
            sub = (
                (norm_path(f"{path}.{key if key is not None else '*'}"), certain)
                if path
                else (None, False)
            )
            if path in ("EVENT.headers", "EVENT.query"):
                self.pattern_reads.append((path, key, child, key_node, certain))
            if target.type in ("identifier", "shorthand_property_identifier_pattern"):
                self.aliases[text(target)] = sub
            elif target.type == "object_pattern":
                self._bind_pattern(target, sub)


def norm_path(path: str) -> str:
    """`steps.trigger.event.x` → `EVENT.x` (the trigger event, however it is reached)."""
    if path.startswith("steps.trigger.event"):
        return "EVENT" + path[len("steps.trigger.event") :]
    return path
