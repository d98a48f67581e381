"""Finding the files of a scanned folder (reading them safely is `checks.fsutil`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from checks.fsutil import os_reason

SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", ".stepguard", "dist", "build"}


@dataclass
class Tree:
    """What a walk found: file paths (not resolved) and folders it could not or would not enter."""

    files: list[Path] = field(default_factory=list)
    problems: list[tuple[Path, str]] = field(default_factory=list)


def walk_tree(root: Path) -> Tree:
    """All files under `root`, sorted, skipping vendored and hidden tool folders.

    Directory symlinks are not followed (which also makes symlink loops harmless); one that
    points outside `root` is reported, as is every folder that cannot be listed. One `scandir`
    per folder: its entries say which are folders and symlinks without another system call.
    """
    tree = Tree()
    real_root = Path(os.path.realpath(root))
    pending = [os.fspath(root)]
    while pending:
        top = pending.pop()
        try:
            with os.scandir(top) as listing:
                entries = list(listing)
        except OSError as exc:
            where = Path(exc.filename) if exc.filename else root
            tree.problems.append((where, os_reason(exc)))
            continue
        folders = []
        for entry in entries:
            if not _is_dir(entry):
                tree.files.append(Path(entry.path))
            elif entry.name in SKIP_DIRS:
                continue
            elif _is_symlink(entry):
                if not Path(os.path.realpath(entry.path)).is_relative_to(real_root):
                    tree.problems.append(
                        (
                            Path(entry.path),
                            "symlink to a folder outside the scanned folder; not followed",
                        )
                    )
            else:
                folders.append(entry.path)
        pending.extend(sorted(folders, reverse=True))
    tree.files.sort()
    tree.problems.sort()
    return tree


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """A folder, or a symlink to one (as `os.walk` sorts entries); False when it cannot say."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_symlink(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def iter_files(root: Path) -> list[Path]:
    """All files under `root` (see `walk_tree`)."""
    return walk_tree(root).files
