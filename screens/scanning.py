"""Shown while a project loads and scans in a worker."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.widgets import LoadingIndicator, Static

from screens.base import BaseScreen

PASS_THROUGH = frozenset({"escape", "q", "ctrl+q", "ctrl+c", "question_mark", "f1"})


class ScanningScreen(BaseScreen):
    """Keys typed while scanning are kept and replayed on the screen that follows."""

    HELP_NAME = "Scanning"

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label
        self.pending: list[tuple[str, str | None]] = []  # (key, character)

    def on_key(self, event: events.Key) -> None:
        if event.key in PASS_THROUGH:
            return
        self.pending.append((event.key, event.character))
        event.stop()
        event.prevent_default()

    def compose(self) -> ComposeResult:
        # No Header/Footer: this screen is often replaced within milliseconds, and Header's
        # deferred title update would then race with its removal.
        with Middle(), Center():
            yield Static(f"Scanning {self.label} …", id="scanning-label", markup=False)
            yield LoadingIndicator()
