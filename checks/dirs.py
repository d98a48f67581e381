"""stepguard's per-user folders; each can be moved with an environment variable (tests do)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "stepguard"


def _dir(env: str, default: str) -> Path:
    override = os.environ.get(env)
    return Path(override).expanduser() if override else Path(default)


def config_dir() -> Path:
    """Vault manifest and undo records (`STEPGUARD_CONFIG_DIR`)."""
    return _dir("STEPGUARD_CONFIG_DIR", platformdirs.user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    """The demo copy, recent projects, wizard progress (`STEPGUARD_DATA_DIR`)."""
    return _dir("STEPGUARD_DATA_DIR", platformdirs.user_data_dir(APP, appauthor=False))


def cache_dir() -> Path:
    """Registry answers and scan results: safe to delete (`STEPGUARD_CACHE_DIR`)."""
    return _dir("STEPGUARD_CACHE_DIR", platformdirs.user_cache_dir(APP, appauthor=False))


def scan_cache_dir() -> Path | None:
    """Where scans keep their results (`checks.scan_cache`), or None when
    `STEPGUARD_NO_CACHE` is set to anything but `0`."""
    if os.environ.get("STEPGUARD_NO_CACHE", "") not in ("", "0"):
        return None
    return cache_dir()
