"""Small modal dialogs with typed results: save a file, confirm an action."""

from __future__ import annotations

import os
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from screens.welcome import PathSuggester


class SaveFileDialog(ModalScreen[Path | None]):
    """Ask where to save; returns the chosen path (folders created on save) or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(self, title: str, base: Path, default_name: str) -> None:
        super().__init__()
        self.title_text = title
        self.base = base  # relative names are saved here
        self.shown_default = default_name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="section")
            yield Input(value=self.shown_default, suggester=PathSuggester(), id="save-path")
            yield Static(
                "Enter saves · Esc cancels · relative names go into the project folder",
                classes="hint",
            )
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#save-path", Input).focus()

    def _chosen(self) -> Path | None:
        text = self.query_one("#save-path", Input).value.strip()
        if not text:
            return None
        path = Path(os.path.expanduser(text))
        return path if path.is_absolute() else self.base / path

    @on(Input.Submitted, "#save-path")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        path = self._chosen()
        if path is None:
            self.notify("Type a file name first.", severity="warning")
            return
        if path.is_dir():
            self.notify(f"{path.name} is a folder; add a file name.", severity="warning")
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape,n", "answer(False)", "No", id="confirm.no"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.no, id="no")
                yield Button(self.yes, id="yes", variant="warning")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
