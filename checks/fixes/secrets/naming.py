"""Environment variable names for migrated secrets: validation, proposals, de-duplication.

Validation is Pipedream's rule set, kept in one place: `checks.secrets.naming.valid_env_name`.
"""

from __future__ import annotations

from collections.abc import Iterable

from checks.secrets.naming import RESERVED_PREFIX, valid_env_name

MAX_LENGTH = 128


def invalid_reason(name: str) -> str | None:
    """Why `name` is not a usable env var name, or None when it is."""
    reason = valid_env_name(name)
    if reason is None and len(name) > MAX_LENGTH:
        return f"it is longer than {MAX_LENGTH} characters"
    return reason


def sanitize(raw: str) -> str:
    """Turn any text into a valid name (upper case, `_` for anything else)."""
    chars = [c.upper() if c.isascii() and c.isalnum() else "_" for c in raw.strip()]
    name = "_".join(part for part in "".join(chars).split("_") if part)
    if not name or name[0].isdigit():
        name = f"SECRET_{name}" if name else "SECRET"
    if name.startswith(RESERVED_PREFIX):
        name = "MY_" + name
    return name[:MAX_LENGTH]


def propose(env_name: str | None, provider: str | None) -> str:
    """The detector's suggestion if valid, else one derived from the provider."""
    if env_name and invalid_reason(env_name) is None:
        return env_name
    if env_name:
        return sanitize(env_name)
    if provider:
        return sanitize(f"{provider}_API_KEY")
    return "SECRET"


def unique(name: str, taken: Iterable[str]) -> str:
    """`name`, or `name_2`, `name_3`, … whichever is not taken."""
    used = set(taken)
    if name not in used:
        return name
    n = 2
    while f"{name}_{n}" in used:
        n += 1
    return f"{name}_{n}"
