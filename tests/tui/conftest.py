"""Fixtures for the Textual app tests: a tmp copy of the demo, isolated data dirs, fake keyring."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from tests.conftest import plant_fingerprint_key
from tui.services import Services


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring backend (tests only)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if (service, username) not in self.store:
            raise PasswordDeleteError(username)
        del self.store[(service, username)]


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    plant_fingerprint_key(data)
    monkeypatch.setenv("STEPGUARD_DATA_DIR", str(data))
    monkeypatch.setenv("STEPGUARD_CONFIG_DIR", str(tmp_path / "config"))
    return data


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled demo project (the repo's demo is never touched)."""
    from checks.demo import write_demo

    target = tmp_path / "acme-ops-demo"
    write_demo(target)
    return target


def fixed_display(path: Path) -> str:
    return "acme-ops-demo"


@pytest.fixture
def services(isolated_dirs: Path, memory_keyring: MemoryKeyring) -> Services:
    return Services(
        data_dir=isolated_dirs,
        keyring_backend=memory_keyring,
        display_path=fixed_display,
        token_factory=lambda: "tok_" + "A1b2C3d4E5f6G7h8J9k0L1m2N3p4Q5r6",
        clock=lambda: 1_700_000_000.0,
    )
