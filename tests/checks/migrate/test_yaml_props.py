"""SG106: a secret typed into a synced workflow.yaml's props moves to the keyring and the prop
becomes {{process.env.NAME}} — only the value's bytes change, the re-scan no longer reports it,
undo restores the file byte for byte, and anything that cannot be edited exactly is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.engine import ScanOptions, scan
from checks.fixes.journal import list_entries
from checks.fixes.journal import undo as journal_undo
from checks.fixes.secrets import apply_migration, plan_from_findings
from checks.fixes.secrets.edits import RewriteRefused, Span
from checks.fixes.secrets.rewrite_yaml import rewrite_yaml
from checks.model import FixKind
from checks.vault import Vault, project_key
from tests.checks.auth.helpers import sync_files
from tests.checks.migrate.helpers import github_token

FOLDER = "proj/incoming-p_AbC123"


def _project(write_tree, value_line: str) -> Path:
    files = sync_files([("post", "uses:http-custom-request@1.1.2")])
    yaml = files[f"{FOLDER}/workflow.yaml"]
    files[f"{FOLDER}/workflow.yaml"] = yaml + (
        "  props:\n"
        "    httpRequest:\n"
        "      method: POST   # keep this comment\n"
        "      url: https://partners.example.com/api\n"
        "      headers:\n"
        "      - name: Authorization\n"
        f"        {value_line}\n"
    )
    return write_tree(files)


def _sg106(root: Path):
    result = scan([root], ScanOptions())
    return result, [f for f in result.findings if f.rule == "SG106"]


@pytest.mark.parametrize(
    ("line", "written"),
    [
        ("value: Bearer {v}", "value: Bearer {{{{process.env.{n}}}}}"),
        ('value: "Bearer {v}"', 'value: "Bearer {{{{process.env.{n}}}}}"'),
        ("value: 'Bearer {v}'", "value: 'Bearer {{{{process.env.{n}}}}}'"),
        ("token: {v}", 'token: "{{{{process.env.{n}}}}}"'),
    ],
    ids=["plain", "double-quoted", "single-quoted", "whole-plain-value"],
)
def test_prop_secret_migrates_and_undoes(
    write_tree, memory_keyring, config_home, line: str, written: str
) -> None:
    value = github_token()
    root = _project(write_tree, line.format(v=value))
    path = root / FOLDER / "workflow.yaml"
    original = path.read_bytes()
    result, (f,) = _sg106(root)
    assert f.fix is not None and f.fix.kind is FixKind.MIGRATE_SECRET
    assert original[f.start_byte : f.end_byte] == value.encode()
    plan = plan_from_findings(result.root, [f], result.workflows)
    assert plan.refused == [] and len(plan.secrets) == 1
    name = plan.secrets[0].name
    assert value not in plan.preview()
    done = apply_migration(plan)
    new = path.read_bytes()
    assert value.encode() not in new
    assert Vault().get(project_key(root), name) == value
    # Only the value's line changed; every other byte (comments included) is as it was.
    old_lines, new_lines = original.splitlines(), new.splitlines()
    changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert len(changed) == 1
    assert new_lines[changed[0]].strip() == written.format(n=name).encode()
    _, after = _sg106(root)
    assert after == []
    assert done.journal_id is not None
    journal_undo(None, done.journal_id)
    assert path.read_bytes() == original
    assert list_entries(root) == []


@pytest.mark.parametrize(
    "line",
    [
        "value: [Bearer {v}, other]",  # a flow sequence: `{` would start a mapping there
        "value: {v} and more",  # a plain value that starts with the secret and goes on
    ],
)
def test_values_it_cannot_rewrite_exactly_are_refused(write_tree, line: str) -> None:
    value = github_token()
    root = _project(write_tree, line.format(v=value))
    data = (root / FOLDER / "workflow.yaml").read_bytes()
    at = data.index(value.encode())
    with pytest.raises(RewriteRefused) as info:
        rewrite_yaml(data, [Span(at, at + len(value), "TOKEN")])
    assert value not in str(info.value)


def test_a_value_written_twice_is_left_to_the_user(write_tree) -> None:
    value = github_token()
    root = _project(
        write_tree, f"value: Bearer {value}\n      - name: X-Copy\n        value: Bearer {value}"
    )
    _, found = _sg106(root)
    assert found
    for f in found:
        assert f.fix is not None and f.fix.kind is FixKind.MANUAL and f.start_byte is None
