"""What a secret detection produces: `SecretMatch` (the value stays in memory, never in repr)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from checks.model import Severity


class SecretKind(enum.StrEnum):
    """The shape of a secret; each kind is reported by its own rule."""

    TOKEN = "token"  # a provider-specific token format (SG101)
    GENERIC = "generic"  # a random-looking literal under a secret-ish name (SG102)
    PRIVATE_KEY = "private-key"  # PEM / OpenSSH private key (SG103)
    URL_CREDENTIALS = "url-credentials"  # password in a URL or connection string (SG104)
    AUTH_HEADER = "auth-header"  # literal `Bearer …` / `Basic …` value (SG105)


@dataclass(frozen=True)
class SecretMatch:
    """One secret in a step's code. `start`/`end` are UTF-8 byte offsets of exactly the value."""

    value: str = field(repr=False)
    start: int
    end: int
    detector: str
    provider: str
    severity: Severity
    env_name: str
    secret_id: str
    kind: SecretKind = SecretKind.TOKEN
    live: bool | None = None
    description: str = ""
    context_name: str | None = None  # the variable / key / argument the value was given to
    detector_env_name: str = ""  # the detector's own suggestion, before the context is used

    def __str__(self) -> str:
        return repr(self)

    @property
    def redacted(self) -> str:
        from checks.redact import redact

        return redact(self.value)
