"""Project: every workflow with its findings, to choose one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from screens.base import BaseScreen
from screens.messages import ProjectChanged
from screens.overview import counts_cell
from screens.summary import Counts, trigger_short


class ProjectScreen(BaseScreen):
    BINDINGS = [
        Binding("w", "app.open_wizard", "Wizard", id="project.wizard"),
        Binding("g", "app.open_snippets", "Snippets", id="project.snippets"),
        Binding("k", "app.open_packages", "Packages", id="project.packages"),
        Binding("e", "app.export_report", "Export", id="project.export"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="project"):
            yield Static(id="project-heading")
            yield DataTable(id="workflows", cursor_type="row")
            yield Static("↑↓ choose · Enter opens the workflow", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#workflows", DataTable)
        table.add_column("Workflow", key="name")
        table.add_column("Trigger", key="trigger")
        table.add_column("Steps", key="steps")
        table.add_column("Findings", key="findings")
        self._refresh_view()
        table.focus()

    @on(ProjectChanged)
    def _refresh_view(self) -> None:
        project = self.project
        if project is None:
            return
        self.title = project.label
        self.sub_title = project.display_root
        total = len(project.findings)
        fixable = sum(1 for f in project.findings if f.fix is not None)
        self.query_one("#project-heading", Static).update(
            Content.assemble(
                (f"{len(project.workflows)} workflows", "bold"),
                f" · {total} findings · {fixable} with a guided fix",
                ("   Enter: open · w: fix them in the wizard", "$text-muted"),
            )
        )
        table = self.query_one("#workflows", DataTable)
        row = table.cursor_row
        table.clear()
        for i, wf in enumerate(project.workflows):
            c = Counts()
            for f in project.workflow_findings(wf):
                c.add(f)
            table.add_row(
                wf.name,
                trigger_short(wf),
                str(len(wf.steps)),
                counts_cell(c),
                key=str(i),
            )
        if row:
            table.move_cursor(row=min(row, table.row_count - 1))

    @on(DataTable.RowSelected, "#workflows")
    def _open(self, event: DataTable.RowSelected) -> None:
        from screens.overview import OverviewScreen

        if self.project is None or event.row_key.value is None:
            return
        wf = self.project.workflows[int(event.row_key.value)]
        self.app.push_screen(OverviewScreen(wf))
