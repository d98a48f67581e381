"""Reading user files safely: regular files only, size cap, containment, one-line reasons."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from checks.fsutil import MAX_INPUT_BYTES, os_reason, read_input_text

MAX_FILE_BYTES = MAX_INPUT_BYTES
SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", ".stepguard", "dist", "build"}


def read_text(
    path: Path,
    root: Path | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    *,
    root_is_real: bool = False,
) -> str:
    """Read a UTF-8 text file (inside `root`, when given) or raise UnreadableFile.
    `root_is_real`: `root` is already resolved (see `read_input_bytes`)."""
    return read_input_text(path, root, max_bytes, root_is_real=root_is_real)


@dataclass
class Tree:
    """What a walk found: file paths (not resolved) and folders it could not or would not enter."""

    files: list[Path] = field(default_factory=list)
    problems: list[tuple[Path, str]] = field(default_factory=list)


def walk_tree(root: Path) -> Tree:
    """All files under `root`, sorted, skipping vendored and hidden tool folders.

    Directory symlinks are not followed (which also makes symlink loops harmless); one that
    points outside `root` is reported, as is every folder that cannot be listed.
    """
    tree = Tree()
    real_root = Path(os.path.realpath(root))

    def onerror(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        tree.problems.append((where, os_reason(exc)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=False):
        here = Path(dirpath)
        kept = []
        for d in sorted(dirnames):
            if d in SKIP_DIRS:
                continue
            if (here / d).is_symlink():
                if not Path(os.path.realpath(here / d)).is_relative_to(real_root):
                    tree.problems.append(
                        (here / d, "symlink to a folder outside the scanned folder; not followed")
                    )
                continue
            kept.append(d)
        dirnames[:] = kept
        tree.files.extend(here / name for name in filenames)
    tree.files.sort()
    tree.problems.sort()
    return tree


def iter_files(root: Path) -> list[Path]:
    """All files under `root` (see `walk_tree`)."""
    return walk_tree(root).files
