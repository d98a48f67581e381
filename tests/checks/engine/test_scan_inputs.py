"""Every input of a scan is an explicit value covered by the result cache's key: a change to
any of them (migrated variables, trigger settings, rule selection) is never answered with a
stale cached result."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from checks.engine import ScanOptions, scan, select_rules
from checks.inputs import MANIFEST_FILE, ScanInputs, migrated_env_names
from checks.packages.report import PackageReport, PackageVerdict
from checks.vault.manifest import MANIFEST_FILE as VAULT_MANIFEST_FILE
from checks.vault.manifest import Manifest, ManifestEntry
from tests.checks.auth.helpers import node_step, sync_files
from tui.cli import main

STEP = """export default defineComponent({
  async run({ steps, $ }) {
    console.log(process.env.ACME_ENDPOINT_ID);
  },
});
"""


def _migrate(name: str, root: Path) -> None:
    """What `stepguard secrets migrate` leaves in the manifest for `name`."""
    manifest = Manifest()
    manifest.put(ManifestEntry(name=name, project_key="proj-1", root=str(root), secret_id="x"))
    manifest.save()


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("STEPGUARD_CONFIG_DIR", str(folder))
    return folder


def test_migrating_a_variable_invalidates_cached_results(
    write_tree, tmp_path: Path, config: Path
) -> None:
    root = write_tree({"proj/notify.mjs": STEP})
    options = ScanOptions(select=["SG601"], cache_dir=tmp_path / "cache")
    first = scan([root / "proj"], options)
    assert first.findings == [] and first.cached == 0
    assert scan([root / "proj"], options).cached == 1  # unchanged inputs: answered from cache
    _migrate("ACME_ENDPOINT_ID", root)
    again = scan([root / "proj"], options)
    assert again.cached == 0
    (f,) = again.findings
    assert f.rule == "SG601" and "ACME_ENDPOINT_ID" in f.message and f.line == 3
    assert scan([root / "proj"], options).cached == 1  # the new inputs are cached in turn
    assert [x.rule for x in scan([root / "proj"], options).findings] == ["SG601"]


def test_cli_rescan_after_migration_is_not_stale(
    write_tree,
    tmp_path: Path,
    config: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("STEPGUARD_CACHE_DIR", str(tmp_path / "cli-cache"))
    monkeypatch.delenv("STEPGUARD_NO_CACHE")  # the tests' default; the CLI caches by default
    project = write_tree({"proj/notify.mjs": STEP}) / "proj"
    main(["scan", str(project), "--select", "SG601"])
    assert "SG601" not in capsys.readouterr().out
    main(["scan", str(project), "--select", "SG601"])
    assert "unchanged since the last scan" in capsys.readouterr().out
    _migrate("ACME_ENDPOINT_ID", project.parent)
    main(["scan", str(project), "--select", "SG601"])
    cached = capsys.readouterr().out
    main(["scan", str(project), "--select", "SG601", "--no-cache"])
    uncached = capsys.readouterr().out
    assert "SG601" in uncached
    assert "unchanged since the last scan" not in cached
    assert cached.splitlines()[:-1] == uncached.splitlines()[:-1]  # all but the timing line


def test_unmigrating_a_variable_invalidates_too(write_tree, tmp_path: Path, config: Path) -> None:
    root = write_tree({"proj/notify.mjs": STEP})
    _migrate("ACME_ENDPOINT_ID", root)
    options = ScanOptions(select=["SG601"], cache_dir=tmp_path / "cache")
    assert [f.rule for f in scan([root / "proj"], options).findings] == ["SG601"]
    (config / "secrets-manifest.json").unlink()
    assert scan([root / "proj"], options).findings == []


def test_migrated_names_can_be_given_explicitly(write_tree, tmp_path: Path, config: Path) -> None:
    """A caller (the assistant, a test) may pass the names instead of the user's manifest."""
    root = write_tree({"proj/notify.mjs": STEP})
    _migrate("SOMETHING_ELSE", root)
    given = ScanOptions(select=["SG601"], migrated_env=frozenset({"ACME_ENDPOINT_ID"}))
    assert [f.rule for f in scan([root / "proj"], given).findings] == ["SG601"]
    none = ScanOptions(select=["SG601"], migrated_env=frozenset())
    assert scan([root / "proj"], none).findings == []


WORK = """
const order = steps.trigger.event.body;
await fetch("https://api.example.com/orders", { method: "POST", body: JSON.stringify(order) });
"""


def test_marking_the_trigger_protected_invalidates_cached_results(
    write_tree, tmp_path: Path, config: Path
) -> None:
    """Trigger settings (`.stepguard.toml`) are part of the workflow the cache keys on."""
    root = write_tree(sync_files([("save_order", node_step(WORK))]))
    options = ScanOptions(select=["SG301"], cache_dir=tmp_path / "cache")
    assert [f.rule for f in scan([root], options).findings] == ["SG301"]
    (root / "proj" / "incoming-p_AbC123" / ".stepguard.toml").write_text(
        "[trigger]\nprotected = true\n", encoding="utf-8"
    )
    again = scan([root], options)
    assert again.cached == 0 and again.findings == []


def test_rule_selection_migrated_names_and_verdicts_all_change_the_digest() -> None:
    rules = tuple(select_rules(ScanOptions()))
    base = ScanInputs(rules=rules)
    digests = {
        base.digest(),
        ScanInputs(rules=rules[1:]).digest(),
        ScanInputs(rules=rules, migrated_env=frozenset({"X"})).digest(),
        ScanInputs(rules=rules, packages=PackageReport()).digest(),
        ScanInputs(
            rules=rules,
            packages=PackageReport([PackageVerdict(ecosystem="npm", name="axios", spec=None)]),
        ).digest(),
    }
    assert len(digests) == 5
    assert (
        ScanInputs(rules=rules, migrated_env=frozenset({"X"})).digest()
        == ScanInputs(rules=rules, migrated_env=frozenset({"X"})).digest()
    )


def test_manifest_names_are_read_without_the_vault(write_tree, config: Path) -> None:
    """The engine's reader and the vault's manifest agree."""
    root = write_tree({"proj/notify.mjs": STEP})
    assert migrated_env_names(config) == frozenset()
    _migrate("ACME_ENDPOINT_ID", root)
    manifest = Manifest()
    manifest.put(ManifestEntry(name="OTHER_ID", project_key="proj-2", root="/x", secret_id="y"))
    manifest.save()
    assert migrated_env_names(config) == {e.name for e in Manifest().entries()}
    assert migrated_env_names(config) == {"ACME_ENDPOINT_ID", "OTHER_ID"}
    assert MANIFEST_FILE == VAULT_MANIFEST_FILE
    (config / MANIFEST_FILE).write_text("{not json", encoding="utf-8")
    assert migrated_env_names(config) == frozenset()  # a damaged manifest never fails a scan


def test_a_scan_does_not_import_the_keyring(write_tree, config: Path) -> None:
    """Reading the migrated names costs a file read, not the keyring library's import."""
    root = write_tree({"proj/notify.mjs": STEP})
    _migrate("ACME_ENDPOINT_ID", root)
    program = (
        "import sys; from pathlib import Path; from checks.engine import scan; "
        f"r = scan([Path({str(root / 'proj')!r})]); "
        "assert [f.rule for f in r.findings] == ['SG601'], r.findings; "
        "assert 'keyring' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", program], check=True, env=os.environ.copy())
