"""Human-readable text report, grouped by workflow and step; ANSI colour on a terminal."""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from typing import TYPE_CHECKING

from checks.model import Finding, Severity

if TYPE_CHECKING:
    from checks.engine import ScanResult
    from checks.history import HistoryReport

_SEV_COLOR = {
    Severity.CRITICAL: "1;35",
    Severity.HIGH: "1;31",
    Severity.MEDIUM: "33",
    Severity.LOW: "36",
    Severity.INFO: "2",
}


def _c(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def render_text(result: ScanResult, *, color: bool = False) -> str:
    lines: list[str] = []
    findings = sorted(
        result.findings, key=lambda f: (f.workflow or "", f.path, f.step or "", f.line)
    )
    for workflow, wf_group in groupby(findings, key=lambda f: f.workflow or "(no workflow)"):
        wf_findings = list(wf_group)
        lines.append(_c(f"▶ {workflow}", "1", color))
        for (path, step), step_group in groupby(wf_findings, key=lambda f: (f.path, f.step)):
            lines.append(f"  {_c(step or '-', '1', color)}  {_c(path, '2', color)}")
            for f in sorted(step_group, key=Finding.sort_key):
                lines.extend(_finding_lines(f, color))
        lines.append("")
    for report in result.history or ():
        lines.extend(_history_lines(report, color))
    if result.skipped:
        lines.append(_c("Skipped or partially analysed:", "1", color))
        lines.extend(f"  {s.path}: {s.reason}" for s in result.skipped)
        lines.append("")
    lines.append(_summary(result, color))
    return "\n".join(lines) + "\n"


def _finding_lines(f: Finding, color: bool) -> list[str]:
    sev = _c(f"{f.severity.label:<8}", _SEV_COLOR[f.severity], color)
    head = f"    {f.line}:{f.column}  {sev} {_c(f.rule, '1', color)} {f.message}"
    out = [head]
    if f.evidence:
        out.append(f"             {_c('│ ' + f.evidence, '2', color)}")
    if f.fix is not None:
        out.append(f"             {_c('fix: ' + f.fix.summary, '32', color)}")
    return out


def _history_lines(report: HistoryReport, color: bool) -> list[str]:
    noun = "secret" if len(report.secrets) == 1 else "secrets"
    head = (
        f"▶ git history of {report.repository}: {len(report.secrets)} {noun} "
        f"in {report.commits} commits"
    )
    lines = [_c(head, "1", color)]
    for s in report.secrets:
        sev = _c(f"{s.severity.label:<8}", _SEV_COLOR[s.severity], color)
        lines.append(f"    {s.path}:{s.line}  {sev} {s.message}")
        lines.append(f"             {_c('│ ' + s.redacted, '2', color)}")
    if report.stopped:
        lines.append(f"  incomplete: {report.stopped}")
    lines.extend(f"  skipped: {note}" for note in report.skipped[:20])
    if len(report.skipped) > 20:
        lines.append(f"  skipped: … and {len(report.skipped) - 20} more")
    lines.append("")
    return lines


def _summary(result: ScanResult, color: bool) -> str:
    counts = Counter(f.severity for f in result.findings)
    parts = [
        _c(f"{counts[s]} {s.label}", _SEV_COLOR[s], color) for s in sorted(counts, reverse=True)
    ]
    total = len(result.findings)
    noun = "finding" if total == 1 else "findings"
    detail = f" ({', '.join(parts)})" if parts else ""
    extra = []
    if result.suppressed:
        extra.append(f"{result.suppressed} suppressed inline")
    if result.baselined:
        extra.append(f"{result.baselined} in baseline")
    if result.cached:
        extra.append(f"{result.cached} workflow(s) unchanged since the last scan")
    tail = f"; {', '.join(extra)}" if extra else ""
    return (
        f"{total} {noun}{detail} in {len(result.workflows)} workflow(s), "
        f"{result.files} files, {result.seconds:.2f}s{tail}"
    )
