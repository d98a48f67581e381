"""Workflow overview: the trigger, every step in order with its findings, a summary by practice."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from checks.escape import escape_controls
from checks.model import Finding, Severity, Step, Workflow
from screens.base import BaseScreen
from screens.code import SEVERITY_MARK, SEVERITY_STYLE
from screens.messages import ProjectChanged
from screens.state import plain_cell
from screens.summary import (
    PRACTICE_ORDER,
    Counts,
    practice_counts,
    step_counts,
    trigger_findings,
    trigger_short,
    trigger_state,
    what_next,
)

TRIGGER_ROW = "trigger"


def counts_cell(c: Counts) -> Content:
    if not c.total:
        return Content.styled("✓ ok", "$text-success")
    parts: list[Content] = []
    for sev in sorted(c.by_severity, reverse=True):
        parts.append(
            Content.styled(f"{SEVERITY_MARK[sev]}{c.by_severity[sev]}", SEVERITY_STYLE[sev])
        )
    return Content(" ").join(parts)


def step_kind(step: Step) -> str:
    if step.code is not None:
        return f"code · {step.language.value}"
    if step.registry_action:
        return f"action · {step.registry_action}"
    return "no code"


class OverviewScreen(BaseScreen):
    """One workflow at a glance."""

    HELP_NAME = "Workflow overview"

    BINDINGS = [
        Binding("enter", "open_step", "Open step", id="overview.open", show=False),
        Binding("w", "wizard", "Wizard", id="overview.wizard"),
        Binding("g", "app.open_snippets", "Snippets", id="overview.snippets"),
        Binding("k", "app.open_packages", "Packages", id="overview.packages"),
        Binding("e", "app.export_report", "Export", id="overview.export"),
        Binding("v", "app.open_vault", "Vault", id="overview.vault", show=False),
    ]

    def __init__(self, workflow: Workflow) -> None:
        super().__init__()
        self.workflow = workflow

    @property
    def findings(self) -> list[Finding]:
        return self.project.workflow_findings(self.workflow) if self.project else []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="overview"):
            yield Static(id="trigger-panel")
            with Horizontal(id="overview-body"):
                with Vertical(id="steps-box"):
                    yield DataTable(id="steps", cursor_type="row", zebra_stripes=False)
                    yield Static(
                        "↑↓ choose · Enter opens the step with its code and findings",
                        classes="hint",
                    )
                with VerticalScroll(id="practice-panel"):
                    yield Static(id="practice-summary")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#steps", DataTable)
        table.add_column("#", key="n", width=3)
        table.add_column("Step", key="step")
        table.add_column("Findings", key="findings")  # before Kind: it must fit on 80 columns
        table.add_column("Kind", key="kind")
        self._refresh_view()
        table.focus()

    @on(ProjectChanged)
    def _project_changed(self) -> None:
        if self.project is not None:
            fresh = self.project.find_workflow(self.workflow.source)
            if fresh is not None:
                self.workflow = fresh
        self._refresh_view()

    def _refresh_view(self) -> None:
        wf = self.workflow
        findings = self.findings
        self.title = escape_controls(wf.name)
        self.sub_title = self.project.display(wf.source) if self.project else ""
        self.query_one("#trigger-panel", Static).update(self._trigger_content(findings))
        table = self.query_one("#steps", DataTable)
        row = table.cursor_row
        table.clear()
        tcounts = Counts()
        for f in trigger_findings(findings):
            tcounts.add(f)
        table.add_row("⚡", "trigger", counts_cell(tcounts), trigger_short(wf), key=TRIGGER_ROW)
        for i, step in enumerate(wf.steps, start=1):
            table.add_row(
                str(i),
                plain_cell(step.namespace),
                counts_cell(step_counts(findings, step)),
                step_kind(step),
                key=f"step-{i - 1}",
            )
        if row:
            table.move_cursor(row=min(row, table.row_count - 1))
        self.query_one("#practice-summary", Static).update(self._summary_content(findings))

    def _trigger_content(self, findings: list[Finding]) -> Content:
        t = self.workflow.trigger
        parts: list[Content | tuple[str, str] | str] = [
            ("Trigger  ", "bold"),
            "HTTP" if t.is_http else t.describe(),
            ("  ·  ", "$text-muted"),
            (trigger_state(self.workflow), self._state_style()),
        ]
        if t.endpoint_url:
            parts += ["\n", ("Endpoint ", "$text-muted"), t.endpoint_url]
        if t.id:
            parts += ["\n", ("Id       ", "$text-muted"), t.id]
        if not self.workflow.can_write:
            parts += [
                "\n",
                (
                    "Loaded from the Pipedream API: fixes come as snippets and instructions, "
                    "not file changes.",
                    "$text-warning",
                ),
            ]
        return Content.assemble(*parts)

    def _state_style(self) -> str:
        state = trigger_state(self.workflow)
        if state.startswith("public"):
            return "bold $text-error"
        if "not recorded" in state:
            return "$text-warning"
        return "$text-success"

    def _summary_content(self, findings: list[Finding]) -> Content:
        counts = practice_counts(findings)
        lines: list[Content] = [Content.styled("By best practice", "bold")]
        for practice in PRACTICE_ORDER:
            c = counts[practice]
            lines.append(Content.assemble((f"{practice.short:<15}", "bold"), counts_cell(c)))
        lines.append(Content(""))
        lines.append(Content.styled("What to do next", "bold"))
        for i, text in enumerate(what_next(findings), start=1):
            lines.append(Content(f"{i}. {text}"))
        worst = max((f.severity for f in findings), default=None)
        if worst is not None and worst >= Severity.HIGH:
            lines.append(Content(""))
            lines.append(
                Content.styled(
                    "Start with the ◆ and ● items: they are exploitable today.", "$text-error"
                )
            )
        return Content("\n").join(lines)

    # -- actions -------------------------------------------------------------------------------

    def action_wizard(self) -> None:
        from screens.wizard import WizardScreen

        self.app.push_screen(WizardScreen(workflow=self.workflow.name))

    @on(DataTable.RowSelected, "#steps")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(event.row_key.value)

    def action_open_step(self) -> None:
        table = self.query_one("#steps", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self._open(key)

    def _open(self, key: str | None) -> None:
        from screens.step import StepScreen

        if key is None:
            return
        index = -1 if key == TRIGGER_ROW else int(key.split("-", 1)[1])
        self.app.push_screen(StepScreen(self.workflow, index))
