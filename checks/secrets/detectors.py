"""The `Detector` type: a provider token format (raw-text regex) or a provider secret by name."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from checks.model import Severity
from checks.secrets.model import SecretKind


@dataclass(frozen=True)
class Refinement:
    """What a detector's `refine` hook may change once it has seen the value."""

    provider: str | None = None
    severity: Severity | None = None
    live: bool | None = None
    env_name: str | None = None
    description: str | None = None


Refiner = Callable[[str], "Refinement | None"]  # None → not a secret after all


@dataclass(frozen=True)
class Detector:
    """A secret format.

    Raw detectors (`pattern`) run over the step's bytes when one of `keywords` occurs in its
    lower-cased text; the named group `v` (or the whole match) is the secret. Named detectors
    (`names`) match a literal whose assigned name matches `names` (on the name lower-cased with
    separators removed) and whose value fully matches `value`. `near` makes a raw detector
    count only within `window` bytes of an anchor pattern (AWS secret near an AWS key id).
    """

    id: str
    provider: str
    description: str
    env_name: str
    severity: Severity = Severity.HIGH
    pattern: re.Pattern[bytes] | None = None
    keywords: tuple[bytes, ...] = ()  # lower-case when the pattern ignores case
    names: re.Pattern[str] | None = None
    value: re.Pattern[str] | None = None
    near: re.Pattern[bytes] | None = None
    window: int = 400
    kind: SecretKind = SecretKind.TOKEN
    live: bool | None = None
    refine: Refiner | None = field(default=None, compare=False)
    check_body: bool = True  # apply placeholder/variety filters to the part after the prefix
    prefix_len: int = 0  # bytes of fixed prefix (skipped by the body filters)

    @property
    def is_named(self) -> bool:
        return self.names is not None


_BOUND_L = rb"(?<![A-Za-z0-9_])"
_BOUND_R = rb"(?![A-Za-z0-9_])"
# A token that starts with digits ends its left side at the first digit: what precedes may be
# any word (`…/bot<id>:<secret>/sendMessage` in a Telegram URL path), only not more digits.
_BOUND_L_DIGITS = rb"(?<![0-9])"


def _left_bound(regex: str) -> bytes:
    body = regex.removeprefix("(?P<v>")
    return _BOUND_L_DIGITS if body.startswith(("[0-9]", "\\d")) else _BOUND_L


def token(
    id: str,
    provider: str,
    description: str,
    env_name: str,
    regex: str,
    *,
    keywords: tuple[str, ...] | None = None,
    severity: Severity = Severity.HIGH,
    live: bool | None = None,
    refine: Refiner | None = None,
    bounded: bool = True,
    kind: SecretKind = SecretKind.TOKEN,
    check_body: bool = True,
    near: str | None = None,
    window: int = 400,
    flags: int = 0,
) -> Detector:
    """A raw-text token format. `keywords` default to the regex's literal prefix."""
    body = regex.encode()
    if bounded:
        body = _left_bound(regex) + body + _BOUND_R
    prefix = _literal_prefix(regex)
    chosen = keywords if keywords is not None else (prefix,)
    kws = tuple((k.lower() if flags & re.IGNORECASE else k).encode() for k in chosen)
    if not kws or not all(kws):
        raise ValueError(f"detector {id} needs prefilter keywords")
    return Detector(
        id=id,
        provider=provider,
        description=description,
        env_name=env_name,
        severity=severity,
        pattern=re.compile(body, flags),
        keywords=kws,
        live=live,
        refine=refine,
        kind=kind,
        check_body=check_body,
        prefix_len=len(prefix),
        near=re.compile(near.encode()) if near else None,
        window=window,
    )


def named(
    id: str,
    provider: str,
    description: str,
    env_name: str,
    names: str,
    value: str,
    *,
    severity: Severity = Severity.HIGH,
    refine: Refiner | None = None,
) -> Detector:
    """A provider secret recognised by the name it is assigned to plus its value's shape."""
    return Detector(
        id=id,
        provider=provider,
        description=description,
        env_name=env_name,
        severity=severity,
        names=re.compile(names),
        value=re.compile(value),
        refine=refine,
    )


def _literal_prefix(regex: str) -> str:
    out = []
    i = len("(?P<v>") if regex.startswith("(?P<v>") else 0
    while i < len(regex):
        ch = regex[i]
        if ch == "\\" and i + 1 < len(regex) and not regex[i + 1].isalnum():
            out.append(regex[i + 1])
            i += 2
            continue
        if ch.isalnum() or ch in "_-:/":
            out.append(ch)
            i += 1
            continue
        break
    # A trailing character followed by a quantifier is not part of the fixed prefix.
    if i < len(regex) and regex[i] in "?*{" and out:
        out.pop()
    return "".join(out)
