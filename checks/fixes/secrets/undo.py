"""Undo records: the files as they were before a migration, minus the secret values.

A record (JSON, in `<config>/undo/<project-key>/`) keeps, per file, the original bytes cut
into text segments and references to keyring entries where the secrets were, the sha256 of
the original and of the rewritten file. Undo refills the references from the keyring and
checks the sha256 before writing anything.
"""

from __future__ import annotations

import hashlib
import json
import secrets as _random
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from checks.fsutil import atomic_write_bytes
from checks.vault import Vault, VaultError, config_dir

VERSION = 1


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def undo_dir(project_key: str) -> Path:
    return config_dir() / "undo" / project_key


@dataclass
class FileRecord:
    path: Path
    rel: str
    before_sha256: str
    after_sha256: str
    segments: list[dict[str, str]]  # {"text": …} or {"secret": NAME}

    def original(self, project_key: str, vault: Vault) -> bytes:
        out = bytearray()
        for seg in self.segments:
            if "secret" in seg:
                out += vault.require(project_key, seg["secret"]).encode("utf-8", "surrogateescape")
            else:
                out += seg["text"].encode("utf-8", "surrogateescape")
        return bytes(out)


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
        folder.mkdir(parents=True, exist_ok=True)
        doc: dict[str, Any] = {
            "version": VERSION,
            "id": self.id,
            "project_key": self.project_key,
            "root": self.root,
            "created": self.created,
            "files": [
                {
                    "path": str(f.path),
                    "rel": f.rel,
                    "before_sha256": f.before_sha256,
                    "after_sha256": f.after_sha256,
                    "segments": f.segments,
                }
                for f in self.files
            ],
        }
        self.location = folder / f"{self.id}.json"
        atomic_write_bytes(self.location, json.dumps(doc, indent=1).encode("utf-8"), mode=0o600)
        return self.location

    def delete(self) -> None:
        if self.location is not None:
            self.location.unlink(missing_ok=True)


def new_record_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ") + "-" + _random.token_hex(3)


def file_record(
    path: Path, rel: str, data: bytes, new: bytes, spans: list[tuple[int, int, str]]
) -> FileRecord:
    """Cut `data` at the secret spans; the spans become references to keyring entries."""
    segments: list[dict[str, str]] = []
    pos = 0
    for start, end, name in sorted(spans):
        if pos < start:
            segments.append({"text": data[pos:start].decode("utf-8", "surrogateescape")})
        segments.append({"secret": name})
        pos = end
    if pos < len(data):
        segments.append({"text": data[pos:].decode("utf-8", "surrogateescape")})
    return FileRecord(path, rel, sha256(data), sha256(new), segments)


def load_record(location: Path) -> UndoRecord:
    try:
        doc = json.loads(location.read_bytes())
        files = [
            FileRecord(
                path=Path(f["path"]),
                rel=str(f["rel"]),
                before_sha256=str(f["before_sha256"]),
                after_sha256=str(f["after_sha256"]),
                segments=list(f["segments"]),
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
