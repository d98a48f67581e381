"""Name heuristics: which headers, query keys and identifiers carry credentials or signatures."""

from __future__ import annotations

import re
from functools import lru_cache

from checks.auth.providers import providers_for_header

_CAMEL = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")

_CRED_WORDS = frozenset(
    {
        "authorization",
        "signature",
        "sig",
        "hmac",
        "secret",
        "token",
        "password",
        "passwd",
        "apikey",
        "digest",
        "bearer",
        "jwt",
        "mac",
        "signatures",
        "secrets",
        "tokens",
    }
)
_KEY_QUALIFIERS = frozenset(
    {"api", "access", "secret", "signing", "webhook", "hmac", "auth", "shared"}
)
# Words that make an identifier *about* a credential rather than the credential itself.
_NOT_VALUE_WORDS = frozenset(
    {
        "length",
        "len",
        "type",
        "types",
        "count",
        "name",
        "names",
        "url",
        "header",
        "headers",
        "id",
        "version",
        "algorithm",
        "alg",
        "scheme",
        "prefix",
        "expires",
        "expiry",
        "timestamp",
        "ts",
        "label",
        "description",
        "format",
        "encoding",
        "field",
        "key_name",
        "page",
        "next",
        "cursor",
        "index",
        "parts",
        "part",
        "valid",
        "is",
        "has",
        "method",
        "methods",
    }
)
_QUERY_CRED = frozenset(
    {
        "token",
        "key",
        "api_key",
        "apikey",
        "secret",
        "sig",
        "signature",
        "auth",
        "access_token",
        "password",
        "pass",
        "pw",
        "hmac",
        "webhook_secret",
        "code_token",
    }
)
# Tokens that stop a "token" word from being a credential (`pageToken`, `nextToken`).
_TOKEN_NONCRED = frozenset(
    {"page", "next", "continuation", "sync", "cursor", "csrf", "plain", "refresh"}
)

VERIFY_WORDS = frozenset(
    {
        "verify",
        "verified",
        "validate",
        "authenticate",
        "authorize",
        "authorized",
        "authenticated",
        "verification",
    }
)


@lru_cache(maxsize=4096)
def words(name: str) -> tuple[str, ...]:
    """`x-hub-signature-256` → (x, hub, signature, 256); `expectedSig` → (expected, sig)."""
    out: list[str] = []
    for part in re.split(r"[^A-Za-z0-9]+", name):
        out.extend(w.lower() for w in _CAMEL.findall(part))
    return tuple(out)


def is_credential_header(name: str) -> bool:
    lower = name.lower()
    if providers_for_header(lower) and any(
        lower in p.signature_headers or lower in p.extra_signature_fields
        for p in providers_for_header(lower)
    ):
        return True
    ws = set(words(lower))
    if "key" in ws and ws & _KEY_QUALIFIERS:
        return True
    if "token" in ws and ws & _TOKEN_NONCRED:
        return False
    if "timestamp" in ws or "algorithm" in ws or "version" in ws:
        return False
    return bool(ws & (_CRED_WORDS | {"auth", "apikey"}))


def is_signature_header(name: str) -> bool:
    ws = set(words(name.lower()))
    return bool(ws & {"signature", "sig", "hmac"})


def is_timestamp_name(name: str) -> bool:
    ws = words(name)
    return "timestamp" in ws or "ts" in ws


def is_credential_query(name: str) -> bool:
    return name.lower() in _QUERY_CRED


def is_secretish_name(name: str) -> bool:
    """An identifier that likely holds a credential, signature or secret value."""
    ws = words(name)
    if not ws:
        return False
    s = set(ws)
    if s & _NOT_VALUE_WORDS:
        return False
    if "key" in s and s & _KEY_QUALIFIERS:
        return True
    if "token" in s and s & _TOKEN_NONCRED:
        return False
    return bool(s & _CRED_WORDS) or name.lower() in {"apikey", "api_key", "auth"}


# Every way `is_secretish_name` can hold needs one of these in the name (case-insensitively):
# a word of _CRED_WORDS, "key" (with a qualifier), or apikey/api_key/auth. Keep in step.
_SECRETISH_HINT = re.compile(rb"sig|mac|secret|token|passw|key|digest|bearer|jwt|auth", re.I)


def might_be_secretish(source: bytes, start: int = 0, end: int | None = None) -> bool:
    """False when no name written in `source[start:end]` can pass `is_secretish_name`."""
    return _SECRETISH_HINT.search(source, start, len(source) if end is None else end) is not None


def secret_kind(name: str) -> str | None:
    """'secret' for keys/tokens/passwords, 'signature' for signatures/digests, None otherwise."""
    if not is_secretish_name(name):
        return None
    s = set(words(name))
    if s & {"signature", "sig", "hmac", "digest", "mac"} and not s & {"secret", "key", "signing"}:
        return "signature"
    return "secret"


# Every way `is_verify_name` can hold needs one of these (case-insensitively): "verif", "validat",
# "auth" (VERIFY_WORDS), a credential word after "check", or a listed name. A backslash too: a
# callee's `["\x76erify"]` key is unescaped before the test. Keep in step.
_VERIFY_HINT = re.compile(
    rb"verif|validat|auth|sig|mac|secret|token|key|digest|timingsafeequal|constructevent"
    rb"|safecompare|securecompare|tsscmp|\\",
    re.I,
)


def might_be_verify_name(source: bytes, start: int = 0, end: int | None = None) -> bool:
    """False when no callee written in `source[start:end]` can pass `is_verify_name`."""
    return _VERIFY_HINT.search(source, start, len(source) if end is None else end) is not None


@lru_cache(maxsize=4096)  # asked for every call's name, in several passes
def is_verify_name(name: str) -> bool:
    """`verifySignature`, `validate_webhook`, `checkAuth`, `isAuthorized`, `timingSafeEqual`."""
    ws = set(words(name))
    if ws & VERIFY_WORDS:
        return True
    if "check" in ws and ws & {"signature", "sig", "hmac", "auth", "token", "secret", "key"}:
        return True
    return name in {
        "timingSafeEqual",
        "compare_digest",
        "constructEvent",
        "constructEventAsync",
        "validateRequest",
        "verifyKey",
        "safeCompare",
        "secureCompare",
        "tsscmp",
    }


_SCHEME_WORDS = frozenset(
    {
        "bearer",
        "basic",
        "token",
        "digest",
        "sha256",
        "sha1",
        "sha512",
        "v0",
        "v1",
        "hmac-sha256",
        "hmac",
        "apikey",
        "api-key",
        "jwt",
        "signature",
        "none",
        "null",
        "undefined",
        "true",
        "false",
    }
)


def looks_like_credential_literal(value: str) -> bool:
    """A string literal that may be a hard-coded credential (not a scheme word or a tiny marker)."""
    v = value.strip()
    if len(v) < 6 or v.lower() in _SCHEME_WORDS:
        return False
    # prose with spaces is not a credential, unless it is an Authorization value
    return " " not in v or v.lower().startswith(("bearer ", "basic ", "token "))
