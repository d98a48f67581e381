"""Byte-span edits and the error a rewriter raises when it must not touch a spot."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from checks.errors import StepguardError


class RewriteRefused(StepguardError):
    """This occurrence cannot be rewritten safely; the message says why (no secret in it)."""


@dataclass(frozen=True)
class Span:
    """One secret occurrence to replace: [start, end) bytes of a file, and its variable name."""

    start: int
    end: int
    name: str


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: bytes


def apply_edits(data: bytes, edits: list[Edit]) -> bytes:
    """Apply non-overlapping edits; raise RewriteRefused if two overlap."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for a, b in itertools.pairwise(ordered):
        if b.start < a.end:
            raise RewriteRefused("two secrets overlap in one place; edit it by hand")
    out = bytearray()
    pos = 0
    for e in ordered:
        out += data[pos : e.start]
        out += e.replacement
        pos = e.end
    out += data[pos:]
    return bytes(out)
