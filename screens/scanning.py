"""Shown while a project loads and scans in a worker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.widgets import Footer, Header, LoadingIndicator, Static

from screens.base import BaseScreen


class ScanningScreen(BaseScreen):
    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def compose(self) -> ComposeResult:
        yield Header()
        with Middle(), Center():
            yield Static(f"Scanning {self.label} …", id="scanning-label", markup=False)
            yield LoadingIndicator()
        yield Footer()
