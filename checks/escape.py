"""Escape control characters before a string reaches a terminal, a CI log or a report.

A file name or message from a scanned repository may carry ESC/OSC sequences, CR or LF (to
spoof or hide lines) or bidirectional overrides (to reorder what is shown). Every such character
becomes a visible escape: `\\x1b`, `\\r`, `\\n`, `\\u202e`.
"""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# C0 controls, DEL, C1 controls, bidi marks/overrides/isolates, line/paragraph separators.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]"
)


def _escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_controls(text: str, *, keep: str = "") -> str:
    """`text` with every control or bidi character shown as an escape (printable text unchanged).

    `keep`: characters left as they are (a tab in displayed code, the line breaks of a snippet).
    """
    if not isinstance(text, str):
        text = str(text)
    if keep:
        return _UNSAFE.sub(lambda m: m.group(0) if m.group(0) in keep else _escape(m), text)
    return _UNSAFE.sub(_escape, text)


def code_text(text: str) -> str:
    """Code or a file's content meant for a pipe: byte-exact except for control characters
    other than newline and tab, which are escaped (ESC, CR, BEL, bidi overrides, …)."""
    return escape_controls(text, keep="\n\t")


def has_controls(text: str) -> bool:
    return _UNSAFE.search(text) is not None


# Inside JSON strings these may stand raw (the encoder escapes only C0 controls); written as
# `\\uXXXX` escapes instead, the document holds the same strings and is safe to print.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]"
)


def json_safe(document: str) -> str:
    """A JSON text with DEL, C1 controls and bidi characters written as `\\uXXXX` escapes."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", document)
