"""Temp files of killed processes are recognised by the pid in their name and removed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from checks.fixes.secrets.recover import alive, remove_stale_temps
from checks.fsutil import atomic_write_bytes, temp_pid


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_temp_file_names_carry_the_writing_pid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    real = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append(Path(src).name)
        real(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    atomic_write_bytes(tmp_path / "step.js", b"x")
    assert [temp_pid(n) for n in seen] == [os.getpid()]


def test_only_temp_files_of_dead_processes_are_removed(tmp_path: Path) -> None:
    dead = _dead_pid()
    assert not alive(dead) and alive(os.getpid())
    stale = tmp_path / f".step.js.{dead}.k2j4h_9x.sgtmp"
    live = tmp_path / f".step.js.{os.getpid()}.abcdefgh.sgtmp"
    legacy = tmp_path / ".step.js.abcdefgh.sgtmp"  # no pid: cannot know, left alone
    other = tmp_path / f"notes.{dead}.x.txt"
    for p in (stale, live, legacy, other):
        p.write_text("partial")
    assert remove_stale_temps([tmp_path]) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (live, legacy, other)
    )
