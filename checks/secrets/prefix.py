"""The public prefix of a token: the fixed characters its format starts with (`ghp_`, `sk_live_`).

Only a value that fully matches a provider token format has one; the prefix is that format's
literal start, never a character of the random body. Generic secrets have none.
"""

from __future__ import annotations

import re

from checks.secrets.catalog import DETECTORS

_PEM_HEADER = re.compile(r"-----BEGIN [A-Z0-9 ]{1,40}-----")
# (keyword as it starts a value, its length, the format's pattern, whether case is folded)
_STARTS = tuple(
    (kw.decode("utf-8"), d.pattern, bool(d.pattern.flags & re.IGNORECASE))
    for d in DETECTORS
    if d.pattern is not None
    for kw in d.keywords
)


def public_prefix(value: str) -> str:
    """The longest fixed prefix of a token format that `value` fully matches, or ''."""
    pem = _PEM_HEADER.match(value)
    if pem is not None:
        return pem.group(0)
    best = ""
    data: bytes | None = None
    for kw, pattern, folded in _STARTS:
        if len(kw) <= len(best) or len(kw) >= len(value):
            continue
        head = value[: len(kw)]
        if (head.lower() if folded else head) != kw:
            continue
        if data is None:
            data = value.encode("utf-8", "surrogatepass")
        m = pattern.fullmatch(data)
        if m is None:
            continue
        span = m.span("v") if "v" in pattern.groupindex else m.span()
        if span == (0, len(data)):
            best = head
    return best
