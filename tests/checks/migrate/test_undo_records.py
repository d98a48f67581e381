"""Undo records hold keyring references and spans only: no secret value of the file, ever."""

from __future__ import annotations

import json
from pathlib import Path

from checks.fixes.secrets import apply_migration, plan_from_findings, undo_migration
from checks.fixes.secrets.recover import upgrade_legacy_records
from checks.fixes.secrets.undo import records
from checks.vault import project_key
from tests.checks.migrate.helpers import (
    digests,
    fake_scan,
    files_containing,
    github_token,
    slack_token,
    stripe_key,
)


def _tree(root: Path, migrate: str, declined: str, in_regex: str) -> None:
    root.mkdir()
    (root / "step.js").write_text(
        "export default defineComponent({\n"
        "  async run({ $ }) {\n"
        f'    const key = "{migrate}";\n'
        f'    const both = "a {migrate} b {declined} c";\n'
        f'    const other = "{declined}";\n'
        f"    const re = /{in_regex}/;\n"
        f'    const again = "x {in_regex}";\n'
        "    return [key, both, other, re, again];\n"
        "  },\n"
        "});\n"
    )
    (root / "step.py").write_text(
        "def handler(pd):\n"
        f'    a = "{migrate} and {declined}"\n'
        f'    b = f"{{a}} {declined} {migrate}"\n'
        f"    return a, b  # {declined}\n"
    )


def test_declined_and_unrewritable_values_stay_out_of_undo_records(
    tmp_path: Path, memory_keyring, config_home, private_tmp
) -> None:
    migrate, declined, in_regex = stripe_key(), github_token(), slack_token()
    root = tmp_path / "proj"
    _tree(root, migrate, declined, in_regex)
    before = digests(root)
    scan_root, findings, workflows = fake_scan(
        [root], {migrate: "Stripe", declined: "GitHub", in_regex: "Slack"}
    )
    plan = plan_from_findings(scan_root, findings, workflows)
    assert any("regular expression" in r.reason or "regex" in r.reason for r in plan.refused)
    for s in plan.secrets:
        s.include = s.provider == "Stripe"
    assert [s.provider for s in plan.selected] == ["Stripe"]
    result = apply_migration(plan)
    assert result.files == ["step.js", "step.py"]
    (record,) = records(project_key(root))
    assert record.location is not None
    for value in (migrate, declined, in_regex):
        assert files_containing([config_home, private_tmp], value) == [], (
            "a secret value was copied into the config folder"
        )
    undo_migration(root)
    assert digests(root) == before


def _as_version_1(location: Path, root: Path, originals: dict[str, bytes], spans) -> None:
    """Rewrite a record the way stepguard 1 stored it: the whole original minus the values."""
    doc = json.loads(location.read_text())
    doc["version"] = 1
    for f in doc["files"]:
        data = originals[f["rel"]]
        segments, pos = [], 0
        for start, end, name in sorted(spans[f["rel"]]):
            if pos < start:
                segments.append({"text": data[pos:start].decode()})
            segments.append({"secret": name})
            pos = end
        segments.append({"text": data[pos:].decode()})
        del f["reverse"]
        f["segments"] = segments
    location.write_text(json.dumps(doc))


def test_version_1_records_are_rewritten_without_the_values_left_in_code(
    tmp_path: Path, memory_keyring, config_home, private_tmp
) -> None:
    migrate, declined = stripe_key(), github_token()
    root = tmp_path / "legacy"
    root.mkdir()
    text = (
        f'def handler(pd):\n    a = "{migrate} {declined}"\n    b = "{declined}"\n    return a, b\n'
    )
    (root / "step.py").write_text(text)
    before = digests(root)
    scan_root, findings, workflows = fake_scan([root], {migrate: "Stripe", declined: "GitHub"})
    plan = plan_from_findings(scan_root, findings, workflows)
    for s in plan.secrets:
        s.include = s.provider == "Stripe"
    apply_migration(plan)
    (record,) = records(project_key(root))
    start = text.encode().index(migrate.encode())
    spans = {"step.py": [(start, start + len(migrate), plan.selected[0].name)]}
    _as_version_1(record.location, root, {"step.py": text.encode()}, spans)
    assert files_containing([config_home], declined) != []  # what stepguard 1 left behind
    assert upgrade_legacy_records() == 1
    assert files_containing([config_home, private_tmp], declined) == []
    assert files_containing([config_home, private_tmp], migrate) == []
    undo_migration(root)
    assert digests(root) == before
