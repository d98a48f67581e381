"""SG701's fix for Python steps: `pd.inputs["<app>"]["$auth"]["<field>"]` in `handler(pd)`.

Python steps declare no props: the app is added to the step in Pipedream's builder, and its
account is then in `pd.inputs["<app>"]` (platform facts, §6). The code change is the read.
"""

from __future__ import annotations

import ast

from checks.accounts.catalog import App
from checks.fixes.accounts.common import Plan, TokenEdit, indent_of, line_end, line_start, moved
from checks.fixes.journal import FixError
from checks.parsing import Code
from checks.parsing.pyscope import PyScope, py_scope
from checks.parsing.shapes import StepShape, step_shape

MOVABLE = (ast.Assign, ast.AnnAssign, ast.Expr)
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _line(code: Code, offset: int) -> int:
    return code.position(offset)[0]


def _spans(code: Code) -> dict[tuple[int, int], list[ast.AST]]:
    out: dict[tuple[int, int], list[ast.AST]] = {}
    for node in code.py_nodes:
        if isinstance(node, ast.expr):
            out.setdefault(code.py_node_offsets(node), []).append(node)
    return out


def plan(code: Code, app: App, tokens: list[TokenEdit]) -> Plan:
    tree = code.py_tree
    shape = step_shape(code)
    if tree is None or not isinstance(shape, StepShape) or shape.kind != "handler":
        raise FixError(
            "not a Pipedream Python step (no top-level def handler(pd)); change it by hand"
        )
    pd = shape.roles.get("pd")
    handler = next(
        (
            s
            for s in tree.body
            if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) and s.name == "handler"
        ),
        None,
    )
    if pd is None or handler is None:
        raise FixError("handler() takes no pd parameter; change it by hand")
    if pd != "pd":
        tokens = [
            TokenEdit(t.start, t.end, t.env, t.replacement.replace("pd.inputs[", f"{pd}.inputs["))
            for t in tokens
        ]
    scope = py_scope(code)
    spans = _spans(code)
    _check_other_reads(code, tokens, scope)
    # The body only: a default argument is evaluated before `pd` exists.
    h_start, h_end = code.py_node_offsets(handler.body[0])[0], code.py_node_offsets(handler)[1]
    out = Plan()
    tops: dict[int, ast.stmt] = {}
    for t in tokens:
        if not any(scope.env_name(n) == t.env for n in spans.get((t.start, t.end), [])):
            raise FixError(
                f"line {_line(code, t.start)}: the credential is not read as "
                f'os.environ["{t.env}"]; change it by hand'
            )
        if h_start <= t.start < h_end:
            _check_nested(code, handler, t, pd)
            out.edits.append((t.start, t.end, t.replacement))
            continue
        top = next(s for s in tree.body if _contains(code, s, t.start))
        if not isinstance(top, MOVABLE) or any(
            isinstance(n, FUNCTIONS) and _contains(code, n, t.start) for n in ast.walk(top)
        ):
            raise FixError(
                f"line {_line(code, t.start)}: the credential is read outside handler(), where "
                "the connected account is not available; change it by hand"
            )
        tops[top.lineno] = top
    if tops:
        out.edits += _move(code, tree, handler, list(tops.values()), tokens)
    unused = _unused_os_import(code, tree, tokens)
    if unused is not None:
        out.edits.append(unused)
    return out


def _unused_os_import(
    code: Code, tree: ast.Module, tokens: list[TokenEdit]
) -> tuple[int, int, str] | None:
    """The `import os` line, when every use of `os` is a credential read the fix replaces."""
    imports = [
        s
        for s in tree.body
        if isinstance(s, ast.Import) and [(a.name, a.asname) for a in s.names] == [("os", None)]
    ]
    if len(imports) != 1:
        return None
    for node in code.py_nodes:
        if isinstance(node, ast.Name) and node.id == "os":
            at = code.py_node_offsets(node)[0]
            if not any(t.start <= at < t.end for t in tokens):
                return None
    start = line_start(code.data, code.py_node_offsets(imports[0])[0])
    end = line_end(code.data, start)
    if code.data[start:end].strip() != b"import os":
        return None  # shares its line with something else: leave it
    after = line_end(code.data, end)
    if code.data[end:after].strip() == b"" and (start == 0 or code.data[:start].endswith(b"\n\n")):
        end = after  # and the blank line that separated it, so no gap is left behind
    return start, end, ""


def _contains(code: Code, node: ast.AST, offset: int) -> bool:
    s, e = code.py_node_offsets(node)
    return s <= offset < e


def _check_other_reads(code: Code, tokens: list[TokenEdit], scope: PyScope) -> None:
    spans = {(t.start, t.end) for t in tokens}
    envs = {t.env for t in tokens}
    for node in code.py_nodes:
        if not isinstance(node, ast.Subscript | ast.Call):
            continue
        name = scope.env_name(node)
        if name in envs and code.py_node_offsets(node) not in spans:
            raise FixError(f"{name} is also read at line {node.lineno}; change the step by hand")


def _check_nested(code: Code, handler: ast.AST, t: TokenEdit, pd: str) -> None:
    for node in ast.walk(handler):
        if node is handler or not isinstance(node, FUNCTIONS) or not _contains(code, node, t.start):
            continue
        args = node.args
        if pd in {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}:
            raise FixError(
                f"line {_line(code, t.start)}: a nested function names its own {pd}; "
                "change it by hand"
            )


def _bound(stmt: ast.stmt) -> set[str]:
    targets: list[ast.expr] = []
    if isinstance(stmt, ast.Assign):
        targets = list(stmt.targets)
    elif isinstance(stmt, ast.AnnAssign):
        targets = [stmt.target]
    names = set()
    for target in targets:
        for n in ast.walk(target):
            if isinstance(n, ast.Name):
                names.add(n.id)
            elif isinstance(n, ast.Starred | ast.Subscript) and target is n:
                raise FixError(f"line {stmt.lineno}: an unusual assignment; change it by hand")
    return names


def _stored_in(handler: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Names `handler` binds locally (its parameters and assignments, not nested functions')."""
    names = {a.arg for a in [*handler.args.posonlyargs, *handler.args.args]}
    stack: list[ast.AST] = list(handler.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        if isinstance(node, (*FUNCTIONS, ast.ClassDef)):
            if not isinstance(node, ast.Lambda):
                names.add(node.name)
            continue
        stack.extend(ast.iter_child_nodes(node))
    return names


def _move(
    code: Code,
    tree: ast.Module,
    handler: ast.FunctionDef | ast.AsyncFunctionDef,
    tops: list[ast.stmt],
    tokens: list[TokenEdit],
) -> list[tuple[int, int, str]]:
    body = list(handler.body)
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        body = body[1:]  # the docstring stays first
    if not body:
        raise FixError("handler() has no code to put the set-up before; change it by hand")
    first_start = code.py_node_offsets(body[0])[0]
    indent = indent_of(code.data, first_start)
    declared = {
        name
        for n in ast.walk(handler)
        if isinstance(n, ast.Global | ast.Nonlocal)
        for name in n.names
    }
    local = _stored_in(handler)
    edits: list[tuple[int, int, str]] = []
    texts: list[str] = []
    for top in sorted(tops, key=lambda s: s.lineno):
        bound = _bound(top)
        if bound & declared:
            name = sorted(bound & declared)[0]
            raise FixError(f"handler() declares {name} global; change it by hand")
        inside = {id(n) for n in ast.walk(top)}
        h_start, h_end = code.py_node_offsets(handler)
        for n in ast.walk(tree):
            if isinstance(n, ast.Name) and n.id in bound and id(n) not in inside:
                s = code.py_node_offsets(n)[0]
                if not h_start <= s < h_end:
                    raise FixError(
                        f"{n.id} is also used outside handler() (line {n.lineno}); "
                        "change it by hand"
                    )
        loaded = {
            n.id for n in ast.walk(top) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
        }
        clash = sorted(loaded & local)
        if clash:
            raise FixError(f"handler() assigns {clash[0]} too; change it by hand")
        for n in ast.walk(top):
            if isinstance(n, ast.Constant | ast.JoinedStr) and n.lineno != n.end_lineno:
                raise FixError("the statement to move holds a multi-line string; change it by hand")
        start, end = code.py_node_offsets(top)
        (cut, stop), text = moved(code, start, end, tokens, b"#", indent)
        edits.append((cut, stop, ""))
        texts.append(text + "\n")
    at = line_start(code.data, first_start)
    edits.append((at, at, "".join(texts)))
    return edits
