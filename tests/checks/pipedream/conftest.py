"""In-memory keyring and a local Pipedream API server (answers in the documented shapes)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from pytest_httpserver import HTTPServer

from checks.pipedream import forget_tokens

RECORDED = Path(__file__).parent / "recorded"
API_KEY = "pd_test_user_key_5f0c9a1e7b3d42a8"
CLIENT_ID = "oa_client_Xy7Qp2"
CLIENT_SECRET = "pd_oauth_secret_8c1f2e3d4b5a69788796a5b4"


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.store[(service, username)]
        except KeyError:
            raise PasswordDeleteError("not stored") from None


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def api(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[HTTPServer]:
    """The API base URL points at the local server; OAuth tokens start uncached."""
    monkeypatch.setenv("STEPGUARD_PIPEDREAM_API", httpserver.url_for("/v1"))
    forget_tokens()
    yield httpserver
    forget_tokens()
