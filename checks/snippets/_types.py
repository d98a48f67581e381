"""Types shared by the snippet catalog and the public API."""

from __future__ import annotations

from dataclasses import dataclass


class SnippetError(ValueError):
    """A snippet request that cannot be honoured (unknown name, bad env var, bad language)."""


@dataclass(frozen=True)
class Snippet:
    """Metadata of one authentication / signature-verification snippet."""

    name: str
    kind: str  # "auth" | "signature"
    title: str
    provider: str
    default_env: str
    languages: tuple[str, ...]
    headers: tuple[str, ...]
    docs_url: str
    extra_env: tuple[str, ...] = ()  # further env vars the snippet reads (optional or second key)
