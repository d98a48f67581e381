"""Reading user files safely: size, binary and encoding checks with one-line reasons."""

from __future__ import annotations

import os
from pathlib import Path

from checks.errors import UnreadableFile

MAX_FILE_BYTES = 4 * 1024 * 1024
SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", ".stepguard", "dist", "build"}


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file or raise UnreadableFile with the reason."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(_os_reason(exc)) from None
    if size > max_bytes:
        raise UnreadableFile(f"file too large ({size:,} bytes; limit {max_bytes:,})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(_os_reason(exc)) from None
    if b"\0" in data[:8192]:
        raise UnreadableFile("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnreadableFile(f"not valid UTF-8 (byte {exc.start}, line {line})") from None
    return text.removeprefix("\ufeff")


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return exc.strerror or type(exc).__name__


def iter_files(root: Path) -> list[Path]:
    """All regular files under `root`, sorted, skipping vendored and hidden tool folders.

    Directory symlinks are not followed, which also makes symlink loops harmless.
    """
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in filenames:
            out.append(Path(dirpath) / name)
    out.sort()
    return out
