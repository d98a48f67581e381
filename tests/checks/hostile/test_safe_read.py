"""The one reader of scanned input: regular files only, capped, inside the root, never blocking."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from checks.errors import UnreadableFile
from checks.fsutil import is_inside, read_input_bytes, read_input_text


def _read_in_thread(path: Path, **kwargs: object) -> BaseException | bytes:
    """Read in a daemon thread; a hang fails the test after 10 s instead of stalling it."""
    box: list[BaseException | bytes] = []

    def go() -> None:
        try:
            box.append(read_input_bytes(path, **kwargs))  # type: ignore[arg-type]
        except BaseException as exc:
            box.append(exc)

    t = threading.Thread(target=go, daemon=True)
    t.start()
    t.join(10)
    assert box, f"reading {path.name} blocked"
    return box[0]


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "step.js")
    got = _read_in_thread(tmp_path / "step.js")
    assert isinstance(got, UnreadableFile) and "not a regular file (a FIFO)" in got.reason


def test_device_is_refused(tmp_path: Path) -> None:
    got = _read_in_thread(Path("/dev/zero"))
    assert isinstance(got, UnreadableFile) and "a device" in got.reason


def test_cap_and_head(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b"x" * 101)
    with pytest.raises(UnreadableFile, match="too large"):
        read_input_bytes(big, max_bytes=100)
    assert read_input_bytes(big, max_bytes=10, head=True) == b"x" * 10
    assert read_input_bytes(big, max_bytes=101) == b"x" * 101


def test_symlink_out_of_the_root_is_refused_before_opening(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_text("outside")
    (root / "link.js").symlink_to(outside)
    (root / "inner.js").write_text("inside")
    (root / "ok.js").symlink_to(root / "inner.js")
    with pytest.raises(UnreadableFile, match="outside the scanned folder"):
        read_input_bytes(root / "link.js", root)
    assert read_input_text(root / "ok.js", root) == "inside"
    assert is_inside(root / "ok.js", root) and not is_inside(root / "link.js", root)
    assert not is_inside(root / ".." / "secret.txt", root)


def test_text_checks(tmp_path: Path) -> None:
    (tmp_path / "bin.js").write_bytes(b"a\0b")
    (tmp_path / "latin.js").write_bytes(b"\n\xff")
    (tmp_path / "bom.js").write_bytes(b"\xef\xbb\xbfok")
    with pytest.raises(UnreadableFile, match="binary"):
        read_input_text(tmp_path / "bin.js")
    with pytest.raises(UnreadableFile, match=r"not valid UTF-8 \(byte 1, line 2\)"):
        read_input_text(tmp_path / "latin.js")
    assert read_input_text(tmp_path / "bom.js") == "ok"
