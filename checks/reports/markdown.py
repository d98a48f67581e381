"""Markdown report for pull requests and tickets."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from checks.model import Severity

if TYPE_CHECKING:
    from checks.engine import ScanResult


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


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
    if result.skipped:
        out.append("## Skipped")
        out.extend(f"- {_code(s.path)}: {_cell(s.reason)}" for s in result.skipped)
        out.append("")
    _ = Severity
    return "\n".join(out)
