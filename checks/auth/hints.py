"""The vocabulary's name hints (`might_be_secretish`, `might_be_verify_name`) over many spans of
one step: one lower-casing of the step's bytes, then case-sensitive searches.

The hints are case-insensitive alternations of lower-case words; on ASCII-lower-cased bytes the
same pattern without IGNORECASE matches at the same places (bytes patterns fold ASCII only, as
`bytes.lower` does), several times faster than the case-insensitive search.
"""

from __future__ import annotations

import re

from checks.parsing.code import Code
from checks.parsing.vocabulary import _SECRETISH_HINT, _VERIFY_HINT


def _case_sensitive(hint: re.Pattern[bytes]) -> re.Pattern[bytes]:
    # Only a pattern without upper-case letters means the same on lower-cased bytes.
    if hint.pattern != hint.pattern.lower() or not hint.flags & re.IGNORECASE:
        raise ValueError(f"not a lower-case, case-insensitive hint: {hint.pattern!r}")
    return re.compile(hint.pattern)


_SECRETISH = _case_sensitive(_SECRETISH_HINT)
_VERIFY = _case_sensitive(_VERIFY_HINT)


def _lowered(code: Code) -> bytes:
    return code.memo(_lowered, code.data.lower)


def secretish_within(code: Code, start: int, end: int) -> bool:
    """`might_be_secretish(code.data, start, end)`."""
    return _SECRETISH.search(_lowered(code), start, end) is not None


def verify_name_within(code: Code, start: int, end: int) -> bool:
    """`might_be_verify_name(code.data, start, end)`."""
    return _VERIFY.search(_lowered(code), start, end) is not None
