"""Export the findings as JSON, SARIF or Markdown from inside the app."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from checks.errors import StepguardError
from checks.fsutil import atomic_write_text

EXTENSIONS = {"markdown": "md", "json": "json", "sarif": "sarif"}
LABELS = {"markdown": "Markdown", "json": "JSON", "sarif": "SARIF 2.1.0"}


class ReportDialog(ModalScreen[Path | None]):
    """Choose a format and a file; the report is rendered and written in a worker."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="report.cancel")]

    def __init__(self, fmt: str = "markdown") -> None:
        super().__init__()
        self.fmt = fmt if fmt in EXTENSIONS else "markdown"

    def _default_name(self, fmt: str) -> str:
        return f"stepguard-report.{EXTENSIONS[fmt]}"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="report-dialog"):
            yield Label("Export findings", classes="section")
            with RadioSet(id="report-format"):
                for key, label in LABELS.items():
                    yield RadioButton(label, value=key == self.fmt, id=f"fmt-{key}")
            yield Label("File (relative paths are saved in the project folder)")
            yield Input(value=self._default_name(self.fmt), id="report-path")
            yield Static(
                "Enter exports · Esc cancels · secrets appear only in redacted form", classes="hint"
            )
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Export", id="export", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#report-path", Input).focus()

    @on(RadioSet.Changed, "#report-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        new = (event.pressed.id or "fmt-markdown").removeprefix("fmt-")
        path_input = self.query_one("#report-path", Input)
        if path_input.value == self._default_name(self.fmt):
            path_input.value = self._default_name(new)
        self.fmt = new
        path_input.focus()

    def _target(self) -> Path | None:
        app = self.app
        project = getattr(app, "project", None)
        text = self.query_one("#report-path", Input).value.strip()
        if not text or project is None:
            return None
        path = Path(text).expanduser()
        if not path.is_absolute():
            base = project.root if project.root.is_dir() else Path.cwd()
            path = base / path
        return path

    @on(Input.Submitted, "#report-path")
    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        target = self._target()
        if target is None:
            self.notify("Type a file name first.", severity="warning")
            return
        self._write(target, self.fmt)

    @work(thread=True, exclusive=True, group="report")
    def _write(self, target: Path, fmt: str) -> None:
        from checks.reports import render

        app = self.app
        project = app.project  # type: ignore[attr-defined]
        try:
            text = render(project.result, fmt)
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(target, text)
        except (StepguardError, OSError, ValueError) as exc:
            app.call_from_thread(app.show_error, f"export failed: {exc}")  # type: ignore[attr-defined]
            return
        shown = project.display(target) if project else target.name
        app.call_from_thread(self._done, target, shown)

    def _done(self, target: Path, shown: str) -> None:
        self.notify(f"Report written to {shown}", title=f"{LABELS[self.fmt]} report", timeout=6)
        self.dismiss(target)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
