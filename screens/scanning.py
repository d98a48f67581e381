"""Shown while a project loads and scans in a worker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.widgets import LoadingIndicator, Static

from screens.base import BaseScreen


class ScanningScreen(BaseScreen):
    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def compose(self) -> ComposeResult:
        # No Header/Footer: this screen is often replaced within milliseconds, and Header's
        # deferred title update would then race with its removal.
        with Middle(), Center():
            yield Static(f"Scanning {self.label} …", id="scanning-label", markup=False)
            yield LoadingIndicator()
