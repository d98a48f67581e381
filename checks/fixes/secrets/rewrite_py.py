"""Rewrite secret occurrences in Python to `os.environ["NAME"]`, adding `import os` if needed.

String tokens come from `tokenize` (exact prefix and quotes), statements from `ast`:
- a whole string literal → `os.environ["NAME"]` (bytes: `os.environ["NAME"].encode()`)
- a string with other text → an f-string when that keeps every other byte as it is
  (`"Bearer sk_…"` → `f"Bearer {os.environ['NAME']}"`), else a parenthesised concatenation
  (`("{Bearer} " + os.environ["NAME"])`); inside an existing f-string → `{os.environ['NAME']}`
- a comment or a bare string statement (docstring) → the text `os.environ['NAME']`
When the name `os` is bound to anything but the os module anywhere in the file (a parameter,
a local, a lambda or comprehension variable, `import x as os`), the code references use a fresh
alias instead (`import os as _os` … `_os.environ["NAME"]`), so no scope can shadow them.
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass

from checks.fixes.secrets.edits import Edit, RewriteRefused, Span

FSTRING_START = getattr(tokenize, "FSTRING_START", None)
FSTRING_END = getattr(tokenize, "FSTRING_END", None)


@dataclass
class Literal:
    start: int
    end: int
    prefix: str
    quote: str

    @property
    def body(self) -> tuple[int, int]:
        return self.start + len(self.prefix) + len(self.quote), self.end - len(self.quote)

    def has(self, letter: str) -> bool:
        return letter in self.prefix.lower()


class _Offsets:
    """Convert tokenize's (row, character column) to byte offsets."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line.encode("utf-8", "surrogateescape")))

    def byte(self, row: int, col: int) -> int:
        if row - 1 >= len(self.lines):
            return self.starts[-1]
        line = self.lines[row - 1]
        return self.starts[row - 1] + len(line[:col].encode("utf-8", "surrogateescape"))

    def line_start(self, row: int) -> int:
        return self.starts[min(row - 1, len(self.starts) - 1)]


def env_ref(name: str, quote: str = '"', module: str = "os") -> str:
    return f"{module}.environ[{quote}{name}{quote}]"


def _bound_names(tree: ast.Module) -> tuple[set[str], bool]:
    """Every identifier in the file, and whether `os` is ever bound to something else."""
    names: set[str] = set()
    shadowed = False
    for node in ast.walk(tree):
        bound: list[str] = []
        if isinstance(node, ast.Name):
            names.add(node.id)
            if not isinstance(node.ctx, ast.Load):
                bound.append(node.id)
        elif isinstance(node, ast.arg):
            bound.append(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.append(node.name)
        elif isinstance(node, ast.Import):
            for a in node.names:
                local = a.asname or a.name.split(".")[0]
                names.add(local)
                the_module = a.name == "os" or (a.asname is None and a.name.startswith("os."))
                shadowed = shadowed or (local == "os" and not the_module)
        elif isinstance(node, ast.ImportFrom):
            names.update(a.asname or a.name for a in node.names)
            shadowed = shadowed or any((a.asname or a.name) == "os" for a in node.names)
        elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
            bound.append(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            bound.append(node.rest)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            names.update(node.names)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        names.update(bound)
        shadowed = shadowed or "os" in bound
    return names, shadowed


def _module_name(tree: ast.Module) -> str:
    """`os`, or a fresh alias for it when `os` is bound to something else somewhere."""
    names, shadowed = _bound_names(tree)
    if not shadowed:
        return "os"
    alias, n = "_os", 1
    while alias in names:
        alias, n = f"_os{n}", n + 1
    return alias


def _literal(start: int, end: int, source: str) -> Literal:
    i = 0
    while i < len(source) and source[i].isalpha():
        i += 1
    prefix, rest = source[:i], source[i:]
    quote = rest[:3] if rest[:3] in ('"""', "'''") else rest[:1]
    return Literal(start, end, prefix, quote)


def _scan(text: str) -> tuple[list[Literal], list[tuple[int, int]]]:
    """All string literals (including f-strings) and comments, as byte ranges."""
    offsets = _Offsets(text)
    literals: list[Literal] = []
    comments: list[tuple[int, int]] = []
    stack: list[tuple[int, str]] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            start = offsets.byte(*tok.start)
            end = offsets.byte(*tok.end)
            if tok.type == tokenize.STRING:
                literals.append(_literal(start, end, tok.string))
            elif tok.type == tokenize.COMMENT:
                comments.append((start, end))
            elif FSTRING_START is not None and tok.type == FSTRING_START:
                stack.append((start, tok.string))
            elif FSTRING_END is not None and tok.type == FSTRING_END and stack:
                s, opening = stack.pop()
                literals.append(_literal(s, end, opening))
    except (tokenize.TokenError, SyntaxError, IndentationError) as exc:
        raise RewriteRefused(f"the Python code does not tokenize ({exc.args[0]})") from None
    return literals, comments


def _docstring_ranges(tree: ast.Module, text: str) -> list[tuple[int, int]]:
    """Byte ranges of bare string statements (docstrings and the like)."""
    offsets = _Offsets(text)
    out: list[tuple[int, int]] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str | bytes)
        ):
            start = offsets.line_start(node.lineno) + node.col_offset
            end = offsets.line_start(node.end_lineno or node.lineno) + (node.end_col_offset or 0)
            out.append((start, end))
    return out


def _string_nodes(tree: ast.Module, text: str) -> list[tuple[int, int]]:
    """Byte ranges of whole string expressions (an implicit concatenation is one)."""
    offsets = _Offsets(text)
    out: list[tuple[int, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.Constant) and isinstance(node.value, str | bytes)
        ):
            start = offsets.line_start(node.lineno) + node.col_offset
            end = offsets.line_start(node.end_lineno or node.lineno) + (node.end_col_offset or 0)
            out.append((start, end))
    return out


def rewrite_python(data: bytes, spans: list[Span]) -> list[Edit]:
    """Edits replacing every span (plus `import os` when needed); raises RewriteRefused."""
    text = data.decode("utf-8", "surrogateescape")
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError) as exc:
        raise RewriteRefused(f"the Python code does not parse ({type(exc).__name__})") from None
    literals, comments = _scan(text)
    docstrings = _docstring_ranges(tree, text)
    expressions = _string_nodes(tree, text)
    module = _module_name(tree)
    edits: list[Edit] = []
    needs_os = False
    groups: dict[int, tuple[Literal, list[Span]]] = {}
    for span in sorted(spans, key=lambda s: s.start):
        comment = next((c for c in comments if c[0] <= span.start and span.end <= c[1]), None)
        if comment is not None:
            edits.append(Edit(span.start, span.end, env_ref(span.name).encode()))
            continue
        inside = [lit for lit in literals if lit.body[0] <= span.start and span.end <= lit.body[1]]
        if not inside:
            raise RewriteRefused("the secret is not inside a string or comment")
        lit = min(inside, key=lambda lit: lit.end - lit.start)
        groups.setdefault(lit.start, (lit, []))[1].append(span)
    for lit, group in groups.values():
        if any(d[0] <= lit.start and lit.end <= d[1] for d in docstrings):
            q = "'" if lit.quote[0] == '"' else '"'
            edits.extend(Edit(s.start, s.end, env_ref(s.name, q).encode()) for s in group)
            continue
        alone = (lit.start, lit.end) in expressions
        edits.append(_literal_edit(data, lit, group, alone, module))
        needs_os = True
    if needs_os and (module != "os" or not _imports_os(tree)):
        edits.append(_import_os_edit(data, tree, text, module))
    return edits


def _literal_edit(
    data: bytes, lit: Literal, group: list[Span], alone: bool, module: str = "os"
) -> Edit:
    body_start, body_end = lit.body
    is_bytes = lit.has("b")
    whole = len(group) == 1 and (group[0].start, group[0].end) == (body_start, body_end)
    if whole and alone:
        ref = env_ref(group[0].name, module=module) + (".encode()" if is_bytes else "")
        return Edit(lit.start, lit.end, ref.encode())
    if is_bytes:
        if not alone:
            raise RewriteRefused(
                "the secret is in a bytes literal joined to others; edit it by hand"
            )
        return Edit(
            lit.start,
            lit.end,
            _concatenation(data, lit, group, module).encode("utf-8", "surrogateescape"),
        )
    pieces = _pieces(data, body_start, body_end, group)
    if lit.has("f"):
        _check_outside_fields(pieces)
        return Edit(
            lit.start,
            lit.end,
            _fstring(lit, pieces, lit.prefix, module).encode("utf-8", "surrogateescape"),
        )
    rest = "".join(p for p in pieces if isinstance(p, str))
    if not lit.has("u") and "{" not in rest and "}" not in rest:
        return Edit(
            lit.start,
            lit.end,
            _fstring(lit, pieces, lit.prefix + "f", module).encode("utf-8", "surrogateescape"),
        )
    if not alone:
        raise RewriteRefused("the secret is in a string joined to others; edit it by hand")
    return Edit(
        lit.start,
        lit.end,
        _concatenation(data, lit, group, module).encode("utf-8", "surrogateescape"),
    )


def _pieces(data: bytes, start: int, end: int, group: list[Span]) -> list[str | Span]:
    out: list[str | Span] = []
    pos = start
    for span in group:
        out.append(data[pos : span.start].decode("utf-8", "surrogateescape"))
        out.append(span)
        pos = span.end
    out.append(data[pos:end].decode("utf-8", "surrogateescape"))
    return out


def _check_outside_fields(pieces: list[str | Span]) -> None:
    """In an f-string, every secret must sit in literal text, not inside a `{…}` field."""
    depth = 0
    for piece in pieces:
        if isinstance(piece, Span):
            if depth:
                raise RewriteRefused("the secret is inside an f-string field; edit it by hand")
            continue
        i = 0
        while i < len(piece):
            two = piece[i : i + 2]
            if depth == 0 and two in ("{{", "}}"):
                i += 2
                continue
            if piece[i] == "{":
                depth += 1
            elif piece[i] == "}" and depth:
                depth -= 1
            i += 1


def _fstring(lit: Literal, pieces: list[str | Span], prefix: str, module: str = "os") -> str:
    inner_quote = "'" if lit.quote[0] == '"' else '"'
    body = "".join(
        f"{{{env_ref(p.name, inner_quote, module)}}}" if isinstance(p, Span) else p for p in pieces
    )
    return f"{prefix}{lit.quote}{body}{lit.quote}"


def _concatenation(data: bytes, lit: Literal, group: list[Span], module: str = "os") -> str:
    body_start, body_end = lit.body
    parts: list[str] = []
    suffix = ".encode()" if lit.has("b") else ""
    for piece in _pieces(data, body_start, body_end, group):
        if isinstance(piece, Span):
            parts.append(env_ref(piece.name, module=module) + suffix)
        elif piece:
            parts.append(f"{lit.prefix}{lit.quote}{piece}{lit.quote}")
    return parts[0] if len(parts) == 1 else "(" + " + ".join(parts) + ")"


def _imports_os(tree: ast.Module) -> bool:
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname is None and alias.name.split(".")[0] == "os":
                    return True
                if alias.asname == "os" and alias.name == "os":
                    return True
    return False


def _import_os_edit(data: bytes, tree: ast.Module, text: str, module: str = "os") -> Edit:
    """`import os` (or `import os as ALIAS`) after the docstring and `__future__` imports."""
    offsets = _Offsets(text)
    newline = "\r\n" if b"\r\n" in data.split(b"\n", 1)[0] + b"\n" else "\n"
    body = list(tree.body)
    header_end_line = 0
    i = 0
    first = body[0] if body else None
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        header_end_line = first.end_lineno or first.lineno
        i = 1
    while i < len(body):
        stmt = body[i]
        if not (isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__"):
            break
        header_end_line = stmt.end_lineno or stmt.lineno
        i += 1
    line = (f"import os{newline}" if module == "os" else f"import os as {module}{newline}").encode()
    if i < len(body):
        first = body[i]
        decorators = getattr(first, "decorator_list", []) or []
        lineno = min([first.lineno] + [d.lineno for d in decorators])
        if lineno > header_end_line:
            return Edit(offsets.line_start(lineno), offsets.line_start(lineno), line)
    if header_end_line and header_end_line < len(offsets.lines):
        pos = offsets.line_start(header_end_line + 1)
        return Edit(pos, pos, line)
    if data and not data.endswith(b"\n"):
        line = newline.encode() + line
    return Edit(len(data), len(data), line)
