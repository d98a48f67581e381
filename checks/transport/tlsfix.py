"""SG202's exact fix: delete the setting that turns certificate checks off, when it is a
keyword argument of its own (`verify=False`, Python) or a flag word of its own (`curl -k`,
`wget --no-check-certificate`, Bash). The result is what the library does by default."""

from __future__ import annotations

import ast

from checks.model import Language
from checks.parsing import Code
from checks.transport.tls import TlsOff

PY_KEYWORDS = frozenset({"verify=False", "ssl=False", "verify_ssl=False"})
SH_FLAGS = frozenset({"-k", "--insecure", "--no-check-certificate"})
_BLANK = b" \t"


def removal(code: Code, off: TlsOff) -> tuple[int, int] | None:
    """The byte span of `code` to delete to turn verification back on, or None."""
    data, start, end = code.data, off.start, off.end
    if code.language is Language.PYTHON and off.what in PY_KEYWORDS:
        span = _keyword_span(data, start, end)
        if span is None:
            return None
        new = data[: span[0]] + data[span[1] :]
        try:
            ast.parse(new)
        except (SyntaxError, ValueError):
            return None
        return span
    if code.language is Language.BASH and data[start:end].decode("utf-8", "replace") in SH_FLAGS:
        if off.what.split(" ", 1)[-1] not in SH_FLAGS:
            return None
        if data[end : end + 1] == b" ":
            return start, end + 1
        if data[start - 1 : start] == b" ":
            return start - 1, end
    return None


def _keyword_span(data: bytes, start: int, end: int) -> tuple[int, int] | None:
    after = end
    while after < len(data) and data[after] in _BLANK:
        after += 1
    if data[after : after + 1] == b",":
        stop = after + 1
        while stop < len(data) and data[stop] in _BLANK:
            stop += 1
        line_start = data.rfind(b"\n", 0, start) + 1
        if data[stop : stop + 1] == b"\n" and not data[line_start:start].strip():
            return line_start, stop + 1  # the argument's own line
        if data[stop : stop + 1] not in (b"\n", b"\r", b""):
            return start, stop  # `verify=False, timeout=5` → `timeout=5`
        return start, after + 1
    before = start
    while before > 0 and data[before - 1] in _BLANK:
        before -= 1
    if data[before - 1 : before] == b",":
        return before - 1, end  # `…, verify=False)` → `…)`
    return None
