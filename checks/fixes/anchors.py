"""Span arithmetic for the fix journal: where a recorded span is after other edits of its file.

A region is `(start, end, new_length)`: bytes [start, end) of a file are replaced by
`new_length` bytes. Regions of one edit are sorted and do not overlap. A span `(a, b)` recorded
by a journal entry has two anchors: its start and its end.
"""

from __future__ import annotations

from collections.abc import Sequence

Region = tuple[int, int, int]


class Clobbered(ValueError):
    """An anchor lies strictly inside a replaced region: the span depends on the edit."""


def shift(point: int, is_start: bool, regions: Sequence[Region]) -> int:
    """Where `point` is after `regions` are applied.

    An anchor at the very spot of an insertion moves past the inserted text when it starts a
    span (the insertion is before that span) and stays when it ends one.
    """
    delta = 0
    for start, end, size in regions:
        change = size - (end - start)
        if start == end:
            if point > start or (point == start and is_start):
                delta += change
        elif point >= end:
            delta += change
        elif point > start:
            raise Clobbered(point)
    return point + delta


def conflicts(a: int, b: int, start: int, end: int) -> bool:
    """Whether a recorded span [a, b) and a replaced region [start, end) depend on each other:
    they overlap or touch. Touching counts because once either side shrinks to nothing, which
    of the two came first at that spot could no longer be told.
    """
    return a <= end and start <= b


def post_starts(regions: Sequence[Region]) -> list[int]:
    """Where each region starts after all of `regions` are applied."""
    out: list[int] = []
    delta = 0
    for start, end, size in regions:
        out.append(start + delta)
        delta += size - (end - start)
    return out
