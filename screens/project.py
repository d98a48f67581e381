"""Project: every workflow with its findings, to choose one; filter, sort, compact paths."""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.widgets.data_table import CellDoesNotExist

from checks.model import Finding, Workflow
from screens.base import BaseScreen
from screens.messages import ProjectChanged
from screens.overview import counts_cell
from screens.state import plain_cell
from screens.summary import Counts, trigger_short
from screens.summary import _same_source as same_source

SORTS = ("severity", "name")


def middle_ellipsis(text: str, width: int) -> str:
    """`very/long/…/entry.mjs`: keep both ends, which say the most about a path."""
    if width < 5 or len(text) <= width:
        return text
    head = (width - 1) // 2
    tail = width - 1 - head
    return text[:head] + "…" + text[-tail:]


def strip_common_prefix(paths: list[str]) -> list[str]:
    """Drop the folders every path shares (`components/github/…` → `…`)."""
    if len(paths) < 2:
        return paths
    common = os.path.commonpath(paths) if all(paths) else ""
    if not common or common in paths:
        return paths
    cut = len(common) + 1
    return [p[cut:] for p in paths]


@dataclass
class Row:
    index: int  # position in project.workflows
    name: str
    counts: Counts

    @property
    def sort_key(self) -> tuple[int, int, str]:
        worst = self.counts.worst
        return (-(int(worst) if worst is not None else -1), -self.counts.total, self.name.lower())


def workflow_counts(findings: list[Finding], workflows: list[Workflow]) -> list[Counts]:
    """Counts per workflow in one pass over the findings (grouped by workflow name first)."""
    by_name: dict[str | None, list[Finding]] = defaultdict(list)
    for f in findings:
        by_name[f.workflow].append(f)
    out: list[Counts] = []
    for wf in workflows:
        c = Counts()
        for f in by_name.get(wf.name, []):
            if same_source(f, wf):
                c.add(f)
        out.append(c)
    return out


class ProjectScreen(BaseScreen):
    HELP_NAME = "Project"
    BINDINGS = [
        Binding("w", "app.open_wizard", "Wizard", id="project.wizard"),
        Binding("slash", "filter", "Filter", id="project.filter", key_display="/"),
        Binding("f", "toggle_findings", "Only with findings", id="project.only_findings"),
        Binding("s", "cycle_sort", "Sort", id="project.sort"),
        Binding("g", "app.open_snippets", "Snippets", id="project.snippets", show=False),
        Binding("k", "app.open_packages", "Packages", id="project.packages", show=False),
        Binding("e", "app.export_report", "Export", id="project.export", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.only_findings = False
        self.sort = SORTS[0]
        self._rows: list[Row] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="project"):
            yield Static(id="project-heading")
            yield Input(
                placeholder="/ filter workflows (Enter, Esc: back to the list)", id="filter"
            )
            yield DataTable(id="workflows", cursor_type="row")
            yield Static(id="project-hint", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#workflows", DataTable)
        table.add_column("Workflow", key="name")
        table.add_column("Findings", key="findings")
        table.add_column("Trigger", key="trigger")
        table.add_column("Steps", key="steps")
        self._refresh_view()
        table.focus()

    # -- data ------------------------------------------------------------------------------------

    @on(ProjectChanged)
    def _refresh_view(self) -> None:
        project = self.project
        if project is None:
            return
        self.title = project.label
        self.sub_title = project.display_root
        counts = workflow_counts(project.findings, project.workflows)
        labels = strip_common_prefix([self._label(wf) for wf in project.workflows])
        self._rows = [
            Row(i, label, c) for i, (label, c) in enumerate(zip(labels, counts, strict=True))
        ]
        self._fill()

    def _label(self, wf: Workflow) -> str:
        """The workflow's name, or its path for component files (names repeat there)."""
        if self.project is None or wf.is_github_sync:
            return wf.name
        return self.project.display(wf.source)

    def visible_rows(self) -> list[Row]:
        needle = self.query_text.lower()
        rows = [
            r
            for r in self._rows
            if (not needle or needle in r.name.lower())
            and (r.counts.total or not self.only_findings)
        ]
        if self.sort == "severity":
            rows.sort(key=lambda r: r.sort_key)
        else:
            rows.sort(key=lambda r: r.name.lower())
        return rows

    def _fill(self) -> None:
        project = self.project
        if project is None:
            return
        table = self.query_one("#workflows", DataTable)
        keep = self._current_index()
        rows = self.visible_rows()
        width = max(24, self.size.width - 56) if self.size.width else 60
        table.clear()
        for r in rows:
            wf = project.workflows[r.index]
            table.add_row(
                plain_cell(middle_ellipsis(r.name, width)),
                counts_cell(r.counts),
                trigger_short(wf),
                str(len(wf.steps)),
                key=str(r.index),
            )
        if keep is not None:
            keys = [r.index for r in rows]
            if keep in keys:
                table.move_cursor(row=keys.index(keep))
        self._heading(len(rows))

    def _current_index(self) -> int | None:
        table = self.query_one("#workflows", DataTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except CellDoesNotExist:
            return None
        return int(key) if key is not None else None

    def _heading(self, shown: int) -> None:
        project = self.project
        assert project is not None
        total = len(project.findings)
        fixable = sum(1 for f in project.findings if f.fix is not None)
        count = f"{len(project.workflows)} workflows"
        if shown != len(project.workflows):
            count = f"{shown} of {len(project.workflows)} workflows"
        filters = []
        if self.query_text:
            filters.append(f"matching “{self.query_text}”")
        if self.only_findings:
            filters.append("only with findings")
        self.query_one("#project-heading", Static).update(
            Content.assemble(
                (count, "bold"),
                f" · {total} findings · {fixable} with a guided fix",
                (f" · {', '.join(filters)}" if filters else "", "$text-warning"),
            )
        )
        self.query_one("#project-hint", Static).update(
            f"Enter opens · / filter · f only with findings · s sort (now: {self.sort}) · "
            "w wizard · g snippets · k packages · e export"
        )

    # -- actions ---------------------------------------------------------------------------------

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        self.set_focus(box)  # at once: keys typed right after `/` belong to the filter

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_text = event.value.strip()
        self._fill()

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self._leave_filter()

    def _leave_filter(self) -> None:
        self.set_focus(self.query_one("#workflows", DataTable))

    def action_back(self) -> None:
        if self.focused is self.query_one("#filter", Input):
            self._leave_filter()
            return
        super().action_back()

    def action_toggle_findings(self) -> None:
        self.only_findings = not self.only_findings
        self._fill()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._fill()

    @on(DataTable.RowSelected, "#workflows")
    def _open(self, event: DataTable.RowSelected) -> None:
        from screens.overview import OverviewScreen

        if self.project is None or event.row_key.value is None:
            return
        wf = self.project.workflows[int(event.row_key.value)]
        self.app.push_screen(OverviewScreen(wf))
