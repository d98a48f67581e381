"""Migration end to end (stand-in detector, in-memory keyring): rewrite, store, undo, no copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.fixes.secrets import apply_migration, plan_from_findings, undo_migration
from checks.fixes.secrets.undo import records
from checks.vault import Manifest, project_key
from tests.checks.migrate.helpers import (
    digests,
    fake_scan,
    files_containing,
    github_token,
    scrub,
    slack_token,
    stripe_key,
)
from tests.checks.migrate.trees import WORKFLOW_DIR, loose_tree, sync_tree


@pytest.fixture
def values() -> dict[str, str]:
    return {"STRIPE": stripe_key(), "GH": github_token(), "SLACK": slack_token()}


def _providers(values: dict[str, str]) -> dict[str, str]:
    return {values["STRIPE"]: "Stripe", values["GH"]: "GitHub", values["SLACK"]: "Slack"}


def _plan(root: Path, values: dict[str, str]):
    scan_root, findings, workflows = fake_scan([root], _providers(values))
    return plan_from_findings(scan_root, findings, workflows)


def _snapshot(root: Path) -> dict[str, str]:
    return digests(root)


@pytest.mark.parametrize("tree", [sync_tree, loose_tree], ids=["github-sync", "loose-files"])
def test_migrate_rewrites_stores_and_undoes(
    tree, tmp_path: Path, values, memory_keyring, config_home, private_tmp
) -> None:
    root = tmp_path / "project"
    expected = tree(root, values)
    before = _snapshot(root)

    plan = _plan(root, values)
    assert not plan.refused, [str(r) for r in plan.refused]
    assert sorted(s.name for s in plan.secrets) == [
        "GITHUB_TOKEN",
        "SLACK_BOT_TOKEN",
        "STRIPE_SECRET_KEY",
    ]
    result = apply_migration(plan)

    # files rewritten byte for byte as expected
    for rel, text in expected.items():
        assert scrub((root / rel).read_bytes(), list(values.values())) == text
        assert (root / rel).read_bytes() == text.encode("utf-8")
    # the keyring holds each value under stepguard/<project-key>:<NAME>
    key = project_key(root)
    assert plan.project_key == key == result.project_key
    names = {"STRIPE": "STRIPE_SECRET_KEY", "GH": "GITHUB_TOKEN", "SLACK": "SLACK_BOT_TOKEN"}
    for marker, name in names.items():
        stored = memory_keyring.store.get(("stepguard", f"{key}:{name}"))
        same = stored == values[marker]
        assert same, f"keyring does not hold {name}"
    # the manifest lists names and uses, never values
    entries = {e.name: e for e in Manifest().entries(key)}
    assert set(entries) == set(names.values())
    assert all(e.uses for e in entries.values())
    # no copy of any value anywhere on disk: project, config dir, temp dir
    for value in values.values():
        assert files_containing([tmp_path], value) == [], "a secret value was left on disk"
    # a re-scan finds nothing, and a second migration is a no-op
    again = _plan(root, values)
    assert again.secrets == []
    migrated = _snapshot(root)
    apply_migration(again)
    assert _snapshot(root) == migrated

    # undo restores every file byte for byte; the keyring keeps the values
    undone = undo_migration(root)
    assert sorted(undone.files) == sorted(
        rel for rel in expected if rel != f"{WORKFLOW_DIR}/workflow.yaml"
    )
    assert _snapshot(root) == before
    kept = memory_keyring.store.get(("stepguard", f"{key}:STRIPE_SECRET_KEY"))
    same = kept == values["STRIPE"]
    assert same, "undo removed the keyring entry"
    assert records(key) == []


def test_same_secret_in_several_workflows_is_one_variable(
    tmp_path: Path, values, memory_keyring, config_home
) -> None:
    root = tmp_path / "multi"
    for name in ("a", "b"):
        (root / name).mkdir(parents=True)
        (root / name / "step.js").write_text(f'const k = "{values["STRIPE"]}";\n')
    plan = _plan(root, values)
    assert len(plan.secrets) == 1
    assert sorted(plan.secrets[0].locations) == ["a/step.js:1", "b/step.js:1"]
    apply_migration(plan)
    for name in ("a", "b"):
        assert scrub((root / name / "step.js").read_text(), [values["STRIPE"]]) == (
            "const k = process.env.STRIPE_SECRET_KEY;\n"
        )


def test_unflagged_copy_in_the_same_file_is_migrated_too(
    tmp_path: Path, values, memory_keyring, config_home
) -> None:
    root = tmp_path / "copy"
    root.mkdir()
    step = root / "step.js"
    step.write_text(f'const k = "{values["STRIPE"]}";\n// was {values["STRIPE"]}\n')
    scan_root, findings, workflows = fake_scan([root], _providers(values))
    plan = plan_from_findings(scan_root, findings[:1], workflows)  # the detector saw only one
    apply_migration(plan)
    assert scrub(step.read_text(), [values["STRIPE"]]) == (
        "const k = process.env.STRIPE_SECRET_KEY;\n// was process.env.STRIPE_SECRET_KEY\n"
    )


def test_names_are_unique_against_manifest_and_reused_for_same_secret(
    tmp_path: Path, values, memory_keyring, config_home
) -> None:
    root = tmp_path / "names"
    root.mkdir()
    (root / "one.js").write_text(f'const k = "{values["STRIPE"]}";\n')
    apply_migration(_plan(root, values))
    other = stripe_key()
    (root / "two.js").write_text(f'const k = "{other}";\n')
    scan_root, findings, workflows = fake_scan([root], {other: "Stripe"})
    plan = plan_from_findings(scan_root, findings, workflows)
    assert [s.name for s in plan.secrets] == ["STRIPE_SECRET_KEY_2"]
    # after undo the same secret comes back under its old name
    undo_migration(root)
    assert [s.name for s in _plan(root, values).secrets] == ["STRIPE_SECRET_KEY"]
    assert _plan(root, values).secrets[0].reused


def test_rename_validation_and_preview(tmp_path: Path, values, memory_keyring, config_home) -> None:
    root = tmp_path / "rename"
    root.mkdir()
    (root / "step.js").write_text(
        f'const a = "{values["STRIPE"]}";\nconst b = "x {values["GH"]}";\n'
    )
    plan = _plan(root, values)
    assert "reserved" in (plan.rename("STRIPE_SECRET_KEY", "PIPEDREAM_KEY") or "")
    assert "start with a letter" in (plan.rename("STRIPE_SECRET_KEY", "1KEY") or "")
    assert "letters, digits" in (plan.rename("STRIPE_SECRET_KEY", "MY-KEY") or "")
    assert "already planned" in (plan.rename("STRIPE_SECRET_KEY", "GITHUB_TOKEN") or "")
    assert plan.rename("STRIPE_SECRET_KEY", "PAYMENTS_KEY") is None
    diff = plan.preview()
    assert "+const a = process.env.PAYMENTS_KEY;" in diff
    assert "+const b = `x ${process.env.GITHUB_TOKEN}`;" in diff
    leaked = values["STRIPE"] in diff or values["GH"] in diff
    assert not leaked, "the preview shows a secret value"
    assert scrub(diff, list(values.values())).count('-const a = "sk_live_…(') == 1
    plan.set_included("GITHUB_TOKEN", False)
    apply_migration(plan)
    assert scrub((root / "step.js").read_text(), [values["GH"]]) == scrub(
        f'const a = process.env.PAYMENTS_KEY;\nconst b = "x {values["GH"]}";\n', [values["GH"]]
    )


@pytest.mark.parametrize("tree", [sync_tree, loose_tree], ids=["github-sync", "loose-files"])
def test_migrate_with_the_real_secret_rules(
    tree, tmp_path: Path, values, memory_keyring, config_home, private_tmp
) -> None:
    """The real engine (`select=["secret"]`) feeds the plan; names pinned to the expected ones."""
    from checks.engine import ScanOptions, scan
    from checks.fixes.secrets import plan_migration

    root = tmp_path / "project"
    expected = tree(root, values)
    before = _snapshot(root)
    plan = plan_migration([root])
    by_value = {s.secret_id: s for s in plan.secrets}
    from checks.redact import secret_fingerprint

    names = {"STRIPE": "STRIPE_SECRET_KEY", "GH": "GITHUB_TOKEN", "SLACK": "SLACK_BOT_TOKEN"}
    assert set(by_value) == {secret_fingerprint(values[m]) for m in names}
    for s in plan.secrets:  # free every name first, then pin
        assert plan.rename(s.secret_id, f"TMP_{s.secret_id}") is None
    for marker, name in names.items():
        assert plan.rename(secret_fingerprint(values[marker]), name) is None
    apply_migration(plan)
    for rel, text in expected.items():
        assert scrub((root / rel).read_bytes(), list(values.values())) == text
    assert scan([root], ScanOptions(select=["secret"])).findings == []
    for value in values.values():
        assert files_containing([tmp_path], value) == [], "a secret value was left on disk"
    assert plan_migration([root]).secrets == []
    undo_migration(root)
    assert _snapshot(root) == before
