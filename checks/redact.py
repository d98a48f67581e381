"""Redaction: the only form in which a secret value may leave its place.

`redact(value)` shows a known secret as its public prefix, its length and a keyed fingerprint;
`redact_text(text)` runs the secret detectors over any free text (a message, evidence, a parser
error, a URL, an exception) and redacts every value they find. Findings and skip reasons apply
`redact_text` when they are made, so a rule cannot forget it.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from checks.fpkey import fingerprint_key


def secret_fingerprint(value: str) -> str:
    """Short, stable identifier of a secret value: HMAC-SHA256 under the user's own key.

    Stable for one user (baselines, the scan cache and the vault manifest match across runs);
    without the key a short or human-chosen secret cannot be confirmed from it offline.
    """
    digest = hmac.new(fingerprint_key(), value.encode("utf-8", "surrogatepass"), hashlib.sha256)
    return digest.hexdigest()[:12]


def visible_prefix(value: str) -> str:
    """The fixed, public prefix of a known token format (`ghp_`, `sk_live_`), else nothing."""
    from checks.secrets.prefix import public_prefix

    return public_prefix(value)


def redact(value: str) -> str:
    """`sk_live_…(107 chars, fp 3f2a9c1e0b7d)` — a public prefix, a length and a fingerprint."""
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


def redact_text(text: str) -> str:
    """`text` with every secret value the detectors find in it replaced by its redaction.

    For any string that reaches a message: finding messages and evidence, skip reasons, parser
    errors, URLs, exception text. Text that is already redacted comes back unchanged.
    """
    if not text or not isinstance(text, str):
        return text
    if text in _CLEAN:
        return text
    if len(text) > MAX_TEXT:  # fail closed: the part not checked is not shown
        text = text[:MAX_TEXT] + f"… ({len(text) - MAX_TEXT:,} more characters not shown)"
    key = fingerprint_key()
    if _DONE.get("") != key.hex():  # fingerprints depend on the key: a new key, a new memo
        _DONE.clear()
        _DONE[""] = key.hex()
    done = _DONE.get(text)
    if done is not None:
        return done
    from checks.secrets.text import secret_values_in_text

    out = text
    values = secret_values_in_text(text)
    for value in sorted(values, key=len, reverse=True):
        out = out.replace(value, redact(value))
    if len(text) <= _DONE_TEXT:
        global _done_chars
        if _done_chars >= _DONE_CHARS:
            _DONE.clear()
            _CLEAN.clear()
            _DONE[""] = key.hex()
            _done_chars = 0
        if values:
            _DONE[text] = _DONE[out] = out  # redacted text is a fixed point: checked once
        else:  # the detectors' verdict on a text does not depend on the key
            _CLEAN.add(text)
        _done_chars += len(text) + len(out)
    return out


MAX_TEXT = 20_000  # longer message texts are cut: nothing unchecked is ever shown
# Texts already checked (in memory only; the same titles and messages recur across findings),
# under the key of the fingerprints they show (the entry "" holds that key's hex).
_DONE: dict[str, str] = {}
# Texts the detectors found nothing in (under any key: fingerprints play no part in that).
_CLEAN: set[str] = set()
# A scan's messages are checked once each (a large scan shows tens of thousands, and each is
# redacted when its finding is made and again by the report): the memo holds up to this many
# characters of keys and values (tens of MB at most), then starts over.
_DONE_CHARS = 8_000_000
_DONE_TEXT = 1_000  # longer texts are not kept
_done_chars = 0


# Extra fields that fixes match against the code as it is (already free of secret values).
_FIX_INPUTS = frozenset({"replacement", "source", "snippet"})


def redact_extra(value: Any, key: str = "", *, all_keys: bool = False) -> Any:
    """A finding's `extra` with `redact_text` applied to every string in it (nested too)."""
    if isinstance(value, str):
        return value if key in _FIX_INPUTS and not all_keys else redact_text(value)
    if isinstance(value, dict):
        return {k: redact_extra(v, str(k), all_keys=all_keys) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(redact_extra(v, key, all_keys=all_keys) for v in value)
    return value


def exception_text(exc: BaseException) -> str:
    """An exception as one line a screen or log may show: redacted, control characters escaped."""
    from checks.escape import escape_controls

    lines = str(exc).splitlines()
    return escape_controls(redact_text(lines[0] if lines and lines[0] else type(exc).__name__))
