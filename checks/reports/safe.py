"""The report boundary: what any report format may show of a scan result.

Every string of every finding and skip entry passes `redact_text` (all `extra` fields too);
formats read by people in a terminal or a rendered page (text, Markdown) also get control and
bidi characters escaped, so a file name cannot move the cursor, rewrite a CI log line or reorder
what is shown. Findings are already redacted when made; this is the second, format-wide net.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from checks.escape import escape_controls
from checks.extras import FindingExtra
from checks.model import Finding, Fix, Skipped
from checks.redact import redact_extra, redact_text

if TYPE_CHECKING:
    from checks.engine import ScanResult


def shown(text: str, *, escape: bool = True) -> str:
    """One string as a report or terminal line may show it."""
    out = redact_text(text)
    return escape_controls(out) if escape else out


def _opt(text: str | None, escape: bool) -> str | None:
    return None if text is None else shown(text, escape=escape)


def safe_finding(f: Finding, *, escape: bool) -> Finding:
    return dataclasses.replace(
        f,
        title=shown(f.title, escape=escape),
        message=shown(f.message, escape=escape),
        path=shown(f.path, escape=escape),
        workflow=_opt(f.workflow, escape),
        step=_opt(f.step, escape),
        evidence=shown(f.evidence, escape=escape),
        fix=None if f.fix is None else Fix(f.fix.kind, shown(f.fix.summary, escape=escape)),
        extra=_safe_extra(f.extra, escape),
    )


def _safe_extra(extra: FindingExtra, escape: bool) -> FindingExtra:
    out: dict[str, Any] = redact_extra(dict(extra), all_keys=True)
    # Same keys, each value redacted (and escaped): still the family's shape.
    return cast(FindingExtra, _escape_all(out) if escape else out)


def _escape_all(value: Any) -> Any:
    if isinstance(value, str):
        return escape_controls(value)
    if isinstance(value, dict):
        return {k: _escape_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_escape_all(v) for v in value]
    return value


def safe_result(result: ScanResult, *, escape: bool) -> ScanResult:
    """A copy of `result` fit for a report (`escape`: for terminals and rendered text)."""
    root = Path(escape_controls(str(result.root))) if escape else result.root
    return dataclasses.replace(
        result,
        root=root,
        findings=[safe_finding(f, escape=escape) for f in result.findings],
        skipped=[
            Skipped(shown(s.path, escape=escape), shown(s.reason, escape=escape))
            for s in result.skipped
        ],
    )
