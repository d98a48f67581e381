"""Atomic writes keep what they write over intact: links stay links, devices stay devices."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from checks.fsutil import atomic_write_text


def test_writes_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    target.chmod(0o600)
    atomic_write_text(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temp file left


def test_symlink_target_is_replaced_and_link_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    # `--output /dev/null` once replaced the device with a regular file; a FIFO shows the same
    # without touching the machine's /dev.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    atomic_write_text(fifo, "through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_a_resolved_root_still_confines_reads(tmp_path: Path) -> None:
    """`root_is_real` only skips resolving the root again: a link out of it is still refused."""
    from checks.errors import UnreadableFile
    from checks.fsutil import read_input_bytes

    root = tmp_path / "wf"
    root.mkdir()
    (root / "inside.js").write_text("ok", encoding="utf-8")
    (tmp_path / "outside.js").write_text("secret", encoding="utf-8")
    (root / "escape.js").symlink_to(tmp_path / "outside.js")
    real = Path(os.path.realpath(root))
    assert read_input_bytes(root / "inside.js", real, root_is_real=True) == b"ok"
    for flag in (True, False):
        with pytest.raises(UnreadableFile, match="outside the scanned folder"):
            read_input_bytes(root / "escape.js", real, root_is_real=flag)
