"""Vault fixtures: an in-memory keyring and private config/temp folders."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.checks.vault.memkeyring import MemoryKeyring, installed


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    with installed(MemoryKeyring()) as backend:
        yield backend  # type: ignore[misc]


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config"
    monkeypatch.setenv("STEPGUARD_CONFIG_DIR", str(path))
    return path


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temp folder of our own (so a test can grep everything written there)."""
    path = tmp_path / "tmp"
    path.mkdir()
    monkeypatch.setenv("TMPDIR", str(path))
    monkeypatch.setattr(tempfile, "tempdir", str(path))
    return path


@pytest.fixture
def secret_service() -> Iterator[object]:
    """The real Secret Service backend; skipped locally when none answers, a failure in CI."""
    import os
    import secrets as random

    from keyring.backends import SecretService

    try:
        backend = SecretService.Keyring()
        _ = backend.priority  # raises when secretstorage or the D-Bus service is missing
        probe = f"probe-{random.token_hex(4)}"
        backend.set_password("stepguard-test", probe, "probe")
        ok = backend.get_password("stepguard-test", probe) == "probe"
        backend.delete_password("stepguard-test", probe)
        if not ok:
            raise RuntimeError("read-back mismatch")
    except Exception as exc:
        message = f"no usable Secret Service ({type(exc).__name__}); run under .ci/with-keyring.sh"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with installed(backend) as active:
        yield active
