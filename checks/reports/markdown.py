"""Markdown report for pull requests and tickets."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from checks.model import Severity

if TYPE_CHECKING:
    from checks.engine import ScanResult
    from checks.history import HistoryReport


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _history(report: HistoryReport) -> list[str]:
    out = [f"## Secrets in git history ({report.commits} commits)", ""]
    if report.stopped:
        out.extend([f"Incomplete: {_cell(report.stopped)}", ""])
    if not report.secrets:
        out.extend(["No secrets found in the history.", ""])
        return out
    out.append("| Severity | Secret | First commit | Location | Commits | Rotate |")
    out.append("|---|---|---|---|---|---|")
    for s in report.secrets:
        rotate = s.rotate_url or f"where the {s.provider} key was issued"
        out.append(
            f"| {s.severity.label} | {_cell(s.description)} `{_cell(s.redacted)}` | "
            f"`{s.commit[:12]}` ({s.date[:10]}) | `{_cell(s.path)}:{s.line}` | {s.commits} | "
            f"{_cell(rotate)} |"
        )
    out.append("")
    return out


def _code(text: str) -> str:
    """An inline code span that a backtick in `text` cannot end early."""
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{_cell(text)}{pad}{fence}"


def render_markdown(result: ScanResult) -> str:
    counts = Counter(f.severity for f in result.findings)
    out = ["# stepguard report", ""]
    summary = (
        ", ".join(f"{counts[s]} {s.label}" for s in sorted(counts, reverse=True)) or "no findings"
    )
    out.append(
        f"**{len(result.findings)} findings** ({summary}) in {len(result.workflows)} workflow(s)."
    )
    out.append("")
    if result.findings:
        out.append("| Severity | Rule | Workflow / step | Location | Finding | Fix |")
        out.append("|---|---|---|---|---|---|")
        for f in sorted(result.findings, key=lambda f: (-f.severity, f.path, f.line)):
            where = f"{f.workflow or ''} / {f.step or ''}"
            fix = f.fix.summary if f.fix else ""
            location = _code(f"{f.path}:{f.line}")
            out.append(
                f"| {f.severity.label} | `{f.rule}` | {_cell(where)} | {location} | "
                f"{_cell(f.message)} | {_cell(fix)} |"
            )
        out.append("")
    for report in result.history or ():
        out.extend(_history(report))
    if result.skipped:
        out.append("## Skipped")
        out.extend(f"- {_code(s.path)}: {_cell(s.reason)}" for s in result.skipped)
        out.append("")
    _ = Severity
    return "\n".join(out)
