"""`find_secrets(code)`: every secret in one step's code, de-duplicated, with exact byte spans."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from checks.model import Language, Severity
from checks.parsing import Code
from checks.parsing.vocabulary import compact
from checks.redact import secret_fingerprint
from checks.secrets.catalog import DETECTORS
from checks.secrets.detectors import Detector
from checks.secrets.entropy import looks_random
from checks.secrets.filters import is_documented_example, is_placeholder
from checks.secrets.generic import generic_secret
from checks.secrets.literals import Literal, js_context_name, literals
from checks.secrets.model import SecretKind, SecretMatch
from checks.secrets.naming import propose_env_name
from checks.secrets.special import (
    RawHit,
    auth_headers,
    host_word,
    url_credentials,
    url_query_credentials,
)

RAW_DETECTORS = tuple(d for d in DETECTORS if d.pattern is not None)
NAMED_DETECTORS = tuple(d for d in DETECTORS if d.names is not None)
_PRIORITY = {
    SecretKind.TOKEN: 0,
    SecretKind.PRIVATE_KEY: 0,
    SecretKind.URL_CREDENTIALS: 1,
    SecretKind.AUTH_HEADER: 2,
    SecretKind.GENERIC: 3,
}
_PEM_BODY = re.compile(r"-----[A-Z0-9 ]+-----")
_B64_CHARS = re.compile(r"[A-Za-z0-9+/=]")
_URL_HOST = re.compile(rb"https?://([A-Za-z0-9.\-]+)")


@dataclass
class _Hit:
    start: int
    end: int
    detector: str
    provider: str
    description: str
    env_name: str
    kind: SecretKind
    severity: Severity
    live: bool | None = None
    context_name: str | None = None


def find_secrets(code: Code) -> list[SecretMatch]:
    """All secrets in `code`, sorted by position; memoised on `code`."""
    return code.memo(find_secrets, lambda: _scan(code))


def _scan(code: Code) -> list[SecretMatch]:
    data = code.data
    hits: list[_Hit] = []
    hits.extend(_raw_tokens(data))
    lits = _literals(code)
    by_span = {(lit.start, lit.end): lit for lit in lits}
    hits.extend(_named(lits))
    hits.extend(_generic(lits))
    for raw in (*url_credentials(data), *auth_headers(data), *url_query_credentials(data)):
        hits.append(_from_raw(raw))
    kept = _dedupe(hits)
    out: list[SecretMatch] = []
    taken: set[str] = set()
    env_by_secret: dict[str, str] = {}
    service_account = b"service_account" in data
    for hit in kept:
        value = data[hit.start : hit.end].decode("utf-8", "replace")
        if hit.context_name is None:
            hit.context_name = _context_name(code, hit, by_span)
        if hit.detector == "private-key" and service_account:
            hit.detector, hit.provider = "gcp-service-account-key", "Google Cloud"
            hit.env_name, hit.description = (
                "GOOGLE_PRIVATE_KEY",
                "Google service account private key",
            )
        if hit.provider in ("HTTP", "Generic"):
            word = _nearby_host(data, hit.start)
            if word and hit.kind is SecretKind.AUTH_HEADER:
                hit.env_name = f"{word}_{hit.env_name}"
        match = SecretMatch(
            value=value,
            start=hit.start,
            end=hit.end,
            detector=hit.detector,
            provider=hit.provider,
            severity=hit.severity,
            env_name=hit.env_name,
            secret_id=secret_fingerprint(value),
            kind=hit.kind,
            live=hit.live,
            description=hit.description,
            context_name=hit.context_name,
            detector_env_name=hit.env_name,
        )
        env = env_by_secret.get(match.secret_id) or propose_env_name(match, hit.context_name, taken)
        env_by_secret[match.secret_id] = env
        taken.add(env)
        out.append(_replace_env(match, env))
    return out


def _replace_env(match: SecretMatch, env: str) -> SecretMatch:
    from dataclasses import replace

    return replace(match, env_name=env)


# -- raw token formats -----------------------------------------------------------------------------


def _keyword_index() -> tuple[tuple[bytes, tuple[int, ...]], ...]:
    """Each prefilter keyword once, with the raw detectors it enables."""
    index: dict[bytes, list[int]] = {}
    for i, det in enumerate(RAW_DETECTORS):
        for kw in det.keywords:
            index.setdefault(kw, []).append(i)
    return tuple((kw, tuple(ids)) for kw, ids in index.items())


_CASE_FOLDED = tuple(
    bool(d.pattern is not None and d.pattern.flags & re.IGNORECASE) for d in RAW_DETECTORS
)
_KEYWORDS = tuple(
    (kw, ids) for kw, ids in _keyword_index() if not any(_CASE_FOLDED[i] for i in ids)
)
_KEYWORDS_FOLDED = tuple(
    (kw, ids) for kw, ids in _keyword_index() if any(_CASE_FOLDED[i] for i in ids)
)


# Printable bytes from the most to the least frequent in step code (Pipedream components).
_BYTE_ORDER = (
    b' etsorian"pcdl,mu.:hf{}gy()b/v_;IEk=TAwxS-CRD0ONPL1M2`j$3qUK45[]BF6GX79YHV8zW*JQZ'
    b"\\>+&|@!?'#<%^~"
)
_Anchored = tuple[bytes, int, tuple[int, ...]]  # keyword, index of its anchor byte, detectors


def _anchor(word: bytes) -> int:
    """Index of the byte of `word` that is rarest in code (bytes not in the table: rarest)."""

    def rarity(i: int) -> int:
        rank = _BYTE_ORDER.find(word[i : i + 1])
        return len(_BYTE_ORDER) if rank < 0 else rank

    return max(range(len(word)), key=rarity)


def _anchored_search(
    keywords: tuple[tuple[bytes, tuple[int, ...]], ...],
) -> tuple[re.Pattern[bytes], dict[int, tuple[_Anchored, ...]]]:
    """A regex matching at the anchor byte of any keyword occurrence, and keywords by anchor.

    Each keyword is anchored at its rarest byte and the rest is checked by lookarounds, so
    the search only stops at bytes that are rare in code (one `in` test per keyword would
    scan the text a hundred times).
    """
    groups: dict[int, list[_Anchored]] = {}
    for kw, ids in keywords:
        at = _anchor(kw)
        groups.setdefault(kw[at], []).append((kw, at, ids))
    branches = []
    for byte, entries in groups.items():
        alternatives = [
            (b"(?<=" + re.escape(kw[: at + 1]) + b")" if at else b"")
            + (b"(?=" + re.escape(kw[at + 1 :]) + b")" if at + 1 < len(kw) else b"")
            for kw, at, _ in entries
        ]
        branches.append(re.escape(bytes([byte])) + b"(?:" + b"|".join(alternatives) + b")")
    pattern = b"|".join(branches) or b"(?!)"  # no keywords: never matches
    return re.compile(pattern), {b: tuple(e) for b, e in groups.items()}


_KEYWORD_RE, _KEYWORDS_AT = _anchored_search(_KEYWORDS)
# Keyword occurrences are followed one by one; past this many (long base64 runs match
# "AAAA…" at every byte) the plain substring tests are cheaper.
_MAX_KEYWORD_HITS = 64


def _active_detectors(data: bytes) -> list[int]:
    """Raw detectors whose keywords occur in `data`."""
    return keyword_ids(data, _KEYWORDS, _KEYWORDS_FOLDED)


def keyword_ids(
    data: bytes,
    keywords: Sequence[tuple[bytes, Iterable[int]]],
    folded: Sequence[tuple[bytes, Iterable[int]]],
    regex: re.Pattern[bytes] | None = None,
    table: dict[int, tuple[_Anchored, ...]] | None = None,
) -> list[int]:
    """The ids of the `keywords` (case-sensitive; `regex`/`table` their anchored search, from
    `_anchored_search`; default: the raw detectors') and `folded` keywords (matched in lower
    case) that occur in `data`, sorted."""
    active: set[int] = set()
    if not _keywords_by_regex(data, active, regex, table):
        for kw, ids in keywords:
            if kw in data:
                active.update(ids)
    if folded:
        lowered = data.lower()
        for kw, ids in folded:
            if kw in lowered:
                active.update(ids)
    return sorted(active)


def _keywords_by_regex(
    data: bytes,
    active: set[int],
    regex: re.Pattern[bytes] | None = None,
    table: dict[int, tuple[_Anchored, ...]] | None = None,
) -> bool:
    """Add the detectors of the case-sensitive keywords in `data`; False if it gave up.

    Every occurrence of a keyword puts its anchor byte at a position where `_KEYWORD_RE`
    matches; there, every keyword with that anchor byte is checked. `regex` and `table` (from
    `_anchored_search`) stand for another keyword set.
    """
    search = (regex or _KEYWORD_RE).search
    by_anchor = _KEYWORDS_AT if table is None else table
    m = search(data)
    for _ in range(_MAX_KEYWORD_HITS):
        if m is None:
            return True
        at = m.start()
        for kw, anchor, ids in by_anchor[data[at]]:
            if at >= anchor and data.startswith(kw, at - anchor):
                active.update(ids)
        m = search(data, at + 1)
    return m is None


def _raw_tokens(data: bytes) -> list[_Hit]:
    hits: list[_Hit] = []
    for i in _active_detectors(data):
        det = RAW_DETECTORS[i]
        pattern = det.pattern
        assert pattern is not None
        use_group = "v" in pattern.groupindex
        for m in pattern.finditer(data):
            start, end = m.span("v") if use_group else m.span()
            if det.near is not None and not _near(data, det, start, end):
                continue
            value = data[start:end].decode("utf-8", "replace")
            hit = _token_hit(det, value, start, end)
            if hit is not None:
                hits.append(hit)
    return hits


def _near(data: bytes, det: Detector, start: int, end: int) -> bool:
    assert det.near is not None
    lo, hi = max(0, start - det.window), min(len(data), end + det.window)
    return det.near.search(data, lo, hi) is not None


def _token_hit(
    det: Detector, value: str, start: int, end: int, context: str | None = None
) -> _Hit | None:
    if is_documented_example(value):
        return None
    if det.check_body:
        body = value[det.prefix_len :]
        if is_placeholder(body):
            return None
    if det.near is not None and not looks_random(value):
        return None
    if det.kind is SecretKind.PRIVATE_KEY and not _real_pem(value):
        return None
    hit = _Hit(
        start,
        end,
        det.id,
        det.provider,
        det.description,
        det.env_name,
        det.kind,
        det.severity,
        det.live,
        context,
    )
    if det.refine is not None:
        r = det.refine(value)
        if r is None:
            return None
        hit.provider = r.provider or hit.provider
        hit.severity = r.severity if r.severity is not None else hit.severity
        hit.live = r.live if r.live is not None else hit.live
        hit.env_name = r.env_name or hit.env_name
        hit.description = r.description or hit.description
    return hit


def _real_pem(value: str) -> bool:
    body = _PEM_BODY.sub("", value).replace("\\n", "")
    if "..." in body or "…" in body or "xxxx" in body.lower() or "<" in body:
        return False
    return len(_B64_CHARS.findall(body)) >= 64


# -- parse-tree detectors --------------------------------------------------------------------------


def _literals(code: Code) -> list[Literal]:
    try:
        return literals(code)
    except (RecursionError, ValueError):  # pathological trees: raw detectors still ran
        return []


@lru_cache(maxsize=4096)
def _named_for(key: str) -> tuple[Detector, ...]:
    """The named detectors whose name pattern matches `key`, in catalogue order."""
    return tuple(d for d in NAMED_DETECTORS if d.names is not None and d.names.search(key))


def _named(lits: list[Literal]) -> list[_Hit]:
    hits: list[_Hit] = []
    for lit in lits:
        if not lit.name:
            continue
        for det in _named_for(compact(lit.name)):
            assert det.value is not None
            if det.value.fullmatch(lit.value):
                if is_placeholder(lit.value) or is_documented_example(lit.value):
                    continue
                hit = _token_hit(det, lit.value, lit.start, lit.end, lit.name)
                if hit is not None:
                    hits.append(hit)
                break
    return hits


def _generic(lits: list[Literal]) -> list[_Hit]:
    hits: list[_Hit] = []
    for lit in lits:
        detector = generic_secret(lit)
        if detector is None:
            continue
        what = "password" if detector == "generic-password" else "secret value"
        hits.append(
            _Hit(
                lit.start,
                lit.end,
                detector,
                "Generic",
                what,
                "SECRET_VALUE",
                SecretKind.GENERIC,
                Severity.HIGH,
                None,
                lit.name,
            )
        )
    return hits


def _from_raw(raw: RawHit) -> _Hit:
    return _Hit(
        raw.start,
        raw.end,
        raw.detector,
        raw.provider,
        raw.description,
        raw.env_name,
        raw.kind,
        raw.severity,
    )


# -- merging and context ---------------------------------------------------------------------------


def _dedupe(hits: list[_Hit]) -> list[_Hit]:
    """Keep one hit per overlapping region: the most specific kind, then the longest."""
    ordered = sorted(hits, key=lambda h: (_PRIORITY[h.kind], -(h.end - h.start), h.start))
    kept: list[_Hit] = []
    for hit in ordered:
        if any(hit.start < k.end and k.start < hit.end for k in kept):
            continue
        kept.append(hit)
    kept.sort(key=lambda h: (h.start, h.end))
    return kept


def _context_name(code: Code, hit: _Hit, by_span: dict[tuple[int, int], Literal]) -> str | None:
    for (start, end), lit in by_span.items():
        if start <= hit.start and hit.end <= end and lit.name:
            return lit.name
    if code.language.is_js:
        return js_context_name(code, hit.start, hit.end)
    if code.language is Language.PYTHON:
        return None
    return None


def _nearby_host(data: bytes, offset: int, window: int = 1200) -> str | None:
    """The service an auth header is sent to: the closest `https://host` URL in the code."""
    lo, hi = max(0, offset - window), min(len(data), offset + window)
    best: tuple[int, str] | None = None
    for m in _URL_HOST.finditer(data, lo, hi):
        word = host_word(m.group(1).decode("ascii", "replace"))
        if word is None:
            continue
        dist = abs(m.start() - offset)
        if best is None or dist < best[0]:
            best = (dist, word)
    return best[1] if best else None
