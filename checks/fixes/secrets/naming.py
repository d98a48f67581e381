"""Environment variable names: Pipedream's rules, proposals and de-duplication.

Pipedream: names are case-sensitive, start with a letter or underscore, then letters, digits
or underscores; the `PIPEDREAM_` prefix is reserved. The detectors' own validator
(`checks.secrets.naming.valid_env_name`) is used when it exists; this one is the fallback and
is always applied as well.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

MAX_LENGTH = 128
RESERVED_PREFIX = "PIPEDREAM_"


def _local_reason(name: str) -> str | None:
    if not name:
        return "the name is empty"
    if not (name[0].isascii() and (name[0].isalpha() or name[0] == "_")):
        return "it must start with a letter or an underscore"
    bad = sorted({c for c in name if not (c.isascii() and (c.isalnum() or c == "_"))})
    if bad:
        shown = " ".join(repr(c) for c in bad[:5])
        return f"only letters, digits and underscores are allowed (not {shown})"
    if name.upper().startswith(RESERVED_PREFIX):
        return f"the {RESERVED_PREFIX} prefix is reserved by Pipedream"
    if len(name) > MAX_LENGTH:
        return f"it is longer than {MAX_LENGTH} characters"
    return None


def _detector_validator() -> Callable[[str], str | None] | None:
    try:
        from checks.secrets.naming import valid_env_name  # type: ignore[import-not-found]
    except Exception:
        return None
    return valid_env_name


def invalid_reason(name: str) -> str | None:
    """Why `name` is not a usable env var name, or None when it is."""
    reason = _local_reason(name)
    if reason is not None:
        return reason
    theirs = _detector_validator()
    if theirs is not None:
        try:
            return theirs(name)
        except Exception:
            return None
    return None


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
