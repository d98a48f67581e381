"""Reports: text, JSON (versioned contract), SARIF 2.1.0 and Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checks.engine import ScanResult

FORMATS = ("text", "json", "sarif", "markdown")


def render(result: ScanResult, fmt: str, *, color: bool = False) -> str:
    """Render a scan result in one of FORMATS (redacted; escaped for text and Markdown)."""
    from checks.reports.safe import safe_result

    if fmt in FORMATS:
        result = safe_result(result, escape=fmt in ("text", "markdown"))
    if fmt == "text":
        from checks.reports.text import render_text

        return render_text(result, color=color)
    if fmt == "json":
        from checks.reports.json_report import render_json

        return render_json(result)
    if fmt == "sarif":
        from checks.reports.sarif import render_sarif

        return render_sarif(result)
    if fmt == "markdown":
        from checks.reports.markdown import render_markdown

        return render_markdown(result)
    raise ValueError(f"unknown format {fmt!r} (choose one of {', '.join(FORMATS)})")
