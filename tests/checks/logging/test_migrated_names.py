"""Variables stepguard migrated are secrets to the logging rules, whatever their names."""

from __future__ import annotations

from pathlib import Path

from checks.engine import ScanOptions, scan
from checks.vault.manifest import Manifest, ManifestEntry

STEP = """export default defineComponent({
  async run({ steps, $ }) {
    console.log("posting to", process.env.SLACK_WEBHOOK_URL);
  },
});
"""


def test_migrated_variable_logged_is_flagged(write_tree, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("STEPGUARD_CONFIG_DIR", str(tmp_path / "config"))
    root = write_tree({"proj/notify.mjs": STEP})
    assert scan([root / "proj"], ScanOptions(select=["SG601"])).findings == []
    manifest = Manifest()
    manifest.put(
        ManifestEntry(name="SLACK_WEBHOOK_URL", project_key="proj-1", root=str(root), secret_id="x")
    )
    manifest.save()
    (f,) = scan([root / "proj"], ScanOptions(select=["SG601"])).findings
    assert "SLACK_WEBHOOK_URL" in f.message and f.line == 3
