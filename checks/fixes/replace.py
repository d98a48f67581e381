"""Fixes that replace one span of code with `finding.extra["replacement"]`.

Used by rules whose fix is a small, exact edit: a header name in lower case (SG306), `await`
before an async verifier (SG307), `return` before `$.flow.exit(...)` (SG305).
"""

from __future__ import annotations

from pathlib import Path

from checks.fixes.journal import FileEdit, FixError, JournalEntry, apply_edits, plan_file
from checks.fixes.source import file_diff
from checks.model import Finding, FixKind

KINDS = (FixKind.LOWERCASE_HEADER, FixKind.EDIT)


def is_replaceable(finding: Finding) -> bool:
    return (
        finding.fix is not None
        and finding.fix.kind in KINDS
        and isinstance(finding.extra.get("replacement"), str)
        and finding.abs_path is not None
        and finding.start_byte is not None
        and finding.end_byte is not None
        and finding.end_byte > finding.start_byte
    )


def _edit(finding: Finding) -> FileEdit:
    if not is_replaceable(finding):
        raise FixError("this finding has no mechanical replacement")
    path = Path(finding.abs_path)  # type: ignore[arg-type]
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FixError(f"{path}: {exc.strerror or 'cannot be read'}") from None
    start, end = finding.start_byte, finding.end_byte
    assert start is not None and end is not None
    return FileEdit(path, start, end, finding.extra["replacement"].encode("utf-8"), data[start:end])


def preview(finding: Finding, display_path: str | None = None) -> str:
    """Unified diff of the change (the replaced spans never hold secrets: they are code)."""
    edit = _edit(finding)
    before, after = plan_file(edit.path, [edit])
    name = display_path or finding.path
    return file_diff(before, after, name)


def apply(root: Path, finding: Finding) -> JournalEntry:
    """Apply the replacement atomically with an undo journal entry under `root`."""
    edit = _edit(finding)
    what = finding.fix.summary if finding.fix else "edit"
    summary = f"{finding.rule}: {what} ({finding.path}:{finding.line})"
    return apply_edits(root, [edit], finding.fix.kind if finding.fix else "edit", summary)
