"""Remediation wizard: a guided, skippable, resumable pass over every finding with a fix."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, ProgressBar, Static

from checks.errors import StepguardError
from checks.escape import escape_controls
from checks.fixes.journal import UndoBlocked, list_entries, sha256
from checks.fixes.journal import undo as journal_undo
from checks.fsutil import atomic_write_text
from checks.model import Finding, Workflow
from checks.redact import exception_text
from screens import engine_panels  # noqa: F401  (registers the engine-backed panels)
from screens.base import BaseScreen
from screens.code import severity_badge
from screens.fixers import Applied, panel_kind
from screens.messages import ProjectChanged
from screens.panels import (
    PANELS,
    FixPanel,
    PanelApplied,
    PanelChanged,
    ResolvedPanel,
    preview_content,
)
from screens.progress import WizardProgress, finding_from_snapshot, finding_snapshot
from tui import watch

STATUS_TEXT = {
    "fixed": ("✓ fixed — the re-scan no longer reports it", "$text-success"),
    "applied": ("◐ change applied — the re-scan still reports this finding", "$text-warning"),
    "skipped": ("↷ skipped", "$text-muted"),
    "copied": ("⧉ snippet copied/saved — finish in Pipedream", "$text-warning"),
}


def journal_id(undo: object) -> str | None:
    """The fix-journal entry behind a progress entry's undo token, if it has one."""
    if not isinstance(undo, dict):
        return None
    if undo.get("kind") == "journal":
        return str(undo.get("id") or "") or None
    return str(undo.get("journal_id") or "") or None


def fixes_in_files(root: Path) -> set[str]:
    """Ids of the journal's fixes under `root` whose written bytes are all still in the files."""
    live: set[str] = set()
    for entry in list_entries(root):
        try:
            intact = all(
                sha256(data[span.start : span.end]) == span.written
                for change in entry.files
                for data in [change.path.read_bytes()]
                for span in change.spans
            )
        except OSError:
            intact = False
        if intact:
            live.add(entry.id)
    return live


class WizardScreen(BaseScreen):
    """One finding at a time: explanation, choices, preview, apply / copy / save, undo."""

    HELP_NAME = "Fix wizard"

    BINDINGS = [
        # priority: the name Input would otherwise take ctrl+a (home), ctrl+z (undo), ctrl+k …
        Binding("ctrl+a", "apply", "Apply", id="wizard.apply", key_display="^a", priority=True),
        Binding("ctrl+y", "copy", "Copy", id="wizard.copy", key_display="^y", priority=True),
        Binding("ctrl+s", "save", "Save", id="wizard.save", key_display="^s", priority=True),
        Binding("ctrl+z", "undo", "Undo", id="wizard.undo", key_display="^z", priority=True),
        Binding("ctrl+k", "skip", "Skip", id="wizard.skip", key_display="^k", priority=True),
        Binding(
            "pagedown,ctrl+n", "next", "Next", id="wizard.next", key_display="PgDn", priority=True
        ),
        Binding(
            "pageup,ctrl+b",
            "previous",
            "Previous",
            id="wizard.prev",
            key_display="PgUp",
            priority=True,
            show=False,  # the ◀ Prev button shows it; the footer keeps room for Help and Quit
        ),
    ]

    ACTION_BUTTONS = {
        "apply": "#btn-apply",
        "copy": "#btn-copy",
        "save": "#btn-save",
        "undo": "#btn-undo",
    }

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A footer key for apply/copy/save/undo is shown only while it can act."""
        selector = self.ACTION_BUTTONS.get(action)
        if selector is None:
            return True
        buttons = self.query(selector).results(Button)
        return any(not b.disabled for b in buttons)

    def __init__(self, start: Finding | None = None, workflow: str | None = None) -> None:
        super().__init__()
        self.start = start
        self.start_workflow = workflow  # begin with this workflow's first open item
        self.items: list[Finding] = []
        self.index = 0
        self.progress: WizardProgress | None = None
        self.panel: FixPanel | None = None
        self._status_text = ""
        self._status_is_hint = True
        self._derived: dict[str, str | None] = {}  # fingerprint → status derived from the files
        self._opened: list[Finding] = []
        self._swap_lock = asyncio.Lock()
        self._writing: str | None = None  # the item whose fix or undo a worker is writing

    # -- setup ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="wizard"):
            with Horizontal(id="wizard-progress-row"):
                yield ProgressBar(id="wizard-progress", show_eta=False, show_percentage=False)
                yield Static(id="wizard-counter")
            with VerticalScroll(id="wizard-step"):
                yield Static(id="wizard-finding")
                yield Vertical(id="wizard-panel-slot")
                with ScrollableContainer(id="wizard-preview-box"):
                    yield Static(id="wizard-preview")
            yield Static(id="wizard-status")
            with Horizontal(id="wizard-buttons"):
                yield Button("Apply", id="btn-apply", variant="primary")
                yield Button("Copy", id="btn-copy")
                yield Button("Save…", id="btn-save")
                yield Button("Undo", id="btn-undo", variant="warning")
                yield Button("Skip", id="btn-skip")
                yield Button("◀ Prev", id="btn-prev")
                yield Button("Next ▶", id="btn-next")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Fix wizard"
        project = self.project
        if project is None:
            return
        self.progress = WizardProgress.load(self.services.resolved_data_dir(), project.root)
        self.items = self._fixable(project.findings)
        self._opened = list(self.items)  # stays listed (as fixed) when the scan drops it
        self._derive()
        if not self.items:
            self._show_empty()
            return
        self.index = self._start_index()
        self.query_one("#wizard-progress", ProgressBar).update(total=len(self.items))
        self._show_item()

    def _fixable(self, findings: list[Finding], earlier: Sequence[Finding] = ()) -> list[Finding]:
        """Every finding with a fix, most severe first; plus items fixed earlier that the scan no
        longer reports: by the wizard (progress file), or by any means since the wizard opened
        (`earlier`). A finding that came and went while the wizard was open is not listed."""
        order = {
            "secret": 0,
            "auth": 1,
            "edit": 1,
            "signature": 2,
            "https": 3,
            "logging": 4,
            "account": 5,
            "pin": 6,
        }
        items = [f for f in findings if f.fix is not None]
        seen = {f.fingerprint for f in items}
        for f in earlier:
            if f.fingerprint not in seen:
                items.append(f)
                seen.add(f.fingerprint)
        seen = {f.fingerprint for f in items}
        if self.progress is not None:  # fixes done earlier: gone from the scan, still undoable
            for fp, entry in self.progress.items.items():
                if fp in seen or entry.get("status") not in ("fixed", "copied"):
                    continue
                old = finding_from_snapshot(fp, entry.get("finding") or {})
                if old is not None:
                    items.append(old)
        return sorted(
            items,
            key=lambda f: (
                -f.severity,
                f.workflow or "",
                order.get(panel_kind(f), 9),
                f.path,
                f.line,
            ),
        )

    # -- progress, derived from the latest scan of the files -------------------------------------

    def _derive(self) -> None:
        """Status of every item from the files, not from what was clicked: gone from the scan →
        fixed; still reported → open, unless a fix was applied and its files are unchanged since
        (applied) or the user skipped it or took the snippet (skipped / copied)."""
        present = {f.fingerprint for f in self.project.findings} if self.project else set()
        live = fixes_in_files(self.project.root) if self.project else set()
        derived: dict[str, str | None] = {}
        for f in self.items:
            entry = self.progress.entry(f.fingerprint) if self.progress else {}
            recorded = entry.get("status")
            jid = journal_id(entry.get("undo"))
            if f.fingerprint not in present:
                derived[f.fingerprint] = "fixed"
            elif recorded == "fixed" and jid is not None:
                # the journal knows whether the fix is still in the files (other fixes and
                # undos in the same folder do not change that; a reset or hand edit does)
                derived[f.fingerprint] = "applied" if jid in live else None
            elif recorded == "fixed":
                after = entry.get("after")
                current = watch.digest(self._fix_target(f)) if after else None
                derived[f.fingerprint] = "applied" if after and current == after else None
            else:
                derived[f.fingerprint] = recorded if recorded in ("skipped", "copied") else None
        self._derived = derived

    def status(self, f: Finding) -> str | None:
        return self._derived.get(f.fingerprint)

    def is_open(self, f: Finding) -> bool:
        return self.status(f) is None

    def _fix_target(self, f: Finding) -> Path | None:
        """What a fix for `f` may write: the workflow's folder, or the step's file."""
        wf = self.workflow_of(f)
        if wf is not None and wf.source.is_dir():
            return wf.source
        return f.abs_path

    def _resolved_elsewhere(self, f: Finding) -> bool:
        """Fixed, but not by the wizard (a hand edit, another tool)."""
        return self.status(f) == "fixed" and self._record(f).get("status") != "fixed"

    def _record(self, f: Finding) -> dict[str, Any]:
        """The progress entry a panel sees: a wizard fix counts only while it is in the files."""
        entry = dict(self.progress.entry(f.fingerprint)) if self.progress else {}
        if entry.get("status") == "fixed" and self.status(f) not in ("fixed", "applied"):
            entry.pop("status")
            entry.pop("undo", None)
        return entry

    def _start_index(self) -> int:
        if self.start is not None:
            for i, f in enumerate(self.items):
                if f.fingerprint == self.start.fingerprint:
                    return i
        if self.progress and self.progress.position:  # resume where the user left off
            for i, f in enumerate(self.items):
                if f.fingerprint == self.progress.position and (
                    self.start_workflow is None or f.workflow == self.start_workflow
                ):
                    return i
        if self.start_workflow is not None:
            for i, f in enumerate(self.items):
                if f.workflow == self.start_workflow and self.is_open(f):
                    return i
        for i, f in enumerate(self.items):
            if self.is_open(f):
                return i
        return 0

    @property
    def current(self) -> Finding | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def workflow_of(self, f: Finding) -> Workflow | None:
        if self.project is None:
            return None
        for wf in self.project.workflows:
            if wf.name == f.workflow and f in self.project.workflow_findings(wf):
                return wf
        for wf in self.project.workflows:
            if wf.name == f.workflow:
                return wf
        return self.project.workflows[0] if self.project.workflows else None

    # -- rendering -------------------------------------------------------------------------------

    def _show_empty(self) -> None:
        self.query_one("#wizard-finding", Static).update(
            Content.assemble(
                ("Nothing to fix here. ", "bold $text-success"),
                "No finding in this project has a guided fix. Findings without one say what to "
                "change "
                "in the step view.",
            )
        )
        for b in self.query("#wizard-buttons Button").results(Button):
            b.disabled = True
        self.refresh_bindings()

    def _show_item(self) -> None:
        f = self.current
        if f is None or self.progress is None:
            return
        self.progress.move(f.fingerprint)
        wf = self.workflow_of(f)
        self.sub_title = f"{self.index + 1} of {len(self.items)}"
        self._update_counter()
        self.query_one("#wizard-finding", Static).update(self._finding_content(f, wf))
        record = self._record(f)
        if self._resolved_elsewhere(f):
            panel_cls: type[FixPanel] = ResolvedPanel
        else:
            panel_cls = PANELS.get(panel_kind(f), PANELS["generic"])
        self.panel = panel_cls(f, wf, self.services, record)
        self._swap_panel(self.panel)
        self.call_after_refresh(self._refresh_panel)
        self.call_after_refresh(
            lambda: self.query_one("#wizard-step", VerticalScroll).scroll_home(animate=False)
        )

    @work(group="wizard-panel")
    async def _swap_panel(self, panel: FixPanel) -> None:
        """Replace the panel once the old one is gone (ids repeat between panels); one swap at
        a time, and only the latest panel is mounted."""
        async with self._swap_lock:
            if panel is not self.panel:
                return
            slot = self.query_one("#wizard-panel-slot", Vertical)
            await slot.remove_children()
            await slot.mount(panel)
            self.call_after_refresh(self._focus_first_field, panel)

    def _focus_first_field(self, panel: FixPanel) -> None:
        """Start where the user acts: the panel's first field, else the first enabled button."""
        if panel is not self.panel or not panel.is_mounted:
            return
        for widget in [
            *panel.query("Input, Select, RadioSet"),
            *self.query("#wizard-buttons Button"),
        ]:
            if widget.focusable:
                widget.focus()
                return

    def _update_counter(self) -> None:
        statuses = [self.status(f) for f in self.items]
        done = statuses.count("fixed")
        handed = statuses.count("copied")
        skipped = statuses.count("skipped")
        self.query_one("#wizard-progress", ProgressBar).update(
            total=len(self.items), progress=done + handed + skipped
        )
        copied = f" · {handed} copied" if handed else ""
        self.query_one("#wizard-counter", Static).update(
            f"  {self.index + 1}/{len(self.items)} · {done} fixed{copied} · {skipped} skipped"
        )

    def _finding_content(self, f: Finding, wf: Workflow | None) -> Content:
        where = escape_controls(f"{f.workflow or '?'} › {f.step or 'trigger'} · {f.path}:{f.line}")
        status = self.status(f)
        parts: list[Content] = [
            Content.assemble(
                severity_badge(f.severity), "  ", (f.rule, "bold"), " ", (f.title, "bold")
            ),
            Content.styled(where, "$text-muted"),
            Content(f.message),
        ]
        if f.evidence:
            parts.append(
                Content.assemble(("Evidence ", "$text-muted"), (f.evidence, "$text-warning"))
            )
        if f.fix is not None:
            parts.append(Content.assemble(("Fix ", "bold $text-success"), f.fix.summary))
        if wf is not None and not wf.can_write:
            parts.append(
                Content.styled(
                    "This workflow came from the Pipedream API: stepguard cannot change it "
                    "through files. "
                    "Copy or save the fix and apply it in Pipedream's editor.",
                    "$text-warning",
                )
            )
        if status in STATUS_TEXT:
            text, style = STATUS_TEXT[status]
            parts.append(Content.styled(text, f"bold {style}"))
        return Content("\n").join(parts)

    def _refresh_panel(self) -> None:
        panel = self.panel
        if panel is None:
            return
        try:
            preview = panel.preview()
        except (StepguardError, LookupError, ValueError, OSError) as exc:
            preview = None
            self._status(exception_text(exc), error=True)
        shown = self.query_one("#wizard-preview", Static)
        shown.set_class(preview is None or preview.language == "text", "-message")
        shown.update(
            preview_content(preview)
            if preview
            else Content.styled("No preview for this fix.", "$text-muted")
        )
        actions = panel.actions()
        has_undo = bool(self.current and self._record(self.current).get("undo"))
        buttons = {
            "#btn-apply": "apply" in actions,
            "#btn-copy": "copy" in actions,
            "#btn-save": "save" in actions,
            "#btn-undo": has_undo,
        }
        for selector, enabled in buttons.items():
            self.query_one(selector, Button).disabled = not enabled
        self.refresh_bindings()
        self.query_one("#btn-apply", Button).label = panel.apply_label()
        reason = panel.reason_unavailable()
        if self._status_is_hint or not self._status_text:
            if reason:
                self._status(reason, warn=True, hint=True)
            else:
                self._status(panel.hint(), hint=True)

    def _status(
        self, text: str, *, error: bool = False, warn: bool = False, hint: bool = False
    ) -> None:
        """The status line; hints are replaced on refresh, results of actions stay."""
        style = "$text-error" if error else "$text-warning" if warn else "$text-muted"
        self._status_text = text
        self._status_is_hint = hint
        self.query_one("#wizard-status", Static).update(Content.styled(text, style))
        if error:  # the status line may be scrolled out of a small terminal: also toast it
            self.notify(text, severity="error", timeout=8)

    @on(PanelChanged)
    def _panel_changed(self, event: PanelChanged) -> None:
        event.stop()
        if event.status:
            self._status(event.status, error=event.error)
        self._refresh_panel()

    @on(PanelApplied)
    def _panel_applied(self, event: PanelApplied) -> None:
        event.stop()
        self._applied(event.finding, event.applied, event.panel)

    @on(ProjectChanged)
    def _project_changed(self) -> None:
        """The files changed (a fix, an undo, an edit elsewhere): re-derive every item's status,
        add findings that appeared, keep the current item and panel when its state is the same."""
        if self.project is None or self.progress is None:
            return
        current = self.current
        before = self.status(current) if current is not None else None
        # the item on screen stays listed even if it came after the wizard opened: a re-scan
        # that lands while its fix is being written must not move the user (or the fix) away
        kept = [*self._opened, current] if current is not None else self._opened
        self.items = self._fixable(self.project.findings, kept)
        self._derive()
        if not self.items:
            self._show_empty()
            return
        fps = [f.fingerprint for f in self.items]
        self.index = fps.index(current.fingerprint) if current and current.fingerprint in fps else 0
        self._update_counter()
        if current is not None and current.fingerprint == self._writing:
            return  # its fix is being written: the worker's result updates the panel
        if (
            current is None
            or self.current is None
            or self.panel is None
            or self.current.fingerprint != current.fingerprint
        ):
            self._show_item()
            return
        now = self.status(self.current)
        if self._resolved_elsewhere(self.current) != isinstance(self.panel, ResolvedPanel):
            self._show_item()
            return
        self.panel.record = self._record(self.current)
        if before in ("fixed", "applied") and now is None:
            self.panel.after_undo()  # reverted outside the wizard: the panel offers the fix again
        self.panel.finding = self.current
        self.panel.workflow = self.workflow_of(self.current) or self.panel.workflow
        self.query_one("#wizard-finding", Static).update(
            self._finding_content(self.current, self.panel.workflow)
        )
        self._refresh_panel()

    # -- navigation ------------------------------------------------------------------------------

    def _go(self, delta: int) -> None:
        if not self.items:
            return
        new = self.index + delta
        if new >= len(self.items):
            self._finished()
            return
        if new < 0:
            self.notify("This is the first fix.", timeout=3)
            return
        self.index = new
        self._status("", hint=True)
        self._show_item()

    def _finished(self) -> None:
        assert self.progress is not None
        open_items = [f for f in self.items if self.is_open(f)]
        if open_items:
            first = self.items.index(open_items[0])
            self.notify(
                f"End of the list — {len(open_items)} still open; back to the first of them.",
                timeout=5,
            )
            self.index = first
            self._show_item()
        else:
            self.notify(
                "All fixes done or skipped. Rescan with ctrl+p → Rescan; export a report with e.",
                title="Wizard complete",
                timeout=8,
            )

    @on(Button.Pressed, "#btn-next")
    def action_next(self) -> None:
        self._go(1)

    @on(Button.Pressed, "#btn-prev")
    def action_previous(self) -> None:
        self._go(-1)

    @on(Button.Pressed, "#btn-skip")
    def action_skip(self) -> None:
        f = self.current
        if f is None or self.progress is None:
            return
        if self.is_open(f):
            self.progress.mark(f.fingerprint, "skipped", rule=f.rule)
            self._derive()
        self._go(1)

    # -- apply / undo / copy / save --------------------------------------------------------------

    @on(Button.Pressed, "#btn-apply")
    def action_apply(self) -> None:
        panel, f = self.panel, self.current
        if panel is None or f is None or "apply" not in panel.actions():
            self.notify("Nothing to apply for this finding.", severity="warning", timeout=3)
            return
        problem = panel.validate()
        if problem:
            self._status(problem, error=True)
            return
        self._status("Applying …")
        self._writing = f.fingerprint
        self._apply_worker(panel, f)

    @work(thread=True, exclusive=True, group="wizard-fix")
    def _apply_worker(self, panel: FixPanel, f: Finding) -> None:
        try:
            applied = panel.apply()
            applied.record["after"] = watch.digest(self._fix_target(f))
        except (StepguardError, LookupError, OSError, ValueError) as exc:
            self.app.call_from_thread(self._write_failed, exception_text(exc))
            return
        self.app.call_from_thread(self._applied, f, applied, panel)

    def _write_failed(self, message: str) -> None:
        self._writing = None
        self._status(message, error=True)

    def _applied(self, f: Finding, applied: Applied, panel: FixPanel) -> None:
        assert self.progress is not None
        self._writing = None
        status = "fixed" if applied.wrote_files else "copied"
        self.progress.mark(
            f.fingerprint,
            status,
            rule=f.rule,
            undo=applied.undo or None,
            finding=finding_snapshot(f),
            **applied.record,
        )
        if applied.wrote_files and "after" not in applied.record:
            self.progress.mark(f.fingerprint, status, after=watch.digest(self._fix_target(f)))
        self._derive()
        self._status(applied.message)
        self.notify(applied.message, timeout=5)
        self._update_counter()
        if panel is self.panel and panel.is_mounted:  # else the user has moved on
            panel.record = {**panel.record, **self._record(f)}
            panel.after_apply(applied)
        if applied.wrote_files:
            self.sg.rescan()
        self.query_one("#wizard-finding", Static).update(
            self._finding_content(f, self.workflow_of(f))
        )
        self._refresh_panel()

    @on(Button.Pressed, "#btn-undo")
    def action_undo(self) -> None:
        f, panel = self.current, self.panel
        if f is None or panel is None or self.progress is None:
            return
        undo = self._record(f).get("undo")
        if not undo:
            self.notify("Nothing to undo for this finding.", timeout=3)
            return
        self._status("Undoing …")
        self._writing = f.fingerprint
        self._undo_worker(panel, f, dict(undo))

    @work(thread=True, exclusive=True, group="wizard-fix")
    def _undo_worker(
        self, panel: FixPanel, f: Finding, undo: dict[str, Any], first: str | None = None
    ) -> None:
        """Undo `f`'s fix; with `first` (a journal entry id), undo that blocking fix before."""
        try:
            if first is not None:
                blocker = journal_undo(None, first)
                self.app.call_from_thread(self._blocker_undone, blocker.id)
            message = panel.undo(undo)
        except UndoBlocked as exc:
            self.app.call_from_thread(self._offer_blocker, panel, f, undo, exc)
            return
        except (StepguardError, LookupError, OSError, ValueError, KeyError) as exc:
            self.app.call_from_thread(self._write_failed, f"undo failed: {exception_text(exc)}")
            return
        self.app.call_from_thread(self._undone, f, message, panel)

    def _offer_blocker(
        self, panel: FixPanel, f: Finding, undo: dict[str, Any], blocked: UndoBlocked
    ) -> None:
        """A later fix changed the same code: offer to undo that one first, then this one."""
        from screens.dialogs import ConfirmDialog

        self._writing = None
        summary = escape_controls(blocked.blocker.summary)
        self._status(f"Undo “{summary}” first: it changed the same code later.", warn=True)
        question = (
            f"“{summary}” was applied later and changed the same code.\n\n"
            f"Undo “{summary}” first, then this fix?"
        )

        def answered(yes: bool | None) -> None:
            if yes and panel is self.panel and f is self.current:
                self._status("Undoing …")
                self._writing = f.fingerprint
                self._undo_worker(panel, f, undo, blocked.blocker.id)

        self.app.push_screen(
            ConfirmDialog(question, yes=f"Undo “{summary}” first", no="Keep both"), answered
        )

    def _blocker_undone(self, entry_id: str) -> None:
        """The item whose fix was the blocker no longer has a fix to undo."""
        if self.progress is None:
            return
        for fp, entry in list(self.progress.items.items()):
            if journal_id(entry.get("undo")) == entry_id:
                self.progress.clear(fp)
        self._derive()

    def _undone(self, f: Finding, message: str, panel: FixPanel) -> None:
        assert self.progress is not None
        self._writing = None
        self.progress.clear(f.fingerprint)
        self._derive()
        self._status(message)
        self.notify(message, timeout=5)
        self._update_counter()
        self.sg.rescan()
        if panel is self.panel and panel.is_mounted:
            panel.record = self._record(f)
            panel.after_undo()
        self.query_one("#wizard-finding", Static).update(
            self._finding_content(f, self.workflow_of(f))
        )
        self._refresh_panel()

    @on(Button.Pressed, "#btn-copy")
    def action_copy(self) -> None:
        panel, f = self.panel, self.current
        if panel is None or f is None or "copy" not in panel.actions():
            return
        payload = panel.copy_payload()
        if payload is None:
            return
        text, what = payload
        self.sg.copy_text(text, what)
        self._mark_copied(f)

    def _mark_copied(self, f: Finding) -> None:
        assert self.progress is not None
        if self.is_open(f):
            self.progress.mark(f.fingerprint, "copied", rule=f.rule, finding=finding_snapshot(f))
            self._derive()
            self._update_counter()
            self.query_one("#wizard-finding", Static).update(
                self._finding_content(f, self.workflow_of(f))
            )

    @on(Button.Pressed, "#btn-save")
    def action_save(self) -> None:
        from screens.dialogs import SaveFileDialog

        panel, f = self.panel, self.current
        if panel is None or f is None or "save" not in panel.actions():
            return
        payload = panel.save_payload()
        if payload is None:
            return
        name, text = payload
        base = self.project.root if self.project and self.project.root.is_dir() else Path.cwd()
        self.app.push_screen(
            SaveFileDialog("Save the fix as", base, name), lambda path: self._save_to(path, text, f)
        )

    def _save_to(self, path: Path | None, text: str, f: Finding) -> None:
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(path, text)
        except OSError as exc:
            self.sg.show_error(f"could not save: {exc.strerror or exc}")
            return
        shown = self.project.display(path) if self.project else path.name
        self.notify(f"Saved to {shown}", timeout=5)
        self._mark_copied(f)
