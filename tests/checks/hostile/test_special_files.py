"""Special files and oversize input: FIFOs, /dev/zero, huge files never hang or read unbounded."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.checks.hostile.conftest import assert_one_line_error, run_cli, step_js, sync_workflow

OVERSIZE = 5 * 1024 * 1024  # above the 4 MiB input cap


def _fifo_component(root: Path) -> None:
    os.mkfifo(root / "evil.js")


def _fifo_json(root: Path) -> None:
    os.mkfifo(root / "evil.json")


def _zero_component(root: Path) -> None:
    (root / "zero.js").symlink_to("/dev/zero")


def _zero_json(root: Path) -> None:
    (root / "zero.json").symlink_to("/dev/zero")


SPECIALS = [_fifo_component, _fifo_json, _zero_component, _zero_json]


@pytest.mark.parametrize("make", SPECIALS, ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize(
    ("command", "options"),
    [
        (["scan"], ["--format", "json", "--fail-on", "never"]),
        (["packages"], ["--offline"]),
        (["secrets", "migrate"], ["--yes"]),
    ],
    ids=["scan", "packages", "migrate"],
)
def test_special_files_in_the_tree_are_skipped_not_read(tmp_path, make, command, options) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (root / "ok.js").write_text(step_js("hello"))
    make(root)
    run = run_cli(*command, str(root), *options)
    assert run.code in (1, 2), (run.code, run.err[-400:])
    assert "Traceback" not in run.err
    if command[0] != "scan":
        assert "not a regular file" in run.err or "outside" in run.err, run.err[-400:]
    else:
        doc = json.loads(run.out)
        reasons = [s["reason"] for s in doc["skipped"]]
        # a FIFO is not a regular file; /dev/zero is also outside the root: refused either way
        assert any("not a regular file" in r or "outside" in r for r in reasons), reasons


def test_baseline_from_dev_zero_is_refused(tmp_path) -> None:
    (tmp_path / "ok.js").write_text(step_js("hello"))
    run = run_cli("scan", str(tmp_path), "--baseline", "/dev/zero")
    assert_one_line_error(run, "/dev/zero", "not a regular file")


def test_baseline_fifo_is_refused(tmp_path) -> None:
    (tmp_path / "ok.js").write_text(step_js("hello"))
    os.mkfifo(tmp_path / "base.json")
    run = run_cli("scan", str(tmp_path), "--baseline", str(tmp_path / "base.json"))
    assert_one_line_error(run, "not a regular file")


def test_oversize_baseline_is_refused(tmp_path) -> None:
    (tmp_path / "ok.js").write_text(step_js("hello"))
    base = tmp_path / "base.json"
    base.write_text('{"version": 1, "findings": [' + " " * (OVERSIZE) + "]}")
    run = run_cli("scan", str(tmp_path), "--baseline", str(base))
    assert_one_line_error(run, "too large")


def test_oversize_step_with_a_secret_is_skipped_and_exits_2(tmp_path, secret) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (root / "ok.js").write_text(step_js("hello"))
    big = step_js(secret) + "// padding\n" * (OVERSIZE // 11)
    (root / "big.js").write_text(big)
    run = run_cli("scan", str(root), "--format", "json", "--fail-on", "never")
    doc = json.loads(run.out)
    assert [s["path"] for s in doc["skipped"]] == ["big.js"]
    assert "too large" in doc["skipped"][0]["reason"]
    assert secret not in run.out + run.err
    assert run.code == 2


def test_settings_file_that_is_a_fifo_is_reported_not_read(tmp_path) -> None:
    root = tmp_path / "project"
    wdir = sync_workflow(root / "wf-p_abc123", "- namespace: s\n  runtime: nodejs20.x\n")
    (wdir / "s").mkdir()
    (wdir / "s" / "entry.js").write_text(step_js("hello"))
    os.mkfifo(wdir / ".stepguard.toml")
    os.mkfifo(wdir / ".workflow.state")
    run = run_cli("scan", str(root), "--format", "json", "--fail-on", "never")
    doc = json.loads(run.out)
    reasons = {s["path"]: s["reason"] for s in doc["skipped"]}
    assert "not a regular file" in reasons.get("wf-p_abc123/.stepguard.toml", ""), reasons
