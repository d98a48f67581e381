"""Package audit: every npm / PyPI package the steps import, judged against the registries."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, ProgressBar, Static

from checks.errors import StepguardError
from checks.redact import exception_text
from screens.base import BaseScreen

VERDICT_STYLE = {
    "risky": "bold #e5484d",
    "review": "#f76b15",
    "unknown": "$text-muted",
    "ok": "$text-success",
}
SORTS = ["verdict", "package", "downloads", "uses"]


def _sort_key(kind: str, v: Any) -> Any:
    if kind == "package":
        return (v.name.lower(), v.ecosystem)
    if kind == "downloads":
        return (v.weekly_downloads is None, v.weekly_downloads or 0)
    if kind == "uses":
        return (-len(v.uses), v.name.lower())
    return (-v.verdict.rank, -len(v.vulnerabilities), v.name.lower())


class PackagesScreen(BaseScreen):
    BINDINGS = [
        Binding("s", "cycle_sort", "Sort", id="packages.sort"),
        Binding("r", "run_audit", "Re-run", id="packages.rerun"),
        Binding("o", "toggle_offline", "Offline/online", id="packages.offline"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.report: Any | None = None
        self.sort = "verdict"
        self.offline = bool(self.services_options().get("offline", False))

    def services_options(self) -> dict[str, Any]:
        try:
            return dict(self.app.services.package_audit_options)  # type: ignore[attr-defined]
        except Exception:  # not yet attached to an app
            return {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="packages-progress"):
            yield ProgressBar(id="packages-bar", show_eta=False)
            yield Static(id="packages-status")
        yield DataTable(id="packages-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="package-detail"):
            yield Static(id="package-info")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Package audit"
        self.offline = bool(self.services.package_audit_options.get("offline", False))
        table = self.query_one("#packages-table", DataTable)
        for key, label in [
            ("package", "Package"),
            ("eco", "Registry"),
            ("pin", "Pin"),
            ("version", "Installs"),
            ("latest", "Latest"),
            ("verdict", "Verdict"),
            ("vulns", "Vulns"),
            ("downloads", "Downloads/wk"),
            ("uses", "Used in"),
        ]:
            table.add_column(label, key=key)
        self.action_run_audit()

    def action_run_audit(self) -> None:
        if self.project is None:
            self.query_one("#packages-status", Static).update("No project is open.")
            return
        where = "the local cache only" if self.offline else "npm, PyPI and OSV"
        self.query_one("#packages-status", Static).update(f"  Asking {where} …")
        self.query_one("#packages-bar", ProgressBar).update(total=None, progress=0)
        self._audit()

    def action_toggle_offline(self) -> None:
        self.offline = not self.offline
        self.notify(
            "Offline: cached answers only." if self.offline else "Online: asking the registries.",
            timeout=3,
        )
        self.action_run_audit()

    @work(exclusive=True, group="packages")
    async def _audit(self) -> None:
        from checks.packages.audit import audit
        from checks.packages.client import ClientOptions

        options = {**self.services.package_audit_options, "offline": self.offline}
        bar = self.query_one("#packages-bar", ProgressBar)

        def progress(done: int, total: int) -> None:
            bar.update(total=max(total, 1), progress=done)

        project = self.project
        if project is None:
            return
        try:
            report = await audit(project.workflows, ClientOptions(**options), progress=progress)
        except (StepguardError, OSError, ValueError, TypeError) as exc:
            self.query_one("#packages-status", Static).update(
                Content.styled(f"  audit failed: {exception_text(exc)}", "$text-error")
            )
            return
        self.report = report
        self._fill()

    def _fill(self) -> None:
        report = self.report
        if report is None:
            return
        table = self.query_one("#packages-table", DataTable)
        table.clear()
        for i, v in sorted(enumerate(report.packages), key=lambda iv: _sort_key(self.sort, iv[1])):
            verdict = v.verdict.value
            table.add_row(
                v.name,
                v.ecosystem,
                v.pin_label,
                v.version or "?",
                v.latest or "?",
                Content.styled(verdict, VERDICT_STYLE.get(verdict, "")),
                str(len(v.vulnerabilities)) if v.vulnerabilities else "",
                f"{v.weekly_downloads:,}" if v.weekly_downloads is not None else "",
                ", ".join(v.steps)[:40],
                key=str(i),
            )
        counts: dict[str, int] = {}
        for v in report.packages:
            counts[v.verdict.value] = counts.get(v.verdict.value, 0) + 1
        summary = (
            " · ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no packages imported"
        )
        notes = f"  ({'; '.join(report.notes)})" if report.notes else ""
        self.query_one("#packages-status", Static).update(
            f"  {len(report.packages)} packages: {summary} · sorted by {self.sort} (s){notes}"
        )
        if report.packages:
            table.focus()
            self._detail(
                report.packages[
                    int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or 0)
                ]
            )

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._fill()

    @on(DataTable.HeaderSelected, "#packages-table")
    def _header(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        self.sort = {"package": "package", "downloads": "downloads", "uses": "uses"}.get(
            key, "verdict"
        )
        self._fill()

    @on(DataTable.RowHighlighted, "#packages-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.report is not None and event.row_key.value is not None:
            self._detail(self.report.packages[int(event.row_key.value)])

    def _detail(self, v: Any) -> None:
        lines: list[Content] = [
            Content.assemble(
                (f"{v.name} ", "bold"),
                (f"({v.ecosystem})", "$text-muted"),
                "  ",
                (v.verdict.value, VERDICT_STYLE.get(v.verdict.value, "")),
            ),
        ]
        for r in v.reasons:
            lines.append(Content.assemble("  • ", (f"{r.signal.value}: ", "bold"), r.message))
        for vuln in v.vulnerabilities[:10]:
            fixed = f" (fixed in {', '.join(vuln.fixed)})" if vuln.fixed else ""
            lines.append(
                Content.assemble(
                    "  ⚠ ",
                    (vuln.id, "bold"),
                    f" {vuln.summary}{fixed}  ",
                    (vuln.url, "$text-accent"),
                )
            )
        for label, url in v.links.items():
            lines.append(Content.assemble((f"  {label}: ", "$text-muted"), (url, "$text-accent")))
        for use in v.uses[:6]:
            lines.append(
                Content.styled(
                    f"  used in {use.workflow} › {use.step}:{use.line}  {use.written}",
                    "$text-muted",
                )
            )
        self.query_one("#package-info", Static).update(Content("\n").join(lines))
