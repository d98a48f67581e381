"""Cheap change detection for an opened project: stamps of file sizes and mtimes, and content
digests of what a fix wrote, so the assistant follows the files instead of remembering clicks."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

Stamp = frozenset[tuple[str, int, int]]

SKIP_DIRS = frozenset({".git", ".stepguard", "node_modules", "__pycache__", ".venv"})  # not scanned
MAX_FILES = 50_000  # a stamp is a hint: past this many files only the first ones are watched
MAX_DIGEST_BYTES = 16 * 1024 * 1024


def _walk(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    files: list[Path] = []
    for dirpath, dirnames, names in os.walk(path):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        files.extend(Path(dirpath) / name for name in sorted(names))
        if len(files) >= MAX_FILES:
            break
    return files[:MAX_FILES]


def stamp(paths: list[Path]) -> Stamp:
    """(path, size, mtime) of every regular file under `paths` (symlinks are not followed)."""
    out: set[tuple[str, int, int]] = set()
    for root in paths:
        for file in _walk(root):
            try:
                st = file.lstat()
            except OSError:
                continue
            out.add((str(file), st.st_size, st.st_mtime_ns))
    return frozenset(out)


def digest(path: Path | None) -> str | None:
    """A content digest of a file or folder (names and bytes), None when it cannot be read."""
    if path is None:
        return None
    h = hashlib.sha256()
    total = 0
    try:
        for file in _walk(path):
            if file.is_symlink() or not file.is_file():
                continue
            data = file.read_bytes()
            total += len(data)
            if total > MAX_DIGEST_BYTES:
                return None
            rel = file.relative_to(path).as_posix() if file != path else file.name
            h.update(rel.encode("utf-8", "surrogateescape") + b"\0")
            h.update(hashlib.sha256(data).digest())
    except OSError:
        return None
    return h.hexdigest()
