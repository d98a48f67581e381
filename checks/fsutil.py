"""Atomic, verified file writes; bounded reads of scanned input (regular files only)."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from checks.errors import UnreadableFile

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
    On any failure the original file is untouched, the temp file is removed and an OSError
    naming `path` (the path the caller gave, never the temp file) is raised. A symlink is
    followed (its target is replaced, the link stays); a device or pipe (`/dev/null`,
    `/dev/stdout`, a FIFO) is written in place, since renaming over it would replace it, and a
    failed write to it is an error, never a reason to fall back to temp-file-and-rename.
    """
    given = Path(path)
    try:
        _write_bytes(given, data, mode, expected)
    except OSError as exc:
        if exc.filename == str(given) or exc.errno is None:
            raise
        raise OSError(exc.errno, exc.strerror, str(given)) from None


def _write_bytes(path: Path, data: bytes, mode: int | None, expected: bytes | None) -> None:
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
        raise OSError(errno.EIO, "verification failed: the file does not hold what was written")


def atomic_write_text(path: Path, text: str, mode: int | None = None) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode)


# -- reading scanned input --------------------------------------------------------------------

MAX_INPUT_BYTES = 4 * 1024 * 1024


def is_inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every symlink resolved, lies in `root` (also resolved)."""
    real = Path(os.path.realpath(path))
    return real.is_relative_to(Path(os.path.realpath(root)))


def read_input_bytes(
    path: Path,
    root: Path | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
    head: bool = False,
    *,
    root_is_real: bool = False,
) -> bytes:
    """The bytes of a regular file of at most `max_bytes`, or UnreadableFile with the reason.

    Never blocks on a FIFO and never reads a device: the file is opened non-blocking and checked
    with fstat before any read, and the read stops one byte past the cap. With `root`, a path
    whose real location (symlinks resolved) is outside `root` is refused before it is opened.
    With `head`, a larger file gives its first `max_bytes` instead of an error.
    `root_is_real`: the caller passes `root` already resolved (a folder read file by file).
    """
    real = Path(os.path.realpath(path))
    real_root = root if root_is_real or root is None else Path(os.path.realpath(root))
    if real_root is not None and not real.is_relative_to(real_root):
        raise UnreadableFile("resolves outside the scanned folder; not read")
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_NOFOLLOW)
    except OSError as exc:
        raise UnreadableFile(os_reason(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(f"not a regular file ({_kind(info.st_mode)}); not read")
        if info.st_size > max_bytes and not head:
            raise UnreadableFile(f"file too large ({info.st_size:,} bytes; limit {max_bytes:,})")
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        data = b"".join(chunks)
        if total > max_bytes:
            if head:
                return data[:max_bytes]
            raise UnreadableFile(f"file too large (more than {max_bytes:,} bytes)")
        return data
    except OSError as exc:
        raise UnreadableFile(os_reason(exc)) from None
    finally:
        os.close(fd)


def read_input_text(
    path: Path,
    root: Path | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
    *,
    root_is_real: bool = False,
) -> str:
    """`read_input_bytes` decoded as UTF-8 text (BOM dropped); binary or bad UTF-8 is refused."""
    data = read_input_bytes(path, root, max_bytes, root_is_real=root_is_real)
    if b"\0" in data[:8192]:
        raise UnreadableFile("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnreadableFile(f"not valid UTF-8 (byte {exc.start}, line {line})") from None
    return text.removeprefix("\ufeff")


def os_reason(exc: OSError) -> str:
    """A short reason for an OS error (never the path, which the caller already shows)."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    return exc.strerror or type(exc).__name__


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "special file"
