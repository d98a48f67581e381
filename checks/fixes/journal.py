"""Transactional span edits across files, with an undo journal of reverse edits.

Used by the mechanical fixes (https, header case, logging). The journal keeps only the replaced
spans' original text and checksums — never whole files — under `<project>/.stepguard/undo/`.
Callers must not pass edits whose original text holds a secret (`ensure_no_secret`).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checks.errors import StepguardError
from checks.fsutil import atomic_write_bytes, atomic_write_text
from checks.model import EXTENSION_LANGUAGE, Language
from checks.parsing import parse_code
from checks.secrets import find_secrets

JOURNAL_DIR = Path(".stepguard") / "undo"


class FixError(StepguardError):
    """A fix that could not be applied or undone; nothing was changed."""


@dataclass(frozen=True)
class FileEdit:
    path: Path
    start: int  # byte offsets in the file as it is now
    end: int
    replacement: bytes
    expected: bytes | None = (
        None  # what [start, end) must hold, to detect files changed since the scan
    )


@dataclass(frozen=True)
class JournalEntry:
    id: str
    kind: str
    summary: str
    path: Path  # the journal file


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def splice(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Apply non-overlapping (start, end, replacement) edits to `data`."""
    ordered = sorted(edits)
    for (_, a_end, _), (b_start, _, _) in itertools.pairwise(ordered):
        if b_start < a_end:
            raise FixError("two edits overlap; apply them one at a time")
    out = bytearray()
    pos = 0
    for start, end, repl in ordered:
        out += data[pos:start]
        out += repl
        pos = end
    out += data[pos:]
    return bytes(out)


def ensure_no_secret(text: str, language: Language) -> None:
    """Refuse to journal text that holds an inline secret (it would be copied to disk)."""
    if find_secrets(parse_code(text, language)):
        raise FixError(
            "this code holds an inline secret; migrate it first (stepguard secrets migrate)"
        )


def _language(path: Path) -> Language:
    return EXTENSION_LANGUAGE.get(path.suffix, Language.UNKNOWN)


def _parses(data: bytes, language: Language) -> bool:
    code = parse_code(data.decode("utf-8", "replace"), language)
    return code.parse_error is None


def plan_file(path: Path, edits: list[FileEdit]) -> tuple[bytes, bytes]:
    """(original, new) bytes of one file after its edits; FixError on stale or unsafe edits."""
    try:
        original = path.read_bytes()
    except OSError as exc:
        raise FixError(f"{path}: {exc.strerror or 'cannot be read'}") from None
    for e in edits:
        if e.end > len(original) or (
            e.expected is not None and original[e.start : e.end] != e.expected
        ):
            raise FixError(f"{path}: the file changed since it was scanned; scan again and retry")
    new = splice(original, [(e.start, e.end, e.replacement) for e in edits])
    language = _language(path)
    if (
        language is not Language.UNKNOWN
        and _parses(original, language)
        and not _parses(new, language)
    ):
        raise FixError(f"{path}: the change would not parse; nothing was written")
    return original, new


def apply_edits(root: Path, edits: list[FileEdit], kind: str, summary: str) -> JournalEntry:
    """Apply edits to every file or to none, then journal the reverse edits under `root`."""
    by_file: dict[Path, list[FileEdit]] = {}
    for e in edits:
        by_file.setdefault(Path(e.path), []).append(e)
    planned = {path: plan_file(path, file_edits) for path, file_edits in by_file.items()}
    for path, file_edits in by_file.items():
        for e in file_edits:
            ensure_no_secret(
                planned[path][0][e.start : e.end].decode("utf-8", "replace"), _language(path)
            )
    written: list[Path] = []
    try:
        for path, (_, new) in planned.items():
            atomic_write_bytes(path, new)
            written.append(path)
        entry = _write_journal(root, by_file, planned, kind, summary)
    except (OSError, FixError) as exc:
        _rollback(written, planned)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise FixError(f"could not apply the fix ({reason}); your files are unchanged") from None
    return entry


def _rollback(written: list[Path], planned: dict[Path, tuple[bytes, bytes]]) -> None:
    for path in written:
        with contextlib.suppress(OSError):
            atomic_write_bytes(path, planned[path][0])


def _reverse_edits(file_edits: list[FileEdit], original: bytes) -> list[dict[str, Any]]:
    """Reverse edits in the coordinates of the new file."""
    out: list[dict[str, Any]] = []
    shift = 0
    for e in sorted(file_edits, key=lambda e: e.start):
        new_start = e.start + shift
        new_end = new_start + len(e.replacement)
        out.append(
            {
                "start": new_start,
                "end": new_end,
                "original": original[e.start : e.end].decode("utf-8"),
            }
        )
        shift += len(e.replacement) - (e.end - e.start)
    return out


def _write_journal(
    root: Path,
    by_file: dict[Path, list[FileEdit]],
    planned: dict[Path, tuple[bytes, bytes]],
    kind: str,
    summary: str,
) -> JournalEntry:
    directory = root / JOURNAL_DIR
    directory.mkdir(parents=True, exist_ok=True)
    ignore = directory.parent / ".gitignore"
    if not ignore.exists():  # undo records belong to this machine, never to the repository
        atomic_write_text(ignore, "# stepguard undo records: never commit\n*\n")
    # Nanoseconds since the epoch, zero-padded: entries sort in the order they were made.
    entry_id = f"{time.time_ns():020d}-{kind}"
    while (directory / f"{entry_id}.json").exists():
        entry_id = f"{time.time_ns():020d}-{kind}"
    doc = {
        "version": 1,
        "id": entry_id,
        "kind": kind,
        "summary": summary,
        "files": [
            {
                "path": str(path.resolve().relative_to(root.resolve())),
                "before_sha256": _sha(planned[path][0]),
                "after_sha256": _sha(planned[path][1]),
                "reverse": _reverse_edits(edits, planned[path][0]),
            }
            for path, edits in by_file.items()
        ],
    }
    path = directory / f"{entry_id}.json"
    atomic_write_text(path, json.dumps(doc, indent=2) + "\n")
    return JournalEntry(entry_id, kind, summary, path)


def list_entries(root: Path) -> list[JournalEntry]:
    directory = root / JOURNAL_DIR
    if not directory.is_dir():
        return []
    out = []
    for path in sorted(directory.glob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        if isinstance(doc, dict) and "files" in doc:
            out.append(JournalEntry(doc["id"], doc.get("kind", ""), doc.get("summary", ""), path))
    return out


def undo(root: Path, entry_id: str | None = None) -> JournalEntry:
    """Undo one journal entry (default: the latest), restoring the files byte for byte."""
    entries = list_entries(root)
    if entry_id is not None:
        entries = [e for e in entries if e.id == entry_id]
    if not entries:
        raise FixError(f"{root}: nothing to undo")
    entry = entries[-1]
    doc = json.loads(entry.path.read_text(encoding="utf-8"))
    restored: dict[Path, tuple[bytes, bytes]] = {}
    for f in doc["files"]:
        path = root / f["path"]
        try:
            current = path.read_bytes()
        except OSError as exc:
            raise FixError(
                f"{path}: {exc.strerror or 'cannot be read'}; nothing was undone"
            ) from None
        if _sha(current) != f["after_sha256"]:
            raise FixError(f"{path}: changed since the fix was applied; undo it by hand")
        before = splice(
            current, [(r["start"], r["end"], r["original"].encode()) for r in f["reverse"]]
        )
        if _sha(before) != f["before_sha256"]:
            raise FixError(f"{path}: undo record does not match; nothing was undone")
        restored[path] = (current, before)
    written: list[Path] = []
    try:
        for path, (_, before) in restored.items():
            atomic_write_bytes(path, before)
            written.append(path)
    except OSError as exc:
        for path in written:
            with contextlib.suppress(OSError):
                atomic_write_bytes(path, restored[path][0])
        raise FixError(f"could not undo ({exc.strerror}); your files are unchanged") from None
    entry.path.unlink()
    return entry
