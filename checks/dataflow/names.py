"""Name heuristics: which env vars, request headers and query parameters hold credentials."""

from __future__ import annotations

import re
from functools import lru_cache

# Env var names: Pipedream users keep every secret in env vars, but also plain config
# (`NODE_ENV`, `BASE_URL`, `CHANNEL_ID`); a name containing one of these words is a secret.
_ENV_WORDS = (
    "KEY",
    "TOKEN",
    "SECRET",
    "PASS",
    "PWD",
    "AUTH",
    "CREDENTIAL",
    "PRIVATE",
    "SESSION",
    "COOKIE",
    "SIGNING",
)
_ENV_NOT = ("AUTHOR", "KEYWORD", "BYPASS", "PASSTHROUGH", "COMPASS")


@lru_cache(maxsize=1024)
def is_sensitive_env(name: str) -> bool:
    upper = name.upper()
    for word in _ENV_NOT:
        upper = upper.replace(word, "")
    return any(word in upper for word in _ENV_WORDS)


# Header names (Pipedream lower-cases them; compare case-insensitively).
_HEADER_EXACT = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
        "apikey",
        "x-apikey",
        "x-key",
        "x-access-key",
        "x-secret",
        "x-webhook-secret",
        "x-gitlab-token",
        "x-shopify-hmac-sha256",
        "x-amz-security-token",
    }
)
_HEADER_WORDS = re.compile(
    r"signature|hmac|token|secret|password|passwd|auth(?!or)|session|cookie|api[-_]?key"
)


@lru_cache(maxsize=1024)
def is_sensitive_header(name: str) -> bool:
    lower = name.lower().strip()
    return lower in _HEADER_EXACT or bool(_HEADER_WORDS.search(lower))


_QUERY_WORDS = re.compile(
    r"token|secret|signature|^sig$|password|passwd|^pass$|^pwd$|api[-_]?key|^key$|auth(?!or)|hmac|session"
)


@lru_cache(maxsize=1024)
def is_sensitive_query(name: str) -> bool:
    """Query parameters that carry a credential (`?token=…`, `?api_key=…`, `?sig=…`)."""
    return bool(_QUERY_WORDS.search(name.lower()))
