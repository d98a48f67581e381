"""Step code for display: secrets redacted in place, then highlighted with pygments.

The redaction happens on the raw text *before* anything is highlighted or put into a widget, so
a secret value never reaches the screen, a snapshot or a log.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pygments import lex
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.token import Comment, Keyword, Name, Number, Operator, String, Token
from pygments.util import ClassNotFound
from textual.content import Content

from checks.escape import escape_controls
from checks.model import Category, Finding, Language, Severity
from checks.redact import redact
from checks.secrets.text import known_secret_values

LEXERS = {
    Language.NODE: "javascript",
    Language.TYPESCRIPT: "typescript",
    Language.PYTHON: "python",
    Language.BASH: "bash",
    Language.GO: "go",
}

# Theme variables only (contrast-adjusted `$text-*`), so light and dark themes both read well.
TOKEN_STYLES: list[tuple[Any, str]] = [
    (Comment, "italic $text-muted"),
    (String, "$text-success"),
    (Number, "$text-warning"),
    (Keyword, "bold $text-accent"),
    (Name.Builtin, "$text-secondary"),
    (Name.Function, "$text-primary"),
    (Name.Class, "bold $text-primary"),
    (Name.Decorator, "$text-secondary"),
    (Operator.Word, "bold $text-accent"),
]

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold #e5484d",
    Severity.HIGH: "#e5484d",
    Severity.MEDIUM: "#f76b15",
    Severity.LOW: "#d6a100",
    Severity.INFO: "#3e9bd6",
}
SEVERITY_MARK = {
    Severity.CRITICAL: "◆",
    Severity.HIGH: "●",
    Severity.MEDIUM: "▲",
    Severity.LOW: "△",
    Severity.INFO: "·",
}
LINE_SHADE = {
    Severity.CRITICAL: "on $error 25%",
    Severity.HIGH: "on $error 18%",
    Severity.MEDIUM: "on $warning 18%",
    Severity.LOW: "on $warning 10%",
    Severity.INFO: "on $primary 10%",
}


def severity_badge(severity: Severity) -> Content:
    return Content.styled(f"{SEVERITY_MARK[severity]} {severity.label}", SEVERITY_STYLE[severity])


def _char_offset(data: bytes, byte_offset: int) -> int:
    return len(data[: max(0, min(byte_offset, len(data)))].decode("utf-8", "replace"))


def secret_spans(code: str, findings: Iterable[Finding]) -> list[tuple[int, int]]:
    """Character spans of the secret values the findings point at (non-overlapping, sorted)."""
    data = code.encode("utf-8", "surrogatepass")
    spans: list[tuple[int, int]] = []
    for f in findings:
        if f.category is not Category.SECRET or f.start_byte is None or f.end_byte is None:
            continue
        if f.end_byte <= f.start_byte:
            continue
        spans.append((_char_offset(data, f.start_byte), _char_offset(data, f.end_byte)))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def value_spans(code: str, language: Language) -> list[tuple[int, int]]:
    """Character spans of every occurrence of every secret value the detectors know in `code`.

    Independent of findings: a value whose finding was suppressed (`stepguard: ignore[…]`) or
    a second copy the detectors did not flag is still masked wherever it occurs.
    """
    spans: list[tuple[int, int]] = []
    for value in known_secret_values(code, language):
        start = code.find(value)
        while start != -1:
            spans.append((start, start + len(value)))
            start = code.find(value, start + len(value))
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def redact_code(code: str, findings: Iterable[Finding], language: Language | None = None) -> str:
    """`code` with every secret finding's span, and (given the language) every occurrence of
    every value the detectors know, replaced by its redaction.

    A multi-line span keeps its line breaks so that line numbers still match the findings.
    """
    out = code
    spans = secret_spans(code, findings)
    if language is not None:
        spans = _merge([*spans, *value_spans(code, language)])
    for start, end in reversed(spans):
        value = code[start:end]
        replacement = _redaction(value) + "\n" * value.count("\n")
        out = out[:start] + replacement + out[end:]
    return out


def _redaction(value: str) -> str:
    quote = value[0] if len(value) >= 2 and value[0] in "\"'`" and value[-1] == value[0] else ""
    inner = value[1:-1] if quote else value
    return f"{quote}{redact(inner)}{quote}"


def _printable(code: str) -> str:
    """Code as the screen may show it: control and bidi characters escaped (`\\x1b`), a CR
    before a line break dropped, so a line cannot be hidden, reordered or redrawn."""
    lines = code.split("\n")
    return "\n".join(
        escape_controls(line.removesuffix("\r").replace("\t", "    ")) for line in lines
    )


@lru_cache(maxsize=16)
def _lexer(language: Language) -> Lexer | None:
    name = LEXERS.get(language)
    if name is None:
        return None
    try:
        return get_lexer_by_name(name, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def _style_for(token: Any) -> str:
    for kind, style in TOKEN_STYLES:
        if token in kind:
            return style
    return ""


def highlight_lines(code: str, language: Language) -> list[Content]:
    """One `Content` per source line, coloured by token type."""
    lexer = _lexer(language)
    if lexer is None:
        return [Content(line) for line in code.split("\n")]
    lines: list[list[tuple[str, str]]] = [[]]
    for token, text in lex(code, lexer):
        style = _style_for(token) if token is not Token.Text else ""
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                lines.append([])
            if part:
                lines[-1].append((part.replace("\t", "    "), style))
    expected = code.count("\n") + 1
    while len(lines) < expected:
        lines.append([])
    return [Content.assemble(*parts) for parts in lines[:expected]]


def render_code(
    code: str,
    language: Language,
    findings: list[Finding],
    *,
    line_offset: int = 0,
    current_line: int | None = None,
) -> tuple[Content, int]:
    """The whole code block with a gutter (marker + line number) and shaded risky lines.

    Returns the content and the gutter width. `findings` use file line numbers; the code's
    first line is `line_offset + 1`.
    """
    safe = _printable(redact_code(code, findings, language))
    lines = highlight_lines(safe, language)
    worst: dict[int, Severity] = {}
    for f in findings:
        for line in range(f.line, max(f.line, f.end_line if f.end_line >= f.line else f.line) + 1):
            local = line - line_offset
            if local < 1:
                continue
            if local not in worst or f.severity > worst[local]:
                worst[local] = f.severity
            if f.end_line - f.line > 3:  # a whole-function finding: mark its first line only
                break
    width = len(str(len(lines) + line_offset))
    rows: list[Content] = []
    for i, text in enumerate(lines, start=1):
        sev = worst.get(i)
        number = str(i + line_offset).rjust(width)
        if sev is not None:
            mark = Content.styled(SEVERITY_MARK[sev], SEVERITY_STYLE[sev])
        else:
            mark = Content(" ")
        gutter_style = "bold $text-accent" if current_line == i + line_offset else "$text-muted"
        row = Content.assemble(mark, " ", (number, gutter_style), " │ ", text)
        if sev is not None:
            row = row.stylize(LINE_SHADE[sev], 2 + width + 3)
        rows.append(row)
    return Content("\n").join(rows), width + 5
