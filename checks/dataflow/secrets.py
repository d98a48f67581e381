"""Literal secrets as taint sources, from the secrets detectors when they are installed."""

from __future__ import annotations

from checks.parsing import Code
from checks.redact import redact


def literal_secrets(code: Code) -> tuple[list[tuple[int, int]], dict[tuple[int, int], str]]:
    """Byte spans of secret literals in `code` and a redacted label for each.

    Uses `checks.secrets.find_secrets` when importable (matches carry `.start/.end` byte
    spans); without it, literal secrets are simply not sources.
    """
    try:
        from checks.secrets import find_secrets  # type: ignore[attr-defined]
    except ImportError:
        return [], {}
    try:
        try:
            matches = find_secrets(code)
        except (TypeError, AttributeError):
            matches = find_secrets(code.text)
    except Exception:
        return [], {}
    spans: list[tuple[int, int]] = []
    labels: dict[tuple[int, int], str] = {}
    for m in matches or []:
        start, end = getattr(m, "start", None), getattr(m, "end", None)
        if (
            not isinstance(start, int)
            or not isinstance(end, int)
            or not 0 <= start < end <= len(code.data)
        ):
            continue
        spans.append((start, end))
        value = code.data[start:end].decode("utf-8", "replace")
        labels[(start, end)] = redact(value)
    return spans, labels
