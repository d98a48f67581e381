"""Literal secrets as taint sources, from the secrets detectors."""

from __future__ import annotations

from checks.parsing import Code
from checks.redact import redact
from checks.secrets import find_secrets


def literal_secrets(code: Code) -> tuple[list[tuple[int, int]], dict[tuple[int, int], str]]:
    """Byte spans of secret literals in `code` and a redacted label for each (built once per
    step, kept on `code`: callers only read them).

    Uses `checks.secrets.find_secrets` (matches carry `.start/.end` byte spans). A failure of
    the detector propagates: the engine reports the rule as failed rather than losing SG601's
    literal sources without a word.
    """
    return code.memo(literal_secrets, lambda: _literal_secrets(code))


def _literal_secrets(code: Code) -> tuple[list[tuple[int, int]], dict[tuple[int, int], str]]:
    spans: list[tuple[int, int]] = []
    labels: dict[tuple[int, int], str] = {}
    for m in find_secrets(code):
        start, end = m.start, m.end
        if not 0 <= start < end <= len(code.data):
            continue
        spans.append((start, end))
        value = code.data[start:end].decode("utf-8", "replace")
        labels[(start, end)] = redact(value)
    return spans, labels
