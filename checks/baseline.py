"""Baseline files: known findings, keyed by fingerprints that survive line moves."""

from __future__ import annotations

import json
import os
from pathlib import Path

from checks.errors import InputError, UnreadableFile
from checks.fsutil import atomic_write_text, read_input_text
from checks.loaders.bounded import json_loads
from checks.model import Finding

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
    """The fingerprints a baseline lists (regular file, size-capped, nesting bounded)."""
    if not os.path.lexists(path):
        raise InputError(path, "baseline file not found (create one with --write-baseline)")
    try:
        text = read_input_text(path)
    except UnreadableFile as exc:
        raise InputError(path, f"cannot read the baseline: {exc.reason}") from None
    try:
        doc = json_loads(text)
    except UnreadableFile as exc:
        raise InputError(path, f"baseline is not valid JSON: {exc.reason}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("findings"), list):
        raise InputError(path, "baseline has no `findings` list")
    return {str(e.get("fingerprint")) for e in doc["findings"] if isinstance(e, dict)}
