"""Issue 15, item 1 (fix side): every mechanical fix the engine offers clears the finding it was
offered for, and the re-scan finds nothing new on the lines it wrote.

On the demo project and on a generated workflow; secret migrations go to an in-memory keyring
(the real-keyring tests are in tests/checks/migrate).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checks.demo import write_demo
from checks.engine import ScanOptions, scan
from checks.model import Finding
from tests.checks.fixes.clearing import problems, read_files
from tests.checks.fixes.composition import fixers, write_workflow
from tests.checks.fixes.migrated import migrated_demo
from tests.checks.migrate.conftest import config_home, memory_keyring

__all__ = ["config_home", "memory_keyring"]


def _key(f: Finding) -> tuple[str, str, int, int]:
    return f.rule, f.path, f.line, f.column


def _offered(root: Path) -> list[tuple[str, str, int, int]]:
    result = scan([root], ScanOptions())
    fs = fixers(result.root, result.findings, result.workflows)
    return [_key(f) for f in result.findings if fs.fixer_for(f) is not None]


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_demo(tmp_path_factory.mktemp("demo") / "demo")


@pytest.fixture(scope="module")
def generated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workflow(tmp_path_factory.mktemp("generated") / "orders-p_Q7rVbN2")


def _check_every_fix(template: Path, tmp_path: Path) -> list[str]:
    offered = _offered(template)
    assert offered, "the project offers no mechanical fix"
    failures: list[str] = []
    for n, key in enumerate(offered):
        root = tmp_path / f"run{n}" / template.name
        shutil.copytree(template, root)
        before = scan([root], ScanOptions())
        finding = next(f for f in before.findings if _key(f) == key)
        fixer = fixers(before.root, before.findings, before.workflows).fixer_for(finding)
        assert fixer is not None, key
        old = read_files(before.root)
        fixer.apply(finding)
        after = scan([root], ScanOptions())
        found = problems(finding, before.findings, after.findings, old, read_files(after.root))
        failures += [f"{fixer.kind.value} for {key}: {p}" for p in found]
    return failures


def test_every_fix_on_the_demo_clears_its_finding(
    demo_template: Path, tmp_path: Path, memory_keyring, config_home
) -> None:
    assert _check_every_fix(demo_template, tmp_path) == []


def test_every_fix_on_the_migrated_demo_clears_its_finding(
    tmp_path: Path, memory_keyring, config_home
) -> None:
    """Once the demo's inline secrets are in the keyring, its SG701 items (SDK clients set up
    at the top of the file included) all get a connected-account fix, and every fix clears."""
    template = migrated_demo(tmp_path / "template" / "demo")
    result = scan([template], ScanOptions())
    fs = fixers(result.root, result.findings, result.workflows)
    sg701 = [f for f in result.findings if f.rule == "SG701"]
    assert len(sg701) == 6
    assert all(getattr(fs.fixer_for(f), "kind", None) == "connect-account" for f in sg701)
    assert _check_every_fix(template, tmp_path / "runs") == []


def test_every_fix_on_a_generated_workflow_clears_its_finding(
    generated_template: Path, tmp_path: Path, memory_keyring, config_home
) -> None:
    kinds = set()
    result = scan([generated_template], ScanOptions())
    fs = fixers(result.root, result.findings, result.workflows)
    for f in result.findings:
        fixer = fs.fixer_for(f)
        if fixer is not None:
            kinds.add(fixer.kind.value)
    assert kinds >= {"migrate-secret", "pin", "https", "edit", "logging"}
    assert _check_every_fix(generated_template, tmp_path) == []


def test_the_checker_notices_a_fix_that_does_not_clear(generated_template: Path) -> None:
    """The bookkeeping itself can fail: an unchanged file keeps its finding."""
    result = scan([generated_template], ScanOptions())
    finding = next(f for f in result.findings if f.rule == "SG201")
    files = read_files(result.root)
    assert problems(finding, result.findings, result.findings, files, files)


def test_the_checker_notices_a_new_finding_on_a_written_line(
    generated_template: Path, tmp_path: Path
) -> None:
    from checks.fixes.journal import FileEdit, apply_edits

    root = tmp_path / generated_template.name
    shutil.copytree(generated_template, root)
    before = scan([root], ScanOptions())
    finding = next(f for f in before.findings if f.rule == "SG201")
    old = read_files(before.root)
    step = root / "notify" / "entry.mjs"
    data = step.read_bytes()
    at = data.index(b"https://api.github.com")
    # A "fix" that turns another URL into plain http on a line it writes.
    edit = FileEdit(step, at, at + 8, b"http://", b"https://")
    apply_edits(root, [edit], "edit", "bad fix")
    after = scan([root], ScanOptions())
    found = problems(finding, before.findings, after.findings, old, read_files(after.root))
    assert any(p.startswith("new on a written line: SG201") for p in found), found
