"""Redaction: the only form in which a secret value may leave its place."""

from __future__ import annotations

import hashlib


def secret_fingerprint(value: str) -> str:
    """Short, stable identifier of a secret value (not reversible for real secrets)."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def visible_prefix(value: str) -> str:
    """At most a quarter of the value and never more than 8 characters."""
    keep = min(8, len(value) // 4)
    # Known prefixes like `sk_live_` or `ghp_` carry no secret; random bodies do.
    return value[:keep]


def redact(value: str) -> str:
    """`sk_live_…(107 chars, fp 3f2a9c1e0b7d)` — a prefix, a length and a fingerprint."""
    return f"{visible_prefix(value)}…({len(value)} chars, fp {secret_fingerprint(value)})"


def redact_in(
    text: str, secrets: list[tuple[int, int]], redactions: list[str] | None = None
) -> str:
    """Replace each [start, end) character span of `text` by its redaction (any order)."""
    out = text
    for i, (start, end) in enumerate(sorted(secrets, reverse=True)):
        value = text[start:end]
        replacement = redactions[i] if redactions else redact(value)
        out = out[:start] + replacement + out[end:]
    return out
