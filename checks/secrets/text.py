"""Secrets inside a free-standing text: a prop, a header value, a message, an error, a URL."""

from __future__ import annotations

import json
import re

from checks.model import Language
from checks.parsing import parse_code
from checks.redact import redact
from checks.secrets.detectors import _BOUND_L
from checks.secrets.entropy import char_classes, looks_random
from checks.secrets.generic import generic_secret
from checks.secrets.literals import Literal
from checks.secrets.scanner import (
    RAW_DETECTORS,
    _anchored_search,
    find_secrets,
    keyword_ids,
)

# The token formats without their left boundary, so a token glued to a word is found too
# (`…/bot<telegram token>/sendMessage`, `key=<token>`).
_GLUED = tuple(
    (
        d.keywords,
        re.compile(d.pattern.pattern.removeprefix(_BOUND_L), d.pattern.flags),
        bool(d.pattern.flags & re.IGNORECASE),
    )
    for d in RAW_DETECTORS
    if d.pattern is not None and d.near is None
)


def _glued_keywords(folded: bool) -> tuple[tuple[bytes, tuple[int, ...]], ...]:
    """Each keyword of the case-sensitive (or case-folded) `_GLUED` patterns, with their indices."""
    index: dict[bytes, list[int]] = {}
    for i, (keywords, _, fold) in enumerate(_GLUED):
        if fold == folded:
            for kw in keywords:
                index.setdefault(kw, []).append(i)
    return tuple((kw, tuple(ids)) for kw, ids in index.items())


_GLUED_KEYWORDS = _glued_keywords(False)
_GLUED_KEYWORDS_FOLDED = _glued_keywords(True)
_GLUED_RE, _GLUED_AT = _anchored_search(_GLUED_KEYWORDS)
_URL = re.compile(r"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}://[^\s\"'`<>]+")
_URL_PART = re.compile(r"[^/?#&=;:@,]+")
# A path part holding code (`${this.app.$auth.token}`, `{id}`, `(x)`) is an expression, not a value.
_CODE_CHARS = re.compile(r"[${}()\[\]<>\\]")
# `name: value`, `name=value`, `"name": "value"`, `name="value"` in prose and error text.
_PAIR = re.compile(
    r"""(?P<name>[A-Za-z_$][\w$.-]{0,60})["']?\s*[:=]\s*["'`]?(?P<value>[^\s"'`]{8,256})"""
)
# What every `_PAIR` match holds from its `:`/`=` on (a cheap test before the name search).
_PAIR_TAIL = re.compile(r"""[:=]\s*["'`]?[^\s"'`]{8}""")
_REDACTED = re.compile(r"…\(\d+ chars, fp [0-9a-f]{12}\)")
_MAX_TEXT = 200_000  # callers cut longer texts (checks.redact.MAX_TEXT)
_RUN = re.compile(r"[^\s\"'`]{8,}")
_HEADER_HINT = re.compile(r"(?i)\b(?:basic|bearer|token)\s+\S|://[^\s/@]+@")


def secret_values_in_text(text: str) -> set[str]:
    """Every secret value the detectors find in `text`, read as code, as prose and as URLs."""
    text = text[:_MAX_TEXT]
    if not text.strip():
        return set()
    probe = _REDACTED.sub("…", text)
    if not _may_hold_secret(probe):
        return set()
    values = {m.value for m in find_secrets(parse_code(probe, Language.NODE))}
    values.update(_glued_tokens(probe))
    values.update(_named_values(probe))
    values.update(_url_parts(probe))
    return {v for v in values if v and v in text}


def _may_hold_secret(text: str) -> bool:
    """Cheap pre-check: could any detector match? Every secret has a run of at least 8
    characters with a digit or three character classes (or 32+ characters), or comes as a
    credential header or a URL with userinfo."""
    if _HEADER_HINT.search(text) is not None:
        return True
    for run in _RUN.findall(text):
        if len(run) >= 32 or any(ch.isdigit() for ch in run) or char_classes(run) >= 3:
            return True
    return False


def known_secret_values(code: str, language: Language) -> set[str]:
    """Every secret value the detectors find in a step's code (suppressions play no part)."""
    values = {m.value for m in find_secrets(parse_code(code, language))}
    values.update(_glued_tokens(code))
    return {v for v in values if len(v) >= 4}


def redact_secrets_in(text: str, name: str = "value") -> str:
    """`text` with every secret the detectors find replaced by its redaction.

    The text is checked as a string literal assigned to `name`, so the generic detector sees the
    name as context (`apiKey`, `Authorization`, …) the way it would in code; and as free text.
    """
    key = name if name.isidentifier() else "value"
    code = parse_code(f"const {key} = {json.dumps(text, ensure_ascii=False)};\n", Language.NODE)
    values = {m.value for m in find_secrets(code)} | secret_values_in_text(text)
    for value in sorted(values, key=len, reverse=True):
        text = text.replace(value, redact(value))
    return text


def _glued_active(data: bytes) -> list[int]:
    """Indices of the `_GLUED` patterns with a keyword in `data` (folded ones: in lower case)."""
    return keyword_ids(data, _GLUED_KEYWORDS, _GLUED_KEYWORDS_FOLDED, _GLUED_RE, _GLUED_AT)


def _glued_tokens(text: str) -> set[str]:
    data = text.encode("utf-8", "surrogatepass")
    out: set[str] = set()
    for i in _glued_active(data):
        pattern = _GLUED[i][1]
        for m in pattern.finditer(data):
            g = "v" if "v" in pattern.groupindex else 0
            out.add(m.group(g).decode("utf-8", "replace"))
    return out


def _named_values(text: str) -> set[str]:
    out: set[str] = set()
    if _PAIR_TAIL.search(text) is None:
        return out
    pos = 0
    while (m := _PAIR.search(text, pos)) is not None:
        pos = m.start("value")  # a value may itself be the next name (`settings: password: …`)
        name = m.group("name").rsplit(".", 1)[-1]
        value = m.group("value").rstrip(",;.)}]&")  # the prose around it, not the value
        lit = Literal(name=name, value=value, start=m.start("value"), end=m.end("value"))
        if generic_secret(lit) is not None:
            out.add(value)
    return out


def _url_parts(text: str) -> set[str]:
    """Random-looking path segments, query values and fragments of the URLs in `text`."""
    out: set[str] = set()
    for url in _URL.finditer(text):
        rest = url.group(0).split("://", 1)[1]
        slash = rest.find("/")
        if slash == -1:
            continue
        for part in _URL_PART.findall(rest[slash:]):
            if _CODE_CHARS.search(part) is None and looks_random(part, 16):
                out.add(part)
    return out
