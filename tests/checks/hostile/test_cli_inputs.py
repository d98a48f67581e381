"""Command-line inputs: empty paths, unreadable folders, workflow ids."""

from __future__ import annotations

import os
from pathlib import Path

from checks.loaders import load_paths
from tests.checks.hostile.conftest import assert_one_line_error, run_cli, step_js


def test_empty_path_is_a_usage_error(tmp_path) -> None:
    (tmp_path / "ok.js").write_text(step_js("hello"))
    run = run_cli("scan", "", cwd=tmp_path)
    assert_one_line_error(run, "empty")


def test_unreadable_folder_is_listed_in_skipped(tmp_path, monkeypatch) -> None:
    (tmp_path / "ok.js").write_text(step_js("hello"))
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden.js").write_text(step_js("hello"))
    real_scandir = os.scandir

    def scandir(path=".") -> object:  # root may read anything: deny this one folder by hand
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    loaded = load_paths([tmp_path])
    assert [(s.path, s.reason) for s in loaded.skipped] == [("locked", "permission denied")]


def test_scan_and_fetch_agree_on_workflow_ids(tmp_path) -> None:
    scan = run_cli("scan", "p_abc", cwd=tmp_path)
    fetch = run_cli("fetch", "p_abc", cwd=tmp_path)
    assert scan.code == fetch.code == 2
    assert scan.err_lines == fetch.err_lines  # both reach the API client, neither a path check
