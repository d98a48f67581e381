"""Markdown report for pull requests and tickets."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from checks.model import Severity

if TYPE_CHECKING:
    from checks.engine import ScanResult


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


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
            out.append(
                f"| {f.severity.label} | `{f.rule}` | {_cell(where)} | `{f.path}:{f.line}` | "
                f"{_cell(f.message)} | {_cell(fix)} |"
            )
        out.append("")
    if result.skipped:
        out.append("## Skipped")
        out.extend(f"- `{s.path}`: {_cell(s.reason)}" for s in result.skipped)
        out.append("")
    _ = Severity
    return "\n".join(out)
