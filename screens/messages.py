"""Messages screens post to the app (they bubble screen → app) instead of reaching across."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message


@dataclass
class OpenPaths(Message):
    """Open and scan local paths (a project folder, workflow folder or file)."""

    paths: list[Path]
    label: str | None = None
    is_demo: bool = False


@dataclass
class OpenDemo(Message):
    """Open a fresh writable copy of the bundled demo project."""

    reset: bool = False


@dataclass
class OpenRemote(Message):
    """Load a workflow from the Pipedream API by its `p_…` id."""

    workflow_id: str
    org_id: str | None = None


class ProjectChanged(Message):
    """The project was rescanned (after a fix); screens showing it re-render."""


@dataclass
class Rescan(Message):
    """Ask the app to rescan the current project (after a fix wrote files)."""

    reason: str = ""
