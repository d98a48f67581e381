"""Pipedream credentials in the OS keyring (service `stepguard-pipedream`): an API key or an
OAuth client id + secret. They are read from a hidden prompt or stdin by `stepguard login`,
never from arguments or files, and never printed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

import keyring

from checks.pipedream.errors import KeyringUnavailable, NotLoggedIn
from checks.redact import secret_fingerprint

SERVICE = "stepguard-pipedream"
API_KEY = "api_key"
CLIENT_ID = "oauth_client_id"
CLIENT_SECRET = "oauth_client_secret"


@dataclass(frozen=True)
class Credentials:
    kind: Literal["api_key", "oauth"]
    api_key: str | None = None
    client_id: str | None = None
    client_secret: str | None = None

    def __repr__(self) -> str:  # never show a secret, not even in a debugger or a log line
        if self.kind == "api_key":
            return f"Credentials(kind='api_key', api_key=<{_fp(self.api_key)}>)"
        return (
            f"Credentials(kind='oauth', client_id=<{_fp(self.client_id)}>, client_secret=<hidden>)"
        )

    __str__ = __repr__

    @property
    def cache_key(self) -> str:
        """Identifies these credentials without revealing them (token cache key)."""
        basis = (
            self.api_key if self.kind == "api_key" else f"{self.client_id}\x1f{self.client_secret}"
        )
        return secret_fingerprint(basis or "")

    def describe(self) -> str:
        return "a user API key" if self.kind == "api_key" else "an OAuth client"


T = TypeVar("T")


def _fp(value: str | None) -> str:
    return f"fp {secret_fingerprint(value)}" if value else "none"


def _call(fn: Callable[..., T], *args: str) -> T | None:
    """Run a keyring call; any backend failure becomes one clear line (no secret in it)."""
    try:
        return fn(*args)
    except Exception as exc:
        name = type(exc).__name__
        if "PasswordDelete" in name:
            return None
        detail = "no usable keyring backend" if "NoKeyring" in name else name
        raise KeyringUnavailable(detail) from None


def save_credentials(creds: Credentials) -> None:
    if creds.kind == "api_key":
        if not creds.api_key:
            raise ValueError("empty API key")
        _call(keyring.set_password, SERVICE, API_KEY, creds.api_key)
        for name in (CLIENT_ID, CLIENT_SECRET):
            _delete(name)
    else:
        if not creds.client_id or not creds.client_secret:
            raise ValueError("empty OAuth client id or secret")
        _call(keyring.set_password, SERVICE, CLIENT_ID, creds.client_id)
        _call(keyring.set_password, SERVICE, CLIENT_SECRET, creds.client_secret)
        _delete(API_KEY)


def _delete(name: str) -> bool:
    if _call(keyring.get_password, SERVICE, name) is None:
        return False
    _call(keyring.delete_password, SERVICE, name)
    return True


def load_credentials() -> Credentials:
    """The stored credentials (OAuth client preferred); raises NotLoggedIn or KeyringUnavailable."""
    client_id = _call(keyring.get_password, SERVICE, CLIENT_ID)
    client_secret = _call(keyring.get_password, SERVICE, CLIENT_SECRET)
    if client_id and client_secret:
        return Credentials(kind="oauth", client_id=client_id, client_secret=client_secret)
    api_key = _call(keyring.get_password, SERVICE, API_KEY)
    if api_key:
        return Credentials(kind="api_key", api_key=api_key)
    raise NotLoggedIn()


def delete_credentials() -> bool:
    """Remove every stored entry; True when something was removed."""
    removed = False
    for name in (API_KEY, CLIENT_ID, CLIENT_SECRET):
        removed = _delete(name) or removed
    return removed
