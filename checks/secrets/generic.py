"""The generic detector: a random-looking literal given a secret-ish name."""

from __future__ import annotations

import re

from checks.parsing.vocabulary import PASSWORD_WORDS, is_credential_header_name, secret_word
from checks.secrets.entropy import char_classes, is_hex, looks_random
from checks.secrets.filters import (
    has_test_word,
    is_documented_example,
    is_hash_like,
    is_non_secret_shape,
    is_pipedream_id,
    is_placeholder,
    is_uuid,
    low_variety,
)
from checks.secrets.literals import Literal

# Secret words strong enough that a hex digest-length value under them is still a secret
# (old GitHub tokens are 40 hex characters, many API keys 32).
STRONG_WORDS = frozenset(
    {
        "token",
        "secret",
        "password",
        "passwd",
        "pwd",
        "apikey",
        "accesskey",
        "secretkey",
        "privatekey",
        "passphrase",
    }
)
MIN_GENERIC = 16
MIN_PASSWORD = 8


# `WEBHOOK_SECRET = "…"`, `SLACK_TOKEN = "…"`: a constant named for a secret holds one.
_SECRET_CONSTANT = re.compile(r"[A-Z][A-Z0-9_]*_(SECRET|TOKEN|API_KEY|APIKEY|PASSWORD|PASSWD)")
MIN_USED = 8


def used_as_secret(lit: Literal) -> bool:
    """The code uses the literal as a secret, whatever it looks like: an HMAC key, the expected
    value of a credential compare, a constant named `*_SECRET`/`*_TOKEN`."""
    if lit.via == "use":
        return True
    if lit.via == "compare" and lit.name is not None:
        return is_credential_header_name(lit.name) or secret_word(lit.name) in STRONG_WORDS
    return (
        lit.via == "assign" and lit.name is not None and bool(_SECRET_CONSTANT.fullmatch(lit.name))
    )


def _used_secret(value: str) -> bool:
    """A literal used as a secret is one unless it is plainly not a value (a placeholder)."""
    return not (
        len(value) < MIN_USED
        or any(ch.isspace() for ch in value)
        or is_placeholder(value)
        or is_documented_example(value)
        or is_non_secret_shape(value)
        or is_pipedream_id(value)
        or has_test_word(value)
        or low_variety(value)
    )


def generic_secret(lit: Literal) -> str | None:
    """The detector id (`generic-secret` / `generic-password`) when `lit` is a secret, else None."""
    if used_as_secret(lit) and _used_secret(lit.value):
        return "generic-secret"
    word = secret_word(lit.name)
    if word is None:
        return None
    value = lit.value
    if len(value) < MIN_PASSWORD or any(ch.isspace() for ch in value):
        return None
    if is_placeholder(value) or is_documented_example(value) or is_non_secret_shape(value):
        return None
    if is_uuid(value) or is_pipedream_id(value) or has_test_word(value):
        return None
    if is_hash_like(value) and word not in STRONG_WORDS:
        return None
    if word in PASSWORD_WORDS and len(value) < MIN_GENERIC:
        return "generic-password" if _password_like(value) else None
    if is_hex(value) and word not in STRONG_WORDS and len(value) < 24:
        return None
    return "generic-secret" if looks_random(value, MIN_GENERIC) else None


def _password_like(value: str) -> bool:
    """A hard-coded password: mixed character classes, not a lone word."""
    return char_classes(value) >= 3 or (
        char_classes(value) >= 2 and any(c.isdigit() for c in value)
    )
