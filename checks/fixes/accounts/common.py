"""What the JS and Python rewrites of SG701's fix share: token edits, moved statements, lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from checks.fixes.journal import FixError
from checks.parsing import Code


@dataclass(frozen=True)
class TokenEdit:
    """One env read of the credential (`start`, `end`) and the `$auth` expression replacing it."""

    start: int
    end: int
    env: str
    replacement: str


@dataclass
class Plan:
    edits: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, new text)


def line_start(data: bytes, offset: int) -> int:
    return data.rfind(b"\n", 0, offset) + 1


def line_end(data: bytes, offset: int) -> int:
    """Offset just past the newline ending the line of `offset` (or the end of the data)."""
    end = data.find(b"\n", offset)
    return len(data) if end < 0 else end + 1


def indent_of(data: bytes, offset: int) -> str:
    start = line_start(data, offset)
    line = data[start:offset]
    if line.strip():
        raise FixError("the code to change shares its line with other code; change it by hand")
    return line.decode("utf-8")


def _blank(data: bytes, start: int, end: int) -> bool:
    return start < end and not data[start:end].strip()


def moved(
    code: Code,
    start: int,
    end: int,
    tokens: list[TokenEdit],
    comment: bytes,
    indent: str,
) -> tuple[tuple[int, int], str]:
    """Take the top-level statement [start, end) out of its lines: (the byte range to delete,
    its text re-indented by `indent` with the tokens inside it replaced). A trailing comment on
    its last line goes with it; other code on its lines is refused."""
    data = code.data
    if data[line_start(data, start) : start].strip():
        raise FixError(
            f"line {code.position(start)[0]}: the statement shares its line with other code"
        )
    stop = line_end(data, end)
    rest = data[end:stop].strip()
    if rest and not rest.startswith(comment):
        raise FixError(
            f"line {code.position(end)[0]}: the statement shares its line with other code"
        )
    text_end = end + len(data[end:stop].rstrip())
    inner = sorted((t for t in tokens if start <= t.start and t.end <= end), key=lambda t: t.start)
    pieces: list[bytes] = []
    pos = start
    for t in inner:
        pieces += [data[pos : t.start], t.replacement.encode("utf-8")]
        pos = t.end
    pieces.append(data[pos:text_end])
    lines = b"".join(pieces).decode("utf-8").split("\n")
    text = "\n".join(indent + ln if ln.strip() else ln.strip() for ln in lines)
    first = line_start(data, start)
    # Tidy: a statement between blank lines takes one of them along.
    after = line_end(data, stop) if stop < len(data) else stop
    if first > 0 and _blank(data, line_start(data, first - 1), first) and _blank(data, stop, after):
        stop = after
    return (first, stop), text
