"""The keyring vault, the manifest and the project key."""

from __future__ import annotations

import json
import secrets as random
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from checks.vault import Manifest, ManifestEntry, Use, Vault, VaultError, project_key, project_root
from checks.vault.manifest import ManifestError


def _value() -> str:
    return "tok_" + random.token_hex(16)


def test_project_key_is_short_stable_and_distinct(tmp_path: Path) -> None:
    a = tmp_path / "my project:x"
    b = tmp_path / "other" / "my project:x"
    a.mkdir()
    b.mkdir(parents=True)
    key = project_key(a)
    assert key == project_key(a / ".." / a.name)
    assert key.startswith("my_project_x-") and len(key.split("-")[-1]) == 8
    assert ":" not in key
    assert project_key(b) != key


def test_project_root_of_a_file_is_its_folder(tmp_path: Path) -> None:
    f = tmp_path / "step.js"
    f.write_text("x")
    assert project_root(f) == tmp_path.resolve()
    assert project_root(tmp_path) == tmp_path.resolve()


def test_store_reads_back_and_deletes(memory_keyring) -> None:
    vault = Vault()
    value = _value()
    vault.store("proj-1234abcd", "API_KEY", value)
    assert memory_keyring.store[("stepguard", "proj-1234abcd:API_KEY")] == value
    assert vault.require("proj-1234abcd", "API_KEY") == value
    assert vault.delete("proj-1234abcd", "API_KEY") is True
    assert vault.delete("proj-1234abcd", "API_KEY") is False
    with pytest.raises(VaultError, match="no entry"):
        vault.require("proj-1234abcd", "API_KEY")


def test_fail_backend_is_reported_with_the_fix() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        with pytest.raises(VaultError) as info:
            Vault().store("p-00000000", "X", _value())
    finally:
        keyring.set_keyring(previous)
    message = str(info.value)
    assert "\n" not in message
    assert "gnome-keyring" in message and "PYTHON_KEYRING_BACKEND" in message


def test_locked_keyring_write_is_a_vault_error(memory_keyring) -> None:
    memory_keyring.fail_set = 1
    value = _value()
    with pytest.raises(VaultError, match="keyring write failed for X") as info:
        Vault().store("p-00000000", "X", value)
    assert value not in str(info.value)


def test_read_back_mismatch_is_detected(memory_keyring) -> None:
    memory_keyring.corrupt = True
    with pytest.raises(VaultError, match="read-back mismatch"):
        Vault().store("p-00000000", "X", _value())


def test_manifest_round_trip_has_no_values(config_home: Path) -> None:
    manifest = Manifest()
    entry = ManifestEntry(
        name="STRIPE_KEY",
        project_key="proj-1234abcd",
        root="/src/proj",
        secret_id="0123456789ab",
        provider="Stripe",
        detector="stripe",
        stored_at="2025-01-01T00:00:00+00:00",
        uses=[Use("wf/step/entry.js", 3)],
    )
    manifest.put(entry)
    manifest.save()
    path = config_home / "secrets-manifest.json"
    assert path.stat().st_mode & 0o777 == 0o600
    doc = json.loads(path.read_text())
    stored = doc["projects"]["proj-1234abcd"]["secrets"]["STRIPE_KEY"]
    assert stored["keyring"] == "stepguard/proj-1234abcd:STRIPE_KEY"
    assert "value" not in stored
    again = Manifest()
    assert again.get("proj-1234abcd", "STRIPE_KEY") == entry
    assert again.name_for("proj-1234abcd", "0123456789ab") == "STRIPE_KEY"
    assert [e.name for e in again.find("STRIPE_KEY")] == ["STRIPE_KEY"]
    assert again.remove("proj-1234abcd", "STRIPE_KEY") is True
    again.save()
    assert Manifest().entries() == []


def test_broken_manifest_is_one_line_error(config_home: Path) -> None:
    config_home.mkdir()
    (config_home / "secrets-manifest.json").write_text("{not json")
    with pytest.raises(ManifestError) as info:
        Manifest()
    assert "\n" not in str(info.value) and "not a stepguard manifest" in str(info.value)


@pytest.mark.keyring
def test_real_secret_service_round_trip(secret_service) -> None:
    vault = Vault()
    assert "SecretService" in vault.describe()
    key = f"test-{random.token_hex(4)}"
    value = _value()
    vault.store(key, "REAL_TEST", value)
    try:
        assert vault.require(key, "REAL_TEST") == value
    finally:
        assert vault.delete(key, "REAL_TEST") is True
    assert vault.get(key, "REAL_TEST") is None
