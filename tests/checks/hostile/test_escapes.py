"""Path escapes: nothing outside the scanned root is read by a loader or rewritten by migrate."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from checks.engine import ScanOptions, scan
from checks.loaders import load_paths
from tests.checks.hostile.conftest import snapshot, step_js, sync_workflow
from tui.cli import main

WF = "wf-p_abc123"
Builder = Callable[[Path, Path, str], None]


def _outside_step(outside: Path, value: str, name: str = "entry.js") -> Path:
    target = outside / name
    target.write_text(step_js(value))
    return target


def sync_namespace_relative(root: Path, outside: Path, value: str) -> None:
    _outside_step(outside, value)
    sync_workflow(root / WF, "- namespace: ../../outside\n  runtime: nodejs20.x\n")


def sync_namespace_absolute(root: Path, outside: Path, value: str) -> None:
    _outside_step(outside, value)
    sync_workflow(root / WF, f"- namespace: {outside}\n  runtime: nodejs20.x\n")


def sync_uses_relative(root: Path, outside: Path, value: str) -> None:
    _outside_step(outside, value)
    sync_workflow(
        root / WF, "- namespace: s\n  runtime: nodejs20.x\n  uses: ../../outside/entry.js\n"
    )


def sync_entry_symlink(root: Path, outside: Path, value: str) -> None:
    target = _outside_step(outside, value)
    wdir = sync_workflow(root / WF, "- namespace: step_one\n  runtime: nodejs20.x\n")
    (wdir / "step_one").mkdir()
    (wdir / "step_one" / "entry.js").symlink_to(target)


def sync_entry_symlink_with_uses(root: Path, outside: Path, value: str) -> None:
    target = _outside_step(outside, value)
    wdir = sync_workflow(
        root / WF, "- namespace: step_one\n  runtime: nodejs20.x\n  uses: ./step_one/entry.js\n"
    )
    (wdir / "step_one").mkdir()
    (wdir / "step_one" / "entry.js").symlink_to(target)


def sync_step_dir_symlink(root: Path, outside: Path, value: str) -> None:
    _outside_step(outside, value)
    wdir = sync_workflow(root / WF, "- namespace: step_one\n  runtime: nodejs20.x\n")
    (wdir / "step_one").symlink_to(outside, target_is_directory=True)


def component_symlink(root: Path, outside: Path, value: str) -> None:
    target = _outside_step(outside, value, "step.js")
    (root / "step.js").symlink_to(target)


def component_dir_symlink(root: Path, outside: Path, value: str) -> None:
    _outside_step(outside, value, "step.js")
    (root / "lib").symlink_to(outside, target_is_directory=True)


def api_json_symlink(root: Path, outside: Path, value: str) -> None:
    doc = {
        "triggers": [{"id": "hi_abc"}],
        "steps": [
            {"namespace": "s", "lang": "nodejs20.x", "savedComponent": {"code": step_js(value)}}
        ],
    }
    target = outside / "wf.json"
    target.write_text(json.dumps(doc))
    (root / "wf.json").symlink_to(target)


def sync_yaml_symlink(root: Path, outside: Path, value: str) -> None:
    target = outside / "workflow.yaml"
    target.write_text(
        "schema: workflow/2022.04\nname: x\ntriggers:\n- id: hi_abc\nsteps:\n"
        f"- namespace: s\n  uses: slack-send-message@0.0.1\n  props:\n    token: {value}\n"
    )
    (root / WF).mkdir()
    (root / WF / "workflow.yaml").symlink_to(target)


# Every way a loader could be pointed outside the root, with secret-bearing code out there.
ESCAPES: list[Builder] = [
    sync_namespace_relative,
    sync_namespace_absolute,
    sync_uses_relative,
    sync_entry_symlink,
    sync_entry_symlink_with_uses,
    sync_step_dir_symlink,
    component_symlink,
    component_dir_symlink,
    api_json_symlink,
    sync_yaml_symlink,
]
# The ones whose outside code file a loader used to read, so migrate could rewrite it.
CODE_ESCAPES = [
    sync_namespace_relative,
    sync_namespace_absolute,
    sync_entry_symlink,
    sync_step_dir_symlink,
    component_symlink,
]


def _with_inside_step(root: Path, value: str) -> None:
    """A legitimate step inside the root, so the scan has something to load."""
    (root / "inside.js").write_text(step_js(value))


@pytest.mark.parametrize("build", ESCAPES, ids=lambda b: b.__name__)
def test_loader_refuses_paths_outside_the_root(box, secret, build: Builder) -> None:
    root, outside = box
    build(root, outside, secret)
    _with_inside_step(root, secret)
    loaded = load_paths([root])
    real_root = root.resolve()
    read = [
        p
        for wf in loaded.workflows
        for p in [wf.source, *(s.path for s in wf.steps if s.code is not None)]
        if p is not None
    ]
    assert all(Path(os.path.realpath(p)).is_relative_to(real_root) for p in read), read
    codes = [
        s.code or "" for wf in loaded.workflows for s in wf.steps if wf.source.name != "inside.js"
    ]
    assert all(secret not in c for c in codes)
    reasons = [s.reason for s in loaded.skipped]
    assert any("outside" in r for r in reasons), reasons
    assert all("\n" not in r for r in reasons)


@pytest.mark.parametrize("build", ESCAPES, ids=lambda b: b.__name__)
def test_scan_reports_the_refusal_and_no_outside_finding(box, secret, build, capsys) -> None:
    root, outside = box
    build(root, outside, secret)
    _with_inside_step(root, secret)
    code = main(["scan", str(root), "--format", "json", "--fail-on", "never", "--select", "secret"])
    doc = json.loads(capsys.readouterr().out)
    paths = {f["path"] for f in doc["findings"]}
    assert paths == {"inside.js"}, paths
    assert any("outside" in s["reason"] for s in doc["skipped"]), doc["skipped"]
    assert code == 2  # an input was not read: not a clean exit


@pytest.mark.parametrize("build", CODE_ESCAPES, ids=lambda b: b.__name__)
def test_migrate_never_rewrites_outside_the_root(
    box, secret, build, memory_keyring, config_home, capsys
) -> None:
    root, outside = box
    build(root, outside, secret)
    _with_inside_step(root, secret)
    before = snapshot(outside)
    code = main(["secrets", "migrate", str(root), "--yes"])
    out, err = capsys.readouterr()
    assert snapshot(outside) == before
    assert code == 0, err
    assert "rewrote 1 file(s): inside.js" in out
    assert secret not in out + err


def test_scan_and_migrate_agree_on_the_files(box, secret) -> None:
    from checks.fixes.secrets import plan_from_scan

    root, outside = box
    sync_namespace_relative(root, outside, secret)
    component_symlink(root, outside, secret)
    _with_inside_step(root, secret)
    result = scan([root], ScanOptions(select=["secret"]))
    plan = plan_from_scan(result)
    planned = {o.path for s in plan.secrets for o in s.occurrences}
    scanned = {Path(os.path.realpath(f.abs_path)) for f in result.findings if f.abs_path}
    assert planned <= scanned
    assert all(p.is_relative_to(root.resolve()) for p in planned | scanned), planned | scanned


def test_explicit_symlinked_file_pointing_elsewhere_is_refused(
    box, secret, memory_keyring, config_home, capsys
) -> None:
    root, outside = box
    component_symlink(root, outside, secret)
    before = snapshot(outside)
    assert main(["scan", str(root / "step.js")]) == 2
    assert main(["secrets", "migrate", str(root / "step.js"), "--yes"]) == 2
    err = capsys.readouterr().err
    assert err.count("symlink to a file outside its folder") == 2
    assert snapshot(outside) == before


def test_parallel_scan_refuses_the_same_escapes(box, secret, monkeypatch) -> None:
    from checks import engine

    root, outside = box
    for build in ESCAPES:
        sub = root / build.__name__
        sub.mkdir()
        out = outside / build.__name__
        out.mkdir()
        build(sub, out, secret)
    _with_inside_step(root, secret)
    monkeypatch.setattr(engine, "PARALLEL_MIN_UNITS", 1)
    serial = scan([root], ScanOptions(select=["secret"], jobs=1))
    parallel = scan([root], ScanOptions(select=["secret"], jobs=2))
    assert sorted(map(repr, parallel.skipped)) == sorted(map(repr, serial.skipped))
    assert {f.path for f in parallel.findings} == {f.path for f in serial.findings} == {"inside.js"}
    assert parallel.unread == serial.unread >= len(ESCAPES)
