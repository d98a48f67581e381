"""Rewrite secret occurrences in Bash steps to `"$NAME"` / `${NAME}`.

A small quoting lexer (not a regex) finds the context of each secret: unquoted, '…', "…",
$'…', an unquoted or quoted heredoc body, or a comment. `bash -n` checks the result.
- unquoted `sk_…` → `"$NAME"`;  "…sk_…" → `"…$NAME…"` (`${NAME}` before name characters)
- '…sk_…' → `'…'"$NAME"'…'` (close, reference, reopen; a whole '…' becomes `"$NAME"`)
- unquoted heredoc → `${NAME}`; comment → `$NAME`; a quoted heredoc (<<'EOF') is refused.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

from checks.fixes.secrets.edits import Edit, RewriteRefused, Span


@dataclass
class Region:
    kind: str  # "sq" | "dq" | "ansi" | "comment" | "heredoc" | "heredoc-quoted"
    start: int  # first byte of the region (opening quote for quoted regions)
    body_start: int
    body_end: int
    end: int  # one past the closing quote


def _name_char(b: int) -> bool:
    return chr(b).isascii() and (chr(b).isalnum() or chr(b) == "_")


class _Lexer:
    def __init__(self, data: bytes) -> None:
        self.d = data
        self.n = len(data)
        self.regions: list[Region] = []
        self.pending: list[tuple[bytes, bool, bool]] = []  # (delimiter, quoted, strip tabs)

    def run(self) -> list[Region]:
        self._normal(0, closer=None)
        return self.regions

    # Returns the index just past the closer (or n).
    def _normal(self, i: int, closer: bytes | None) -> int:
        d, n = self.d, self.n
        word_start = True
        while i < n:
            c = d[i : i + 1]
            if closer is not None and c == closer:
                return i + 1
            if c == b"\\":
                i += 2
                word_start = False
                continue
            if c == b"'":
                i = self._quoted(i, i + 1, b"'", "sq")
            elif c == b'"':
                i = self._dq(i)
            elif d[i : i + 2] == b"$'":
                i = self._quoted(i, i + 2, b"'", "ansi", escapes=True)
            elif d[i : i + 2] == b"$(":
                i = self._normal(i + 2, closer=b")")
            elif d[i : i + 2] == b"${":
                i = self._normal(i + 2, closer=b"}")
            elif c == b"`":
                i = self._normal(i + 1, closer=b"`")
            elif c == b"(" and closer == b")":
                i = self._normal(i + 1, closer=b")")
            elif c == b"#" and word_start:
                end = d.find(b"\n", i)
                end = n if end == -1 else end
                self.regions.append(Region("comment", i, i + 1, end, end))
                i = end
            elif d[i : i + 2] == b"<<" and d[i : i + 3] != b"<<<":
                i = self._heredoc_op(i + 2)
            elif c == b"\n":
                i = self._heredoc_bodies(i + 1)
                word_start = True
                continue
            else:
                i += 1
            word_start = c in (b" ", b"\t", b";", b"&", b"|", b"(", b")", b"\n")
        return i

    def _quoted(self, start: int, body: int, close: bytes, kind: str, escapes: bool = False) -> int:
        i = body
        while i < self.n:
            c = self.d[i : i + 1]
            if escapes and c == b"\\":
                i += 2
                continue
            if c == close:
                self.regions.append(Region(kind, start, body, i, i + 1))
                return i + 1
            i += 1
        raise RewriteRefused("the Bash code has an unterminated quote")

    def _dq(self, start: int) -> int:
        i = start + 1
        d = self.d
        while i < self.n:
            c = d[i : i + 1]
            if c == b"\\":
                i += 2
            elif c == b'"':
                self.regions.append(Region("dq", start, start + 1, i, i + 1))
                return i + 1
            elif d[i : i + 2] == b"$(":
                i = self._normal(i + 2, closer=b")")
            elif d[i : i + 2] == b"${":
                i = self._normal(i + 2, closer=b"}")
            elif c == b"`":
                i = self._normal(i + 1, closer=b"`")
            else:
                i += 1
        raise RewriteRefused("the Bash code has an unterminated double quote")

    def _heredoc_op(self, i: int) -> int:
        d = self.d
        strip = d[i : i + 1] == b"-"
        if strip:
            i += 1
        while d[i : i + 1] in (b" ", b"\t"):
            i += 1
        word = bytearray()
        quoted = False
        while i < self.n and d[i : i + 1] not in (
            b" ",
            b"\t",
            b"\n",
            b";",
            b"|",
            b"&",
            b")",
            b"<",
            b">",
        ):
            c = d[i : i + 1]
            if c in (b"'", b'"'):
                quoted = True
                end = d.find(c, i + 1)
                if end == -1:
                    raise RewriteRefused("the Bash code has an unterminated heredoc delimiter")
                word += d[i + 1 : end]
                i = end + 1
                continue
            if c == b"\\":
                quoted = True
                word += d[i + 1 : i + 2]
                i += 2
                continue
            word += c
            i += 1
        if word:
            self.pending.append((bytes(word), quoted, strip))
        return i

    def _heredoc_bodies(self, i: int) -> int:
        while self.pending:
            word, quoted, strip = self.pending.pop(0)
            body = i
            while i < self.n:
                end = self.d.find(b"\n", i)
                end = self.n if end == -1 else end
                line = self.d[i:end]
                if (line.lstrip(b"\t") if strip else line) == word:
                    kind = "heredoc-quoted" if quoted else "heredoc"
                    self.regions.append(Region(kind, body, body, i, i))
                    i = min(end + 1, self.n)
                    break
                i = end + 1
            else:
                raise RewriteRefused("the Bash code has an unterminated heredoc")
        return i


def _innermost(regions: list[Region], span: Span) -> Region | None:
    inside = [r for r in regions if r.body_start <= span.start and span.end <= r.body_end]
    return min(inside, key=lambda r: r.body_end - r.body_start) if inside else None


def _crosses(regions: list[Region], span: Span) -> bool:
    return any(
        span.start < point < span.end
        for r in regions
        for point in (r.start, r.body_start, r.body_end, r.end)
    )


def rewrite_bash(data: bytes, spans: list[Span]) -> list[Edit]:
    regions = _Lexer(data).run()
    edits: list[Edit] = []
    by_region: dict[int, tuple[Region, list[Span]]] = {}
    for span in sorted(spans, key=lambda s: s.start):
        if _crosses(regions, span):
            raise RewriteRefused("the secret straddles a quote boundary; edit it by hand")
        region = _innermost(regions, span)
        if region is None:
            edits.append(Edit(span.start, span.end, f'"${span.name}"'.encode()))
        elif region.kind == "comment":
            edits.append(Edit(span.start, span.end, f"${span.name}".encode()))
        elif region.kind == "heredoc":
            edits.append(Edit(span.start, span.end, f"${{{span.name}}}".encode()))
        elif region.kind == "heredoc-quoted":
            raise RewriteRefused(
                "the secret is in a quoted heredoc (no expansion); edit it by hand"
            )
        elif region.kind == "dq":
            nxt = data[span.end : span.end + 1]
            ref = f"${{{span.name}}}" if nxt and _name_char(nxt[0]) else f"${span.name}"
            edits.append(Edit(span.start, span.end, ref.encode()))
        else:
            by_region.setdefault(region.start, (region, []))[1].append(span)
    for region, group in by_region.values():
        edits.append(_reopen(data, region, group))
    return edits


def _reopen(data: bytes, region: Region, group: list[Span]) -> Edit:
    """'a sk b' → 'a '"$N"' b': close the quote, reference the variable, reopen."""
    opener = data[region.start : region.body_start]
    parts: list[bytes] = []
    pos = region.body_start
    for span in group:
        if pos < span.start:
            parts.append(opener + data[pos : span.start] + b"'")
        parts.append(f'"${span.name}"'.encode())
        pos = span.end
    if pos < region.body_end:
        parts.append(opener + data[pos : region.body_end] + b"'")
    return Edit(region.start, region.end, b"".join(parts))


def bash_syntax_ok(data: bytes) -> bool | None:
    """`bash -n` on the text (through a pipe, never a file); None when bash is unavailable."""
    bash = shutil.which("bash")
    if bash is None:
        return None
    try:
        proc = subprocess.run(
            [bash, "-n"], input=data, capture_output=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.returncode == 0
