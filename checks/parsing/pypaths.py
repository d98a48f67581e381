"""Which step input a Python expression reads, as a canonical path.

`EVENT` is the trigger event (`pd.steps["trigger"]["event"]`, the legacy `event`), so
`pd.steps["trigger"]["event"]["headers"].get("x-sig")` and `h = event["headers"]; h["x-sig"]`
both read `EVENT.headers.x-sig`; `headers` alone means the request's headers. Names are
followed through the step's assignments (`=`, annotated, walrus; tuple targets) in source
order, the last one winning.
"""

from __future__ import annotations

import ast

from checks.parsing.code import Code
from checks.parsing.vocabulary import words

_ASSIGNMENTS = (ast.Assign, ast.AnnAssign, ast.NamedExpr)


def py_paths(code: Code) -> PyPaths:
    """The step's paths, built once per `Code`."""
    return code.memo(py_paths, lambda: PyPaths(code))


class PyPaths:
    def __init__(self, code: Code) -> None:
        self.aliases: dict[str, str | None] = {}
        # (names bound, value) of every assignment with a value, in source order
        self.assigns: list[tuple[list[str], ast.AST]] = []
        found = [n for n in code.py_nodes if isinstance(n, _ASSIGNMENTS)]
        for node in sorted(found, key=lambda n: (n.lineno, n.col_offset)):
            value = node.value
            if value is None:
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            for t in targets:
                if isinstance(t, ast.Tuple):
                    names += [e.id for e in t.elts if isinstance(e, ast.Name)]
            if names:
                self.assigns.append((names, value))
                path = self.resolve(value)
                for name in names:
                    self.aliases[name] = path

    def request_reads(
        self, members: list[ast.AST], calls: list[ast.Call]
    ) -> list[tuple[ast.AST, str, ast.AST | None]]:
        """(node, base path, key node) of every subscript among `members` and `.get(key)` call
        among `calls` whose object is (part of) the trigger event: `h["x-sig"]`, `h.get(k)`."""
        candidates: list[tuple[ast.AST, ast.AST, ast.AST | None]] = []
        for n in members:
            if isinstance(n, ast.Subscript):
                candidates.append((n, n.value, n.slice))
        for c in calls:
            if isinstance(c.func, ast.Attribute) and c.func.attr == "get" and c.args:
                candidates.append((c, c.func.value, c.args[0]))
        out = []
        for node, obj, key_node in candidates:
            base = self.resolve(obj)
            if base is not None and base.startswith("EVENT"):
                out.append((node, base, key_node))
        return out

    def is_body(self, n: ast.AST) -> bool:
        """The request body as parsed (not its raw text): `pd.steps["trigger"]["event"]["body"]`,
        the event, or a name that says body or payload and not raw/str/text."""
        path = self.resolve(n)
        if path and path.startswith("EVENT"):
            return path == "EVENT" or (path.startswith("EVENT.body") and "raw" not in path.lower())
        name = n.id if isinstance(n, ast.Name) else (n.attr if isinstance(n, ast.Attribute) else "")
        ws = set(words(name))
        return bool(ws & {"body", "payload"}) and not ws & {"raw", "str", "string", "text"}

    def resolve(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Name):
            if node.id in self.aliases:
                return self.aliases[node.id]
            if node.id == "headers":
                return "EVENT.headers"
            return node.id if node.id in ("pd", "event") else None
        if isinstance(node, ast.Attribute):
            base = self.resolve(node.value)
            return norm_path(f"{base}.{node.attr}") if base else None
        if isinstance(node, ast.Subscript):
            base = self.resolve(node.value)
            key = const_str(node.slice)
            return norm_path(f"{base}.{key if key is not None else '*'}") if base else None
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
        ):
            base = self.resolve(node.func.value)
            key = const_str(node.args[0]) if node.args else None
            return norm_path(f"{base}.{key if key is not None else '*'}") if base else None
        return None


def const_str(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def key_span(code: Code, key: ast.AST) -> tuple[int, int]:
    """The span of a key: of its text inside the quotes when it is a plain string literal."""
    start, end = code.py_node_offsets(key)
    text = const_str(key)
    if text is not None and code.data[start + 1 : end - 1].decode("utf-8", "replace") == text:
        return start + 1, end - 1
    return start, end


def member_name(node: ast.AST) -> str | None:
    """The name an expression reads by: a Name's id, an attribute's name, a subscript's
    constant string key (`x`, `cfg.x`, `cfg["x"]` → "x"); None otherwise or for an empty key."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        return const_str(node.slice) or None
    return None


def norm_path(path: str) -> str:
    """`pd.steps.trigger.event.x`, `steps.trigger.event.x`, `event.x` → `EVENT.x`."""
    for prefix in ("pd.steps.trigger.event", "steps.trigger.event", "event"):
        if path == prefix or path.startswith(prefix + "."):
            return "EVENT" + path[len(prefix) :]
    return path
