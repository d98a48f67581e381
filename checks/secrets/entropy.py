"""Randomness measures: Shannon entropy and character-class mix."""

from __future__ import annotations

import math
import re
from collections import Counter

HEX = frozenset("0123456789abcdefABCDEF")
_HEX_RE = re.compile(r"[0-9a-fA-F]+")


def shannon(value: str) -> float:
    """Bits per character of `value` (0.0 for the empty string)."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def char_classes(value: str) -> int:
    """How many of lower, upper, digit, other appear in `value`."""
    lower = upper = digit = other = 0
    for ch in value:
        if ch.islower():
            lower = 1
        elif ch.isupper():
            upper = 1
        elif ch.isdigit():
            digit = 1
        else:
            other = 1
    return lower + upper + digit + other


def is_hex(value: str) -> bool:
    return bool(_HEX_RE.fullmatch(value))


def entropy_threshold(value: str) -> float:
    """The entropy a random string of this length and alphabet reaches with high probability."""
    n = len(value)
    if is_hex(value):
        return min(3.0, math.log2(n) * 0.75)
    return min(3.7, math.log2(n) * 0.8)


def looks_random(value: str, min_length: int = 16) -> bool:
    """True when `value` looks like generated key material rather than words or an identifier."""
    if len(value) < min_length:
        return False
    if any(ch.isspace() for ch in value):
        return False
    if shannon(value) < entropy_threshold(value):
        return False
    if is_hex(value):
        return any(ch.isdigit() for ch in value) and any(ch.isalpha() for ch in value)
    classes = char_classes(value)
    if classes < 2:
        return False
    has_digit = any(ch.isdigit() for ch in value)
    if not has_digit and classes < 3 and len(value) < 32:
        return False
    return not _wordy(value)


_SEGMENTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_SEPARATORS = re.compile(r"[-_./:]+")
_WORD_PART = re.compile(r"[a-z]+\d{0,2}|[A-Z]+\d{0,2}|[A-Z][a-z]+\d{0,2}|\d{1,4}")


def _wordy(value: str) -> bool:
    """Identifier-like text: `user_profile_settings`, `aws-s3-upload-files`, `fetchUserData2`."""
    pieces = [p for p in _SEPARATORS.split(value) if p]
    if len(pieces) >= 2:
        wordlike = sum(1 for p in pieces if _WORD_PART.fullmatch(p))
        if wordlike >= len(pieces) * 0.75:
            return True
    parts = _SEGMENTS.findall(value)
    if not parts:
        return False
    letters = [p for p in parts if not p.isdigit()]
    digits = sum(len(p) for p in parts if p.isdigit())
    if digits > 4:
        return False
    # Random strings break into many short fragments; words are long and few.
    long_words = sum(1 for p in letters if len(p) >= 4)
    return bool(letters) and long_words >= len(letters) * 0.75 and len(letters) <= len(value) / 4
