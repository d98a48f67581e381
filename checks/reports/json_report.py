"""The JSON contract (version 1). Other tools read it: only ever add keys."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from checks.escape import json_safe
from checks.model import Finding
from checks.redact import redact_extra

if TYPE_CHECKING:
    from checks.engine import ScanResult

JSON_VERSION = 1


def finding_to_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "category": f.category.value,
        "severity": f.severity.label,
        "title": f.title,
        "message": f.message,
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "workflow": f.workflow,
        "step": f.step,
        "evidence": f.evidence,
        "fingerprint": f.fingerprint,
        "fix": None if f.fix is None else {"kind": f.fix.kind, "summary": f.fix.summary},
        "extra": f.extra,
    }


def to_dict(result: ScanResult) -> dict[str, Any]:
    doc = _base(result)
    if result.packages is not None:
        # Registry answers are untrusted text too.
        doc["packages"] = redact_extra(result.packages.to_dict(), all_keys=True)
    if result.history is not None:
        doc["history"] = [report.to_dict() for report in result.history]
    return doc


def _base(result: ScanResult) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "root": str(result.root),
        "findings": [finding_to_dict(f) for f in result.findings],
        "skipped": [{"path": s.path, "reason": s.reason} for s in result.skipped],
        "stats": {
            "files": result.files,
            "bytes": result.bytes,
            "seconds": round(result.seconds, 4),
        },
    }


def render_json(result: ScanResult) -> str:
    return json_safe(json.dumps(to_dict(result), indent=2, ensure_ascii=False, default=str)) + "\n"
