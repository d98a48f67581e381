"""Every input of a scan is an explicit value covered by the result cache's key: a change to
any of them (migrated variables, trigger settings, rule selection) is never answered with a
stale cached result."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.engine import ScanOptions, scan
from checks.vault.manifest import Manifest, ManifestEntry
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
    project = write_tree({"proj/notify.mjs": STEP}) / "proj"
    main(["scan", str(project), "--select", "SG601"])
    assert "SG601" not in capsys.readouterr().out
    _migrate("ACME_ENDPOINT_ID", project.parent)
    main(["scan", str(project), "--select", "SG601"])
    cached = capsys.readouterr().out
    main(["scan", str(project), "--select", "SG601", "--no-cache"])
    uncached = capsys.readouterr().out
    assert "SG601" in uncached
    assert "unchanged since the last scan" not in cached
    assert cached.splitlines()[:-1] == uncached.splitlines()[:-1]  # all but the timing line


def test_unmigrating_a_variable_invalidates_too(
    write_tree, tmp_path: Path, config: Path
) -> None:
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
