"""An in-memory keyring backend for tests, installed through keyring's own API."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Keeps passwords in a dict. `fail_set`/`fail_get`/`corrupt` simulate broken backends."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}
        self.fail_set: int | None = None  # fail the N-th set_password call (1-based)
        self.fail_get = False
        self.corrupt = False  # read-back returns something else
        self.set_calls = 0

    def set_password(self, service: str, username: str, password: str) -> None:
        self.set_calls += 1
        if self.fail_set is not None and self.set_calls == self.fail_set:
            raise KeyringError("Secret Service is locked")
        self.store[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        if self.fail_get:
            raise KeyringError("Secret Service is locked")
        value = self.store.get((service, username))
        if value is not None and self.corrupt:
            return value[::-1] + "x"
        return value

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.store:
            raise PasswordDeleteError("not found")
        del self.store[(service, username)]


@contextlib.contextmanager
def installed(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    """Make `backend` keyring's active backend; restore the previous one afterwards."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
