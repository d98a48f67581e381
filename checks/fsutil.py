"""Atomic, verified file writes."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".sgtmp"


class ChangedOnDisk(OSError):
    """The file no longer holds the bytes the caller read (someone edited it meanwhile)."""


def temp_pid(name: str) -> int | None:
    """The pid of the process that made temp file `name` (`.NAME.PID.RANDOM.sgtmp`), or None."""
    parts = name.split(".")
    if not name.endswith(TEMP_SUFFIX) or len(parts) < 4 or not parts[-3].isdigit():
        return None
    return int(parts[-3])


def atomic_write_bytes(
    path: Path, data: bytes, mode: int | None = None, expected: bytes | None = None
) -> None:
    """Write `data` to `path` atomically: temp file in the same folder, fsync, rename, verify.

    With `expected`, the file's bytes are compared with it just before the rename, and
    ChangedOnDisk is raised (nothing replaced) when they differ. The temp file's name carries
    the pid (`temp_pid`), so temp files of a killed process can be told apart and removed.
    On any failure the original file is untouched and the temp file is removed. A symlink is
    followed (its target is replaced, the link stays); a device or pipe (`/dev/null`,
    `/dev/stdout`, a FIFO) is written in place, since renaming over it would replace it.
    """
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    with contextlib.suppress(OSError):
        if not stat.S_ISREG(path.stat().st_mode):
            with open(path, "wb") as out:
                out.write(data)
            return
    directory = path.parent
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o644
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=directory
    )
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if expected is not None and path.read_bytes() != expected:
            raise ChangedOnDisk(f"{path} changed while it was being rewritten")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dfd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    if path.read_bytes() != data:
        raise OSError(f"verification failed: {path} does not hold what was written")


def atomic_write_text(path: Path, text: str, mode: int | None = None) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode)
