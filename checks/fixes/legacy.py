"""Adopt undo records of earlier versions (`<folder>/.stepguard/undo/*.json`) into the journal.

Earlier versions kept one record per fix inside the project: the mechanical fixes' reverse span
edits, and inserted snippets' original `workflow.yaml`. A record whose files are still exactly as
the fix left them becomes a journal entry under its old id (so undo tokens saved by the wizard
keep working) and is removed; any other record is left where it is.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

from checks.fixes.journal import Change, FixError, Segment, diff_region, record
from checks.model import FixKind

LEGACY_DIR = Path(".stepguard") / "undo"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _edits_change(root: Path, f: dict[str, Any]) -> Change | None:
    path = (root / str(f["path"])).resolve()
    try:
        current = path.read_bytes()
    except OSError:
        return None
    if _sha(current) != f["after_sha256"]:
        return None
    regions: list[tuple[int, int, int]] = []
    restores: list[list[Segment]] = []
    shift = 0
    for r in sorted(f["reverse"], key=lambda r: int(r["start"])):
        start, end = int(r["start"]), int(r["end"])
        original = str(r["original"]).encode("utf-8")
        pre = start - shift
        regions.append((pre, pre + len(original), end - start))
        restores.append([{"text": str(r["original"])}])
        shift += (end - start) - len(original)
    return Change(path, regions, restores, current)


def _insert_changes(folder: Path, doc: dict[str, Any]) -> tuple[list[Change], list[str]] | None:
    yaml_path = folder / str(doc["workflow_yaml"])
    original = base64.b64decode(doc["original_yaml_b64"], validate=True)
    try:
        current = yaml_path.read_bytes()
    except OSError:
        return None
    if _sha(current) != doc["inserted_yaml_sha256"]:
        return None
    start, end, size = diff_region(original, current)
    old = original[start:end].decode("utf-8", "surrogateescape")
    changes = [Change(yaml_path.resolve(), [(start, end, size)], [[{"text": old}]], current)]
    for rel, digest in dict(doc["created_files"]).items():
        path = (folder / str(rel)).resolve()
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if _sha(data) != digest:
            return None
        changes.append(Change(path, [(0, 0, len(data))], [[{"text": ""}]], data, created=True))
    return changes, [str((folder / str(doc["created_dir"])).resolve())]


def adopt(folder: Path) -> int:
    """Move the legacy records under `folder` into the journal; returns how many moved."""
    directory = Path(folder) / LEGACY_DIR
    if not directory.is_dir():
        return 0
    moved = 0
    for location in sorted(directory.glob("*.json")):
        kind: FixKind | str  # a legacy record's own kind string is kept as it was
        try:
            doc = json.loads(location.read_bytes())
            if "original_yaml_b64" in doc:
                found = _insert_changes(Path(folder), doc)
                if found is None:
                    continue
                changes, dirs = found
                kind, summary = FixKind.INSERT_SNIPPET, f"inserted step {doc['namespace']}"
                payload: dict[str, Any] = {
                    "workflow_dir": str(Path(folder).resolve()),
                    "namespace": str(doc["namespace"]),
                    "created_dirs": dirs,
                }
            else:
                edits = [_edits_change(Path(folder), f) for f in doc["files"]]
                if not edits or any(c is None for c in edits):
                    continue
                changes = [c for c in edits if c is not None]
                kind, summary, payload = str(doc["kind"]), str(doc.get("summary", "")), {}
            record(changes, kind, summary, payload, entry_id=location.stem)
        except (OSError, ValueError, KeyError, TypeError, FixError):
            continue
        location.unlink(missing_ok=True)
        moved += 1
    with contextlib.suppress(OSError):
        if not any(directory.iterdir()):
            directory.rmdir()
            top = directory.parent
            if [p.name for p in top.iterdir()] in ([], [".gitignore"]):
                (top / ".gitignore").unlink(missing_ok=True)
                top.rmdir()
    return moved
