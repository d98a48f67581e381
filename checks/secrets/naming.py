"""Environment variable names for migrated secrets, following Pipedream's naming rules.

Pipedream: names start with a letter or underscore, hold letters, digits and underscores, and may
not start with the reserved prefix `PIPEDREAM_`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checks.parsing.vocabulary import FILLER_WORDS, secret_word, words

if TYPE_CHECKING:
    from checks.secrets.model import SecretMatch

_VALID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
RESERVED_PREFIX = "PIPEDREAM_"
MAX_LENGTH = 64
# Names that say nothing about which secret they hold.
_VAGUE = frozenset(
    {
        "KEY",
        "TOKEN",
        "SECRET",
        "PASSWORD",
        "PASS",
        "PWD",
        "AUTH",
        "AUTHORIZATION",
        "API_KEY",
        "APIKEY",
        "ACCESS_TOKEN",
        "AUTH_TOKEN",
        "BEARER",
        "CREDENTIAL",
        "CREDENTIALS",
        "X_API_KEY",
        "X_AUTH_TOKEN",
        "API_TOKEN",
        "SECRET_KEY",
        "PRIVATE_KEY",
        "CLIENT_SECRET",
        "HEADERS",
        "URL",
        "VALUE",
        "DATA",
        "CONFIG",
        "OPTIONS",
        "BODY",
        "PARAMS",
    }
)


# Names the runtime or the shell already uses: a step reading its secret from one of these
# breaks (or is broken by) the environment itself.
RESERVED_NAMES = frozenset(
    {
        "PATH",
        "HOME",
        "USER",
        "SHELL",
        "PWD",
        "OLDPWD",
        "TMPDIR",
        "TEMP",
        "TMP",
        "LANG",
        "LC_ALL",
        "TZ",
        "TERM",
        "HOSTNAME",
        "IFS",
        "LD_PRELOAD",
        "LD_LIBRARY_PATH",
        "NODE_OPTIONS",
        "NODE_PATH",
        "NODE_ENV",
        "NODE_EXTRA_CA_CERTS",
        "NODE_TLS_REJECT_UNAUTHORIZED",
        "NPM_CONFIG_REGISTRY",
        "PYTHONPATH",
        "PYTHONHOME",
        "PYTHONSTARTUP",
        "SSL_CERT_FILE",
        "SSL_CERT_DIR",
        "REQUESTS_CA_BUNDLE",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "NO_PROXY",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_REGION",
        "AWS_EXECUTION_ENV",
        "LAMBDA_TASK_ROOT",
    }
)


def valid_env_name(name: str) -> str | None:
    """None when `name` is a valid Pipedream environment variable name, else the reason."""
    if not name:
        return "the name is empty"
    if not (name[0].isascii() and (name[0].isalpha() or name[0] == "_")):
        return "the name must start with a letter or an underscore"
    if not _VALID.fullmatch(name):
        return "the name may only contain letters, digits and underscores"
    if name.upper().startswith(RESERVED_PREFIX):
        return f"names starting with {RESERVED_PREFIX} are reserved by Pipedream"
    if name.upper() in RESERVED_NAMES or name.upper().startswith(("AWS_LAMBDA_", "LC_")):
        return f"{name} is already used by the runtime or the shell; choose another name"
    return None


def to_env_case(name: str) -> str:
    """`slackBotToken` → `SLACK_BOT_TOKEN`; `x-api-key` → `X_API_KEY`."""
    ws = [w for w in words(name) if w]
    return "_".join(w.upper() for w in ws)


def _provider_word(provider: str) -> str:
    """`GitHub` → `GITHUB`, `New Relic` → `NEW_RELIC`, `Pipedream` → `PD` (reserved prefix)."""
    word = re.sub(r"[^A-Za-z0-9]+", "_", provider.replace(".com", "")).strip("_").upper()
    return "PD" if word == "PIPEDREAM" else word


def sanitize(name: str) -> str:
    """Force any candidate into a valid name (reserved prefix and bad characters removed)."""
    out = re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_").upper()
    while out.startswith(RESERVED_PREFIX):
        out = "PD_" + out[len(RESERVED_PREFIX) :]
    if out == "PIPEDREAM":
        out = "PD"
    if not out or not (out[0].isalpha() or out[0] == "_"):
        out = f"SECRET_{out}" if out else "SECRET"
    return out[:MAX_LENGTH].rstrip("_") or "SECRET"


def base_env_name(match: SecretMatch, context_name: str | None) -> str:
    """The name before collisions: the assigned name when specific, else the provider's."""
    default = match.detector_env_name or match.env_name
    if not context_name:
        return sanitize(default)
    candidate = to_env_case(context_name)
    if candidate.startswith(RESERVED_PREFIX):
        candidate = "PD_" + candidate[len(RESERVED_PREFIX) :]
    is_generic_provider = match.provider in ("", "Generic")
    if not candidate or candidate in _VAGUE or not secret_word(context_name):
        if is_generic_provider and candidate and candidate not in _VAGUE:
            # `webhookSigningSalt` is odd but still the user's own word for the value.
            return sanitize(candidate)
        if is_generic_provider and candidate in _VAGUE - {"HEADERS", "URL", "VALUE", "DATA"}:
            return sanitize(candidate)
        return sanitize(default)
    provider = _provider_word(match.provider) if not is_generic_provider else ""
    parts = candidate.split("_")
    while parts and parts[-1].lower() in FILLER_WORDS:
        parts.pop()
    candidate = "_".join(parts) or candidate
    if provider and not any(p in candidate.split("_") for p in provider.split("_")):
        candidate = f"{provider}_{candidate}"
    return sanitize(candidate)


def propose_env_name(match: SecretMatch, context_name: str | None, taken: set[str]) -> str:
    """A valid, unused env var name for `match` (`SLACK_TOKEN`, `STRIPE_SECRET_KEY_2`, …).

    Uses the variable/key name the secret was assigned to when it says which secret it is,
    prefixed with the provider when the name lacks it; otherwise the detector's suggestion.
    Collisions with `taken` get `_2`, `_3`, … suffixes.
    """
    base = base_env_name(match, context_name)
    if valid_env_name(base) is not None:  # a reserved name (`PATH`, `HOME`): say what it holds
        base = sanitize(f"{base}_SECRET")
    name, n = base, 2
    taken_upper = {t.upper() for t in taken}
    while name.upper() in taken_upper:
        suffix = f"_{n}"
        name = base[: MAX_LENGTH - len(suffix)] + suffix
        n += 1
    assert valid_env_name(name) is None, "proposed env names are always valid"
    return name
