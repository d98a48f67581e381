"""Look-alike names: Damerau-Levenshtein distance to a bundled list of popular packages."""

from __future__ import annotations

from functools import cache
from importlib import resources

from checks.packages.names import NPM, PYPI, normalize_pypi

DATA_FILES = {NPM: "popular-npm.txt", PYPI: "popular-pypi.txt"}


def damerau_levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """Optimal-string-alignment distance (insert, delete, substitute, swap neighbours).

    With `limit`, returns `limit + 1` as soon as the distance is known to exceed it.
    """
    if a == b:
        return 0
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if limit is not None and min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[len(b)]


@cache
def popular_names(ecosystem: str) -> frozenset[str]:
    """The bundled popular names (normalised for PyPI); empty if the data file is missing."""
    try:
        text = (
            resources.files("checks.packages")
            .joinpath("data", DATA_FILES[ecosystem])
            .read_text("utf-8")
        )
    except (OSError, KeyError, ModuleNotFoundError):
        return frozenset()
    names = (line.strip() for line in text.splitlines())
    return frozenset(_norm(ecosystem, n) for n in names if n and not n.startswith("#"))


def _norm(ecosystem: str, name: str) -> str:
    return normalize_pypi(name) if ecosystem == PYPI else name.lower()


def max_distance(name: str) -> int:
    """Distance allowed for a name: 0 (not checked) up to 3 chars, 1 up to 5, else 2."""
    if len(name) <= 3:
        return 0
    return 1 if len(name) <= 5 else 2


def lookalike(ecosystem: str, name: str, popular: frozenset[str] | None = None) -> str | None:
    """The popular package `name` is a near miss of, or None (popular names are never flagged)."""
    pool = popular if popular is not None else popular_names(ecosystem)
    n = _norm(ecosystem, name)
    if n in pool:
        return None
    limit = max_distance(n)
    if limit == 0:
        return None
    best: tuple[int, str] | None = None
    for p in pool:
        if abs(len(p) - len(n)) > limit or max_distance(p) == 0:
            continue
        d = damerau_levenshtein(n, p, limit)
        if d <= limit and (best is None or (d, p) < best):
            best = (d, p)
    return best[1] if best else None
