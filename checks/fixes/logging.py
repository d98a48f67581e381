"""Mechanical fixes for SG6xx findings: log keys instead of whole objects, mask strings, log an
error's message, or remove the log statement.

The edits are recomputed from the code (never stored in findings), so a finding whose code
changed since the scan is refused. Writes go through the shared journal (`checks.fixes.journal`):
atomic, parse-verified, undoable from reverse span edits under `<project>/.stepguard/undo/`.
"""

from __future__ import annotations

from pathlib import Path

from checks.dataflow import Flow, analyze
from checks.fixes.journal import FileEdit, FixError, JournalEntry, apply_edits, splice
from checks.fixes.source import file_diff
from checks.model import EXTENSION_LANGUAGE, Finding, Language
from checks.parsing import parse_code

KIND = "logging"
_MODES = ((False, False), (False, True), (True, True))  # (http event param, source event param)


def _language(finding: Finding, language: Language | None) -> Language:
    if language is not None:
        return language
    path = finding.abs_path
    lang = (
        EXTENSION_LANGUAGE.get(Path(path).suffix, Language.UNKNOWN)
        if path is not None
        else Language.UNKNOWN
    )
    if not (lang.is_js or lang is Language.PYTHON):
        raise FixError(f"{finding.path}: no logging fix for this kind of file")
    return lang


def _text(code: str | bytes) -> str:
    if isinstance(code, str):
        return code
    try:
        return code.decode("utf-8")
    except UnicodeDecodeError:
        raise FixError("the file is not valid UTF-8; change it by hand") from None


def find_flow(finding: Finding, code: str | bytes, language: Language | None = None) -> Flow:
    """The flow behind `finding` in `code` as it is now (FixError when it no longer matches)."""
    if finding.start_byte is None or finding.end_byte is None or not finding.rule.startswith("SG6"):
        raise FixError(f"{finding.rule}: not a logging finding with a location")
    parsed = parse_code(_text(code), _language(finding, language))
    source = finding.extra.get("source")
    for http, src in _MODES:
        for flow in analyze(parsed, http_event_param=http, source_event_param=src):
            if (flow.start, flow.end) != (finding.start_byte, finding.end_byte):
                continue
            if source is None or any(t.label == source for t in flow.all_taints):
                return flow
    raise FixError(f"{finding.path}:{finding.line}: the code changed since the scan; scan again")


def edits(
    finding: Finding, code: str | bytes, language: Language | None = None
) -> list[tuple[int, int, bytes]]:
    """The byte-span replacements that fix `finding` (FixError when none is mechanical)."""
    flow = find_flow(finding, code, language)
    if not flow.edits:
        raise FixError(f"{finding.path}:{finding.line}: no mechanical fix; change the code by hand")
    return [(s, e, new.encode("utf-8")) for s, e, new in flow.edits]


def fixed_bytes(finding: Finding, code: str | bytes, language: Language | None = None) -> bytes:
    data = code if isinstance(code, bytes) else code.encode("utf-8")
    return splice(data, edits(finding, code, language))


def preview(finding: Finding, code: str | bytes, language: Language | None = None) -> str:
    """Unified diff of the fix (nothing is written)."""
    before = _text(code)
    after = fixed_bytes(finding, code, language).decode("utf-8")
    name = finding.path or "step"
    return file_diff(before, after, name)


def project_root(path: Path) -> Path:
    """The nearest folder above `path` holding `.stepguard`, `.stepguard.toml` or `.git`."""
    start = path.resolve().parent
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in (".stepguard", ".stepguard.toml", ".git")):
            return folder
    return start


def apply(finding: Finding, *, root: Path | None = None, path: Path | None = None) -> JournalEntry:
    """Apply the fix to the finding's file; returns the journal entry that undoes it."""
    target = Path(path or finding.abs_path or "")
    if not str(target) or not target.is_file():
        raise FixError(f"{finding.path}: the file to fix is not available")
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise FixError(f"{target}: {exc.strerror or 'cannot be read'}") from None
    language = EXTENSION_LANGUAGE.get(target.suffix, Language.UNKNOWN)
    if not (language.is_js or language is Language.PYTHON):
        raise FixError(f"{finding.path}: no logging fix for this kind of file")
    flow = find_flow(finding, data, language)
    if not flow.edits:
        raise FixError(f"{finding.path}:{finding.line}: no mechanical fix; change the code by hand")
    file_edits = [
        FileEdit(target, s, e, new.encode("utf-8"), expected=data[s:e]) for s, e, new in flow.edits
    ]
    summary = f"{finding.rule} {finding.path}:{finding.line}: {flow.fix_summary}"
    return apply_edits(root or project_root(target), file_edits, KIND, summary)
