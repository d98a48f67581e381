"""Migration end to end against the real Secret Service (run under .ci/with-keyring.sh)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.engine import ScanOptions, scan
from checks.fixes.secrets import apply_migration, plan_migration, undo_migration
from checks.redact import secret_fingerprint
from checks.vault import Manifest, Vault, project_key
from tests.checks.migrate.helpers import (
    digests,
    files_containing,
    github_token,
    scrub,
    slack_token,
    stripe_key,
)
from tests.checks.migrate.trees import loose_tree

pytestmark = pytest.mark.keyring


def test_migrate_and_undo_with_gnome_keyring(
    tmp_path: Path, secret_service, config_home, private_tmp
) -> None:
    values = {"STRIPE": stripe_key(), "GH": github_token(), "SLACK": slack_token()}
    root = tmp_path / "real-keyring"
    expected = loose_tree(root, values)
    before = digests(root)
    names = {"STRIPE": "STRIPE_SECRET_KEY", "GH": "GITHUB_TOKEN", "SLACK": "SLACK_BOT_TOKEN"}
    plan = plan_migration([root])
    for s in plan.secrets:
        assert plan.rename(s.secret_id, f"TMP_{s.secret_id}") is None
    for marker, name in names.items():
        assert plan.rename(secret_fingerprint(values[marker]), name) is None
    vault = Vault()
    assert "SecretService" in vault.describe()
    key = project_key(root)
    try:
        apply_migration(plan, vault=vault)
        for rel, text in expected.items():
            assert scrub((root / rel).read_bytes(), list(values.values())) == text
        for marker, name in names.items():
            same = Vault().require(key, name) == values[marker]
            assert same, f"the Secret Service does not hold {name}"
        assert scan([root], ScanOptions(select=["secret"])).findings == []
        for value in values.values():
            assert files_containing([tmp_path], value) == [], "a secret value was left on disk"
        undo_migration(root, vault=vault)
        assert digests(root) == before
    finally:
        for entry in Manifest().entries(key):
            vault.delete(key, entry.name)
    assert all(vault.get(key, name) is None for name in names.values())
