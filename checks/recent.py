"""Recently opened projects, kept as a small JSON list in the user data dir (UI-free)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from checks import dirs
from checks.fsutil import atomic_write_text

RECENT_FILE = "recent.json"
DEFAULT_LIMIT = 10


@dataclass(frozen=True)
class RecentProject:
    path: str  # absolute path, or `p_…` for a Pipedream workflow id
    label: str
    opened_at: float

    @property
    def is_remote(self) -> bool:
        return self.path.startswith("p_")


def _file(data_dir: Path | None) -> Path:
    return (data_dir or dirs.data_dir()) / RECENT_FILE


def load_recent(data_dir: Path | None = None) -> list[RecentProject]:
    """Most recent first; a missing or damaged file yields an empty list."""
    try:
        raw = json.loads(_file(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    out: list[RecentProject] = []
    if not isinstance(raw, list):
        return out
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            continue
        label = item["label"] if isinstance(item.get("label"), str) else item["path"]
        opened = item.get("opened_at")
        when = float(opened) if isinstance(opened, int | float) else 0.0
        out.append(RecentProject(item["path"], label, when))
    out.sort(key=lambda r: r.opened_at, reverse=True)
    return out


def _save(items: list[RecentProject], data_dir: Path | None) -> None:
    path = _file(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = [{"path": r.path, "label": r.label, "opened_at": r.opened_at} for r in items]
    atomic_write_text(path, json.dumps(data, indent=2) + "\n")


def add_recent(
    path: str | Path,
    label: str | None = None,
    *,
    data_dir: Path | None = None,
    now: float | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[RecentProject]:
    """Record `path` as opened now (moving it to the front); returns the new list."""
    key = str(path) if str(path).startswith("p_") else str(Path(path).resolve())
    entry = RecentProject(key, label or Path(key).name or key, time.time() if now is None else now)
    items = [entry] + [r for r in load_recent(data_dir) if r.path != key]
    items = items[:limit]
    _save(items, data_dir)
    return items


def remove_recent(path: str | Path, *, data_dir: Path | None = None) -> list[RecentProject]:
    key = str(path) if str(path).startswith("p_") else str(Path(path).resolve())
    items = [r for r in load_recent(data_dir) if r.path != key]
    _save(items, data_dir)
    return items
