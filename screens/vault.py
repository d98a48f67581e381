"""Vault: the variables stepguard moved into the keyring, where each is used; copy or remove."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from checks.errors import StepguardError
from checks.redact import exception_text
from screens.base import BaseScreen
from screens.dialogs import ConfirmDialog


class VaultScreen(BaseScreen):
    BINDINGS = [
        Binding("c", "copy_value", "Copy value", id="vault.copy"),
        Binding("delete,x", "remove", "Remove", id="vault.remove"),
        Binding("m", "migrate", "Migrate more", id="vault.migrate"),
        Binding("a", "toggle_all", "This/all projects", id="vault.all"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Any] = []
        self.all_projects = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="vault-status", classes="hint")
        yield DataTable(id="vault-table", cursor_type="row")
        with VerticalScroll(id="vault-detail"):
            yield Static(id="vault-info")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Vault"
        self.sub_title = "secrets stepguard stored in your OS keyring"
        table = self.query_one("#vault-table", DataTable)
        for key, label in [
            ("name", "Variable"),
            ("project", "Project"),
            ("uses", "Used at"),
            ("stored", "Stored"),
        ]:
            table.add_column(label, key=key)
        if self.project is None:
            self.all_projects = True
        self._load()

    def _project_key(self) -> str | None:
        from checks.vault import project_key

        return project_key(self.project.root) if self.project is not None else None

    def _load(self) -> None:
        from checks.vault import Manifest  # keyring: imported when the vault is opened

        status = self.query_one("#vault-status", Static)
        try:
            manifest = Manifest()
            key = None if self.all_projects else self._project_key()
            self.entries = list(manifest.entries(key))
        except (StepguardError, OSError) as exc:
            status.update(Content.styled(exception_text(exc), "$text-error"))
            return
        table = self.query_one("#vault-table", DataTable)
        table.clear()
        for i, e in enumerate(self.entries):
            uses = ", ".join(f"{u.path}:{u.line}" for u in e.uses[:3])
            table.add_row(e.name, e.project_key, uses, (e.stored_at or "")[:16], key=str(i))
        scope = "all projects" if self.all_projects else "this project"
        if not self.entries:
            status.update(
                f"No variables stored for {scope} yet. Migrate secrets with the wizard "
                "(m) — they appear here."
            )
        else:
            status.update(
                f"{len(self.entries)} variable(s) for {scope}. c copies a value for "
                "Pipedream's settings · x removes it from the keyring · a switches scope"
            )
            table.focus()
            self._detail(0)

    def _current(self) -> Any | None:
        table = self.query_one("#vault-table", DataTable)
        if not self.entries or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.entries[int(key)] if key is not None else None

    @on(DataTable.RowHighlighted, "#vault-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._detail(int(event.row_key.value))

    def _detail(self, index: int) -> None:
        e = self.entries[index]
        lines = [
            Content.assemble((e.name, "bold"), ("  keyring: ", "$text-muted"), e.keyring_entry),
            Content.assemble(("project ", "$text-muted"), e.root),
            Content.assemble(
                ("provider ", "$text-muted"),
                e.provider or "—",
                ("   detector ", "$text-muted"),
                e.detector or "—",
            ),
        ]
        for u in e.uses:
            lines.append(Content.styled(f"  used at {u.path}:{u.line}", "$text-muted"))
        lines.append(
            Content.styled(
                f"In Pipedream: Settings → Environment Variables → {e.name} (secret).",
                "$text-muted",
            )
        )
        self.query_one("#vault-info", Static).update(Content("\n").join(lines))

    def action_toggle_all(self) -> None:
        self.all_projects = not self.all_projects or self.project is None
        self._load()

    def action_copy_value(self) -> None:
        e = self._current()
        if e is not None:
            self._copy(e)

    @work(thread=True, exclusive=True, group="vault")
    def _copy(self, e: Any) -> None:
        from checks.vault import Vault

        try:
            value = Vault().require(e.project_key, e.name)
        except (StepguardError, OSError) as exc:
            self.app.call_from_thread(self.sg.show_error, str(exc))
            return
        self.app.call_from_thread(self.sg.copy_text, value, f"the value of {e.name}")

    def action_remove(self) -> None:
        e = self._current()
        if e is None:
            return
        question = (
            f"Remove {e.name} from the keyring and the manifest? Code that reads it keeps "
            "working in Pipedream (the variable lives there too) but stepguard can no "
            "longer undo its migration."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove(e)

        self.app.push_screen(ConfirmDialog(question, yes="Remove"), answered)

    @work(thread=True, exclusive=True, group="vault")
    def _remove(self, e: Any) -> None:
        from checks.vault import Manifest, Vault

        try:
            Vault().delete(e.project_key, e.name)
            manifest = Manifest()
            manifest.remove(e.project_key, e.name)
            manifest.save()
        except (StepguardError, OSError) as exc:
            self.app.call_from_thread(self.sg.show_error, str(exc))
            return
        self.app.call_from_thread(self._removed, e.name)

    def _removed(self, name: str) -> None:
        self.notify(f"Removed {name} from the keyring.", timeout=4)
        self._load()

    def action_migrate(self) -> None:
        self.sg.action_open_wizard()
