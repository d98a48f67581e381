"""Where the vault keeps its files, and the stable key of a project."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

CONFIG_ENV = "STEPGUARD_CONFIG_DIR"


def config_dir() -> Path:
    """stepguard's per-user config folder (`STEPGUARD_CONFIG_DIR` overrides it, e.g. in tests)."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir("stepguard"))


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
