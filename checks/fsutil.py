"""Atomic, verified file writes."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to `path` atomically: temp file in the same folder, fsync, rename, verify.

    On any failure the original file is untouched, the temp file is removed and an OSError
    naming `path` (the path the caller gave, never the temp file) is raised. A symlink is
    followed (its target is replaced, the link stays); a device or pipe (`/dev/null`,
    `/dev/stdout`, a FIFO) is written in place, since renaming over it would replace it, and a
    failed write to it is an error, never a reason to fall back to temp-file-and-rename.
    """
    given = Path(path)
    try:
        _write_bytes(given, data, mode)
    except OSError as exc:
        if exc.filename == str(given) or exc.errno is None:
            raise
        raise OSError(exc.errno, exc.strerror, str(given)) from None


def _write_bytes(path: Path, data: bytes, mode: int | None) -> None:
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    try:
        st: os.stat_result | None = path.stat()
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        with open(path, "wb") as out:
            out.write(data)
            out.flush()
        return
    directory = path.parent
    if mode is None:
        mode = st.st_mode & 0o7777 if st is not None else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".sgtmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
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
        raise OSError(errno.EIO, "verification failed: the file does not hold what was written")


def atomic_write_text(path: Path, text: str, mode: int | None = None) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode)
