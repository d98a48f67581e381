"""Recover from migrations that were killed: reconcile their intents, remove their temp files.

A migration writes its intent into the manifest (`pending`) before its first keyring write and
drops it when it is done or rolled back. An intent whose process is gone belongs to a run that
was killed; `reconcile` finishes it when every file was rewritten, and otherwise puts the files
back and deletes the keyring entries the run created, so manifest and keyring agree again.
"""

from __future__ import annotations

import contextlib
import difflib
import os
from pathlib import Path
from typing import Any

from checks.fixes.secrets.edits import Edit, RewriteRefused
from checks.fixes.secrets.undo import FileRecord, file_record, load_record, sha256
from checks.fsutil import TEMP_SUFFIX, atomic_write_bytes, temp_pid
from checks.model import EXTENSION_LANGUAGE, Language
from checks.parsing import parse_code
from checks.secrets import find_secrets
from checks.vault import Manifest, ManifestEntry, Vault, VaultError
from checks.vault.manifest import entry_from_json
from checks.vault.paths import config_dir


def process_start(pid: int) -> str:
    """The kernel's start time of process `pid` ("" when unknown), to survive pid reuse."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else ""


def alive(pid: int, start: str = "") -> bool:
    """Whether process `pid` (started at `start`, if known) still runs."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    if stat[stat.rfind(")") + 2 :].split()[:1] == ["Z"]:
        return False
    return not start or process_start(pid) == start


def remove_stale_temps(folders: list[Path]) -> list[Path]:
    """Delete stepguard temp files (`*.sgtmp`) in `folders` whose writing process is dead."""
    removed: list[Path] = []
    for folder in dict.fromkeys(folders):
        try:
            names = [e.name for e in os.scandir(folder) if e.is_file(follow_symlinks=False)]
        except OSError:
            continue
        for name in names:
            pid = temp_pid(name)
            if name.endswith(TEMP_SUFFIX) and pid is not None and not alive(pid):
                with contextlib.suppress(OSError):
                    (folder / name).unlink()
                    removed.append(folder / name)
    return removed


def new_intent(
    project_key: str,
    root: Path,
    entries: list[ManifestEntry],
    created: list[str],
    files: list[Path],
    record: Path,
) -> dict[str, Any]:
    """The manifest intent of a run of this process (see module docstring)."""
    pid = os.getpid()
    return {
        "pid": pid,
        "start": process_start(pid),
        "project_key": project_key,
        "root": str(root),
        "entries": {e.name: e.to_json() for e in entries},
        "created": created,  # names with no keyring entry before this run
        "files": [str(p) for p in files],
        "record": str(record),
    }


def _finish_or_roll_back(intent: dict[str, Any], vault: Vault, manifest: Manifest) -> str:
    key, root = str(intent["project_key"]), str(intent["root"])
    record_path = Path(intent["record"])
    record = load_record(record_path) if record_path.is_file() else None
    states: list[str] = []
    if record is not None:
        for f in record.files:
            try:
                digest = sha256(f.path.read_bytes())
            except OSError:
                digest = ""
            states.append(
                "after"
                if digest == f.after_sha256
                else "before"
                if digest == f.before_sha256
                else "edited"
            )
    if record is not None and states and ("edited" in states or all(s == "after" for s in states)):
        for name, data in intent["entries"].items():
            manifest.put(entry_from_json(key, root, name, data))
        return f"{root}: finished an interrupted migration ({', '.join(intent['entries'])})"
    if record is not None:
        for f, state in zip(record.files, states, strict=True):
            if state == "after":
                current = f.path.read_bytes()
                original = f.original(key, vault, current)
                if sha256(original) == f.before_sha256:
                    atomic_write_bytes(f.path, original, expected=current)
        record_path.unlink(missing_ok=True)
    for name in intent["created"]:
        vault.delete(key, name)
    return f"{root}: rolled back an interrupted migration"


def reconcile(vault: Vault | None = None, manifest: Manifest | None = None) -> list[str]:
    """Finish or roll back the intents of dead runs; one line per run handled.

    Raises VaultError when the keyring cannot be used (the intents stay for the next start).
    """
    manifest = manifest if manifest is not None else Manifest()
    if not any(
        not alive(int(i.get("pid", 0)), str(i.get("start", "")))
        for i in manifest.pending().values()
    ):
        return []
    vault = vault or Vault()
    done: list[str] = []
    with manifest.transaction():
        for run_id, intent in manifest.pending().items():
            if alive(int(intent.get("pid", 0)), str(intent.get("start", ""))):
                continue
            try:
                done.append(_finish_or_roll_back(intent, vault, manifest))
            except (OSError, VaultError, KeyError, TypeError, ValueError) as exc:
                if isinstance(exc, VaultError):
                    raise
                done.append(
                    f"{intent.get('root', '?')}: could not reconcile ({type(exc).__name__})"
                )
                continue
            folders = [Path(p).parent for p in intent.get("files", [])]
            remove_stale_temps(
                [*folders, manifest.path.parent, config_dir() / "undo" / str(intent["project_key"])]
            )
            manifest.drop_pending(run_id)
    return done


# -- records written by stepguard 1 -------------------------------------------------------------


def _secret_spans(
    segments: list[dict[str, Any]], original: bytes, key: str, vault: Vault
) -> list[tuple[int, int, str]]:
    """(start, end, NAME) of the keyring references of a version 1 record, in the original."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for seg in segments:
        if "secret" in seg:
            size = len(vault.require(key, seg["secret"]).encode("utf-8", "surrogateescape"))
            out.append((pos, pos + size, str(seg["secret"])))
            pos += size
        else:
            pos += len(str(seg.get("text", "")).encode("utf-8", "surrogateescape"))
    return out if pos == len(original) else []


def _line_edits(original: bytes, current: bytes) -> list[Edit]:
    """Line-level edits turning `original` into `current`."""
    a = original.splitlines(keepends=True)
    b = current.splitlines(keepends=True)
    starts = [0]
    for line in a:
        starts.append(starts[-1] + len(line))
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [
        Edit(starts[i1], starts[i2], b"".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


def _upgrade_file(f: FileRecord, key: str, vault: Vault) -> FileRecord | None:
    """The version 2 form of a version 1 file record; None when the file can no longer be
    restored from it (changed since the migration), so its copy of the code must go."""
    try:
        current = f.path.read_bytes()
    except OSError:
        return None
    if sha256(current) != f.after_sha256 or f.segments is None:
        return None
    if any(vault.get(key, str(s["secret"])) is None for s in f.segments if "secret" in s):
        return None  # an entry was removed: the record cannot rebuild the file any more
    original = f.original(key, vault, current)
    migrated = _secret_spans(f.segments, original, key, vault)
    if sha256(original) != f.before_sha256 or not migrated:
        return None
    language = EXTENSION_LANGUAGE.get(f.path.suffix, Language.UNKNOWN)
    found = find_secrets(parse_code(original.decode("utf-8", "surrogateescape"), language))
    try:
        return file_record(
            f.path,
            f.rel,
            original,
            current,
            _line_edits(original, current),
            migrated,
            [(m.start, m.end) for m in found],
        )
    except RewriteRefused:
        return None


def upgrade_legacy_records(vault: Vault | None = None) -> int:
    """Rewrite version 1 undo records (which kept every byte of the code that was not migrated,
    values left in code included) as reverse edits; returns how many were rewritten.

    A file that changed since its migration cannot be undone from its record any more; its
    copy of the code is dropped (undo then says the file changed after the migration).
    """
    folder = config_dir() / "undo"
    legacy: list[Path] = []
    for path in sorted(folder.glob("*/*.json")):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            if '"segments"' in path.read_text(encoding="utf-8"):
                legacy.append(path)
    if not legacy:
        return 0
    vault = vault or Vault()
    done = 0
    for location in legacy:
        try:
            record = load_record(location)
        except VaultError:
            continue  # unreadable: undo reports it
        files: list[FileRecord] = []
        for f in record.files:
            if f.segments is None:
                files.append(f)
                continue
            new = _upgrade_file(f, record.project_key, vault)
            files.append(new or FileRecord(f.path, f.rel, f.before_sha256, f.after_sha256, []))
        record.files = files
        record.save()
        done += 1
    return done


def recover(vault: Vault | None = None, manifest: Manifest | None = None) -> list[str]:
    """What every start does first: reconcile killed runs, rewrite legacy undo records."""
    lines = reconcile(vault, manifest)
    upgraded = upgrade_legacy_records(vault)
    if upgraded:
        lines.append(f"rewrote {upgraded} old undo record(s) so they hold no code or values")
    return lines
