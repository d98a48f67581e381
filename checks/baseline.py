"""Baseline files: known findings, keyed by fingerprints that survive line moves."""

from __future__ import annotations

import json
from pathlib import Path

from checks.errors import InputError
from checks.fsutil import atomic_write_text
from checks.model import Finding
from checks.parse_errors import json_error_reason

BASELINE_VERSION = 1


def write_baseline(path: Path, findings: list[Finding]) -> None:
    entries = sorted(
        ({"fingerprint": f.fingerprint, "rule": f.rule, "path": f.path} for f in findings),
        key=lambda e: (e["path"], e["rule"], e["fingerprint"]),
    )
    atomic_write_text(
        path, json.dumps({"version": BASELINE_VERSION, "findings": entries}, indent=2) + "\n"
    )


def read_baseline(path: Path) -> set[str]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            path, "baseline file not found (create one with --write-baseline)"
        ) from None
    except OSError as exc:
        raise InputError(path, exc.strerror or "cannot be read") from None
    except json.JSONDecodeError as exc:
        raise InputError(path, f"baseline is not valid JSON: {json_error_reason(exc)}") from None
    except UnicodeDecodeError:
        raise InputError(path, "baseline is not UTF-8 text") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("findings"), list):
        raise InputError(path, "baseline has no `findings` list")
    return {str(e.get("fingerprint")) for e in doc["findings"] if isinstance(e, dict)}
