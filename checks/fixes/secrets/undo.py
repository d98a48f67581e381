"""Undo records: the reverse of a migration's edits, without any secret value.

A record (JSON, in `<config>/undo/<project-key>/`) keeps, per file, the sha256 of the original
and of the rewritten file and the reverse edits: for each spot the rewrite changed, its span in
the rewritten file and what it held before, as text, references to keyring entries (the
migrated values) and references to spans of the rewritten file (values left in the code:
declined, or not rewritable). Untouched regions are not copied. Undo refills the references,
checks the sha256 of the result and only then writes.

Version 1 records (the whole file cut into text and keyring references) are still read.
"""

from __future__ import annotations

import hashlib
import json
import secrets as _random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from checks.fixes.secrets.edits import Edit, RewriteRefused
from checks.fsutil import atomic_write_bytes
from checks.vault import Vault, VaultError, config_dir
from checks.vault.lock import vault_lock

VERSION = 2

Segment = dict[str, Any]  # {"text": str} | {"secret": NAME} | {"copy": [start, end]}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def undo_dir(project_key: str) -> Path:
    return config_dir() / "undo" / project_key


def _fill(segments: list[Segment], project_key: str, vault: Vault, current: bytes) -> bytes:
    out = bytearray()
    for seg in segments:
        if "secret" in seg:
            out += vault.require(project_key, seg["secret"]).encode("utf-8", "surrogateescape")
        elif "copy" in seg:
            a, b = int(seg["copy"][0]), int(seg["copy"][1])
            out += current[a:b]
        else:
            out += seg["text"].encode("utf-8", "surrogateescape")
    return bytes(out)


@dataclass
class FileRecord:
    path: Path
    rel: str
    before_sha256: str
    after_sha256: str
    reverse: list[dict[str, Any]] = field(default_factory=list)  # {"start","end","original"}
    segments: list[Segment] | None = None  # version 1: the whole original file

    def original(self, project_key: str, vault: Vault, current: bytes = b"") -> bytes:
        """The file before the migration, from `current` (the rewritten bytes) and the keyring."""
        if self.segments is not None:
            return _fill(self.segments, project_key, vault, current)
        out = bytearray()
        pos = 0
        for r in sorted(self.reverse, key=lambda r: (int(r["start"]), int(r["end"]))):
            start, end = int(r["start"]), int(r["end"])
            out += current[pos:start]
            out += _fill(r["original"], project_key, vault, current)
            pos = end
        out += current[pos:]
        return bytes(out)

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "path": str(self.path),
            "rel": self.rel,
            "before_sha256": self.before_sha256,
            "after_sha256": self.after_sha256,
        }
        if self.segments is not None:
            doc["segments"] = self.segments
        else:
            doc["reverse"] = self.reverse
        return doc


@dataclass
class UndoRecord:
    id: str
    project_key: str
    root: str
    created: str
    files: list[FileRecord]
    location: Path | None = None

    def save(self) -> Path:
        folder = undo_dir(self.project_key)
        doc: dict[str, Any] = {
            "version": VERSION,
            "id": self.id,
            "project_key": self.project_key,
            "root": self.root,
            "created": self.created,
            "files": [f.to_json() for f in self.files],
        }
        self.location = folder / f"{self.id}.json"
        with vault_lock():
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.location, json.dumps(doc, indent=1).encode("utf-8"), mode=0o600)
        return self.location

    def delete(self) -> None:
        if self.location is not None:
            with vault_lock():
                self.location.unlink(missing_ok=True)


def new_record_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ") + "-" + _random.token_hex(3)


def file_record(
    path: Path,
    rel: str,
    data: bytes,
    new: bytes,
    edits: list[Edit],
    migrated: list[tuple[int, int, str]],
    sensitive: Iterable[tuple[int, int]] = (),
) -> FileRecord:
    """The reverse of `edits` (offsets into `data`), holding no secret value.

    `migrated` are the (start, end, NAME) spans whose values go to the keyring; `sensitive`
    are the spans of every other secret found in the file. Inside a changed spot, a migrated
    value becomes a keyring reference and any other secret value a reference to where it stays
    in `new`; raises RewriteRefused when such a value is not in `new` as it was.
    """
    values = {data[a:b] for a, b in sensitive if 0 <= a < b <= len(data)}
    values |= {data[a:b] for a, b, _ in migrated}
    reverse: list[dict[str, Any]] = []
    shift = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        new_start = e.start + shift
        new_end = new_start + len(e.replacement)
        shift += len(e.replacement) - (e.end - e.start)
        refs = [(a, b, {"secret": name}) for a, b, name in migrated if e.start <= a and b <= e.end]
        for a, b, _ in migrated:
            if a < e.end and e.start < b and not (e.start <= a and b <= e.end):
                raise RewriteRefused("a secret straddles a rewritten spot; edit it by hand")
        refs += _left_values(data, new, e, new_start, new_end, values, refs)
        segments: list[Segment] = []
        pos = e.start
        for a, b, seg in sorted(refs, key=lambda r: r[0]):
            if pos < a:
                segments.append({"text": data[pos:a].decode("utf-8", "surrogateescape")})
            segments.append(seg)
            pos = b
        if pos < e.end:
            segments.append({"text": data[pos : e.end].decode("utf-8", "surrogateescape")})
        reverse.append({"start": new_start, "end": new_end, "original": segments})
    return FileRecord(path, rel, sha256(data), sha256(new), reverse)


def _left_values(
    data: bytes,
    new: bytes,
    edit: Edit,
    new_start: int,
    new_end: int,
    values: set[bytes],
    taken: list[tuple[int, int, Segment]],
) -> list[tuple[int, int, Segment]]:
    """References into `new` for every copy of a known value inside the edit's original text."""
    out: list[tuple[int, int, Segment]] = []
    busy = [(a, b) for a, b, _ in taken]
    for value in sorted(values, key=len, reverse=True):
        pos = data.find(value, edit.start, edit.end)
        while pos != -1:
            end = pos + len(value)
            if not any(a < end and pos < b for a, b in busy):
                where = new.find(value, new_start, new_end)
                if where == -1:
                    where = new.find(value)
                if where == -1:
                    raise RewriteRefused(
                        "a secret left in the code would change form in the rewrite; "
                        "edit it by hand"
                    )
                out.append((pos, end, {"copy": [where, where + len(value)]}))
                busy.append((pos, end))
            pos = data.find(value, pos + 1, edit.end)
    return out


def load_record(location: Path) -> UndoRecord:
    try:
        doc = json.loads(location.read_bytes())
        files = [
            FileRecord(
                path=Path(f["path"]),
                rel=str(f["rel"]),
                before_sha256=str(f["before_sha256"]),
                after_sha256=str(f["after_sha256"]),
                reverse=list(f.get("reverse", [])),
                segments=list(f["segments"]) if "segments" in f else None,
            )
            for f in doc["files"]
        ]
        return UndoRecord(
            id=str(doc["id"]),
            project_key=str(doc["project_key"]),
            root=str(doc["root"]),
            created=str(doc["created"]),
            files=files,
            location=location,
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise VaultError(f"undo record {location} is unreadable ({type(exc).__name__})") from None


def records(project_key: str) -> list[UndoRecord]:
    """This project's undo records, oldest first."""
    folder = undo_dir(project_key)
    if not folder.is_dir():
        return []
    return [load_record(p) for p in sorted(folder.glob("*.json"))]
