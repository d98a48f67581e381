"""Where the vault keeps its files, and the stable key of a project."""

from __future__ import annotations

import hashlib
from pathlib import Path

from checks.dirs import config_dir

__all__ = ["config_dir", "project_key", "project_root"]


def project_root(path: Path) -> Path:
    """The project a path belongs to: the folder itself, or a file's folder (resolved)."""
    resolved = Path(path).resolve()
    return resolved if resolved.is_dir() else resolved.parent


def project_key(root: Path) -> str:
    """`<folder-name>-<8 hex of sha256(resolved path)>`: short, stable, readable, no colons."""
    resolved = Path(root).resolve()
    name = "".join(c if c.isalnum() or c in "._-" else "_" for c in resolved.name) or "root"
    digest = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{name[:40]}-{digest}"
