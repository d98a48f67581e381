"""Calls between the functions a step defines: which of them reach a point, bounded.

Language-neutral: functions are named byte spans, calls are (site, callee name) pairs and
`owners(site)` names the step's functions a call is made from. `reaching` answers "which local
functions contain one of these offsets, or call (through at most `rounds` steps) one that
does" — e.g. the functions with an outbound request, so that `run` calling them counts as
doing the request.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

Site = TypeVar("Site")


def any_within(starts: Sequence[int], lo: int, hi: int) -> bool:
    """Some offset in the sorted sequence `starts` lies in [lo, hi)."""
    i = bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi


def reaching(
    functions: dict[str, tuple[int, int]],
    targets: Iterable[int],
    calls: Sequence[tuple[Site, str]],
    owners: Callable[[Site], Iterable[str]],
    entry: str,
    rounds: int = 3,
) -> set[str]:
    """Names of the step's functions other than `entry` that contain an offset of `targets` or
    call such a function (within `rounds` rounds of propagation)."""
    starts = sorted(targets)
    found = {
        name for name, (s, e) in functions.items() if name != entry and any_within(starts, s, e)
    }
    if not found:
        return found
    for _ in range(rounds):
        grew = False
        for site, callee in calls:
            if callee not in found:
                continue
            for owner in owners(site):
                if owner and owner != entry and owner not in found:
                    found.add(owner)
                    grew = True
        if not grew:
            break
    return found


def containing(functions: dict[str, tuple[int, int]]) -> Callable[[int], list[str]]:
    """`owners` for call sites that are offsets: the functions whose span holds the offset."""
    return lambda site: [name for name, (s, e) in functions.items() if s <= site < e]
