"""Apply a migration plan (intent → keyring → undo record → files → manifest) and undo it.

Every step is checked before the next, and any failure puts everything back: keyring entries
this run created or changed, the manifest, the undo record and files already rewritten.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from checks.fixes.journal import Change, FixError, Segment, list_entries
from checks.fixes.journal import record as record_fix
from checks.fixes.journal import undo as journal_undo
from checks.fixes.secrets.edits import Edit, RewriteRefused, Span
from checks.fixes.secrets.plan import MigrationError, MigrationPlan, Occurrence, PlannedSecret
from checks.fixes.secrets.recover import new_intent, recover, remove_stale_temps
from checks.fixes.secrets.rewrite import rewrite_edits
from checks.fixes.secrets.undo import (
    FileRecord,
    UndoRecord,
    file_record,
    new_record_id,
    records,
    sha256,
    undo_dir,
)
from checks.fsutil import ChangedOnDisk, atomic_write_bytes
from checks.model import FixKind
from checks.redact import secret_fingerprint
from checks.vault import Manifest, ManifestEntry, Use, Vault, VaultError, project_key, project_root


@dataclass
class MigrationResult:
    project_key: str
    root: Path
    names: list[str] = field(default_factory=list)  # variables stored in the keyring
    files: list[str] = field(default_factory=list)  # rewritten files (display paths)
    undo_id: str | None = None
    journal_id: str | None = None  # the fix journal entry (`checks.fixes.journal`)


@dataclass
class UndoResult:
    project_key: str
    undo_id: str
    files: list[str] = field(default_factory=list)  # restored files (display paths)
    unchanged: list[str] = field(default_factory=list)  # already as they were


_Files = dict[Path, list[tuple[Occurrence, PlannedSecret]]]  # occurrences by file


def _os_reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _read_values(
    plan: MigrationPlan, files: dict[Path, list[tuple[Occurrence, PlannedSecret]]]
) -> tuple[dict[Path, bytes], dict[str, str]]:
    """Current bytes of every file and each secret's value, checked against the scan."""
    contents: dict[Path, bytes] = {}
    values: dict[str, str] = {}
    for path, occs in files.items():
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise MigrationError(
                f"{occs[0][0].rel}: cannot read ({_os_reason(exc)}); nothing was changed"
            ) from None
        contents[path] = data
        for o, s in occs:
            value = data[o.start : o.end].decode("utf-8", "surrogateescape")
            if o.end > len(data) or secret_fingerprint(value) != s.secret_id:
                raise MigrationError(
                    f"{o.rel}:{o.line}: the file changed since it was scanned; scan again "
                    "(nothing was changed)"
                )
            values.setdefault(s.secret_id, value)
    return contents, values


def _rewrite_all(
    files: dict[Path, list[tuple[Occurrence, PlannedSecret]]],
    contents: dict[Path, bytes],
    values: dict[str, str],
) -> dict[Path, tuple[bytes, list[Edit]]]:
    out: dict[Path, tuple[bytes, list[Edit]]] = {}
    for path, occs in files.items():
        rel = occs[0][0].rel
        try:
            new, edits = rewrite_edits(
                contents[path], occs[0][0].language, [Span(o.start, o.end, s.name) for o, s in occs]
            )
        except RewriteRefused as exc:
            raise MigrationError(f"{rel}: {exc} (nothing was changed)") from None
        for _o, s in occs:
            if values[s.secret_id].encode("utf-8", "surrogateescape") in new:
                raise MigrationError(
                    f"{rel}: a copy of {s.name} would remain in the file; edit it by hand "
                    "(nothing was changed)"
                )
        out[path] = (new, edits)
    return out


def _sensitive(plan: MigrationPlan, path: Path) -> list[tuple[int, int]]:
    """Spans of every secret found in the file: migrated, declined and refused ones."""
    spans = list(plan.sensitive.get(path, []))
    spans += [(o.start, o.end) for s in plan.secrets for o in s.occurrences if o.path == path]
    return spans


def _record(
    plan: MigrationPlan,
    files: dict[Path, list[tuple[Occurrence, PlannedSecret]]],
    contents: dict[Path, bytes],
    rewritten: dict[Path, tuple[bytes, list[Edit]]],
) -> UndoRecord:
    out: list[FileRecord] = []
    for path, occs in files.items():
        new, edits = rewritten[path]
        try:
            out.append(
                file_record(
                    path,
                    occs[0][0].rel,
                    contents[path],
                    new,
                    edits,
                    [(o.start, o.end, s.name) for o, s in occs],
                    _sensitive(plan, path),
                )
            )
        except RewriteRefused as exc:
            raise MigrationError(f"{occs[0][0].rel}: {exc} (nothing was changed)") from None
    return UndoRecord(
        id=new_record_id(),
        project_key=plan.project_key,
        root=str(plan.root),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        files=out,
    )


def apply_migration(
    plan: MigrationPlan,
    vault: Vault | None = None,
    manifest: Manifest | None = None,
) -> MigrationResult:
    """Move the plan's selected secrets into the keyring and rewrite the files.

    Order: intent in the manifest → keyring → undo record → files (each re-checked just before
    it is replaced) → manifest entries. Raises VaultError (keyring unusable) or MigrationError;
    in both cases the user's files, the manifest and the keyring are as they were. A run that
    is killed is finished or rolled back by `reconcile` at the next start.
    """
    vault = vault or Vault()
    manifest = manifest if manifest is not None else Manifest()
    result = MigrationResult(project_key=plan.project_key, root=plan.root)
    chosen = plan.selected
    if not chosen:
        return result
    problems = plan.problems()
    if problems:
        raise MigrationError(problems[0])
    files = plan.files(chosen)
    remove_stale_temps([p.parent for p in files])
    contents, values = _read_values(plan, files)
    rewritten = _rewrite_all(files, contents, values)
    record = _record(plan, files, contents, rewritten)

    vault.check_available()
    recover(vault, manifest)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    entries = [
        ManifestEntry(
            name=s.name,
            project_key=plan.project_key,
            root=str(plan.root),
            secret_id=s.secret_id,
            provider=s.provider,
            detector=s.detector,
            stored_at=now,
            uses=[Use(o.rel, o.line) for o in s.occurrences],
        )
        for s in chosen
    ]
    previous = {s.name: vault.get(plan.project_key, s.name) for s in chosen}
    created = [name for name, value in previous.items() if value is None]
    intent = new_intent(
        plan.project_key,
        plan.root,
        entries,
        created,
        list(files),
        undo_dir(plan.project_key) / f"{record.id}.json",
    )
    with manifest.transaction():
        manifest.add_pending(record.id, intent)
    stored: list[tuple[str, str | None]] = []  # (name, previous value) for rollback
    written: list[Path] = []
    try:
        for s in chosen:
            stored.append((s.name, previous[s.name]))
            vault.store(plan.project_key, s.name, values[s.secret_id])
        record.save()
        for path in files:
            atomic_write_bytes(path, rewritten[path][0], expected=contents[path])
            written.append(path)
        with manifest.transaction():
            for entry in entries:
                manifest.put(entry)
            manifest.drop_pending(record.id)
    except Exception as exc:
        failed = _rollback(
            files, contents, rewritten, written, manifest, record, vault, plan, stored
        )
        if isinstance(exc, VaultError) and not failed:
            raise
        where = _failed_rel(files, written, exc)
        if isinstance(exc, ChangedOnDisk):
            what = "the file was edited during the migration"
        else:
            what = (
                "write failed ("
                + (_os_reason(exc) if isinstance(exc, OSError) else str(exc) or type(exc).__name__)
                + ")"
            )
        if failed:
            raise MigrationError(
                f"{where}: {what}; could not restore {', '.join(failed)} — run "
                f"`stepguard secrets undo {plan.root}`"
            ) from None
        if isinstance(exc, ChangedOnDisk):
            raise MigrationError(
                f"{where}: {what}; the keyring entries of this run were rolled back and no file "
                "was changed — scan again and retry"
            ) from None
        raise MigrationError(f"{where}: {what}; nothing was changed") from None
    result.names = [s.name for s in chosen]
    result.files = [occs[0][0].rel for occs in files.values()]
    result.undo_id = record.id
    result.journal_id = _journal(plan, record, contents, rewritten)
    return result


def _journal(
    plan: MigrationPlan,
    record: UndoRecord,
    contents: dict[Path, bytes],
    rewritten: dict[Path, tuple[bytes, list[Edit]]],
) -> str | None:
    """Record the migration in the fix journal, so it undoes in any order with other fixes of
    the same files. Keyring references stay keyring references; values left in the code are
    referenced by their place in the span. None when it cannot be (undo then uses the record).
    """
    changes: list[Change] = []
    for f in record.files:
        new, edits = rewritten[f.path]
        ordered = sorted(edits, key=lambda e: (e.start, e.end))
        restores: list[list[Segment]] = []
        for e, r in zip(ordered, sorted(f.reverse, key=lambda r: int(r["start"])), strict=True):
            start, end = int(r["start"]), int(r["end"])
            segments: list[Segment] = []
            for seg in r["original"]:
                if "copy" in seg:
                    a, b = int(seg["copy"][0]), int(seg["copy"][1])
                    if not (start <= a <= b <= end):
                        return None  # refers outside its own span: only the record can undo it
                    seg = {"copy": [a - start, b - start]}
                segments.append(seg)
            restores.append(segments)
            if end - start != len(e.replacement):
                return None
        regions = [(e.start, e.end, len(e.replacement)) for e in ordered]
        changes.append(Change(f.path, regions, restores, new, old=contents[f.path]))
    names = sorted(
        {str(seg["secret"]) for c in changes for r in c.restores for seg in r if "secret" in seg}
    )
    try:
        entry = record_fix(
            changes,
            FixKind.MIGRATE_SECRET,
            f"moved {', '.join(names)} to the keyring ({', '.join(f.rel for f in record.files)})",
            {
                "project_key": plan.project_key,
                "root": str(plan.root),
                "record": str(record.location),
                "record_id": record.id,
                "names": names,
            },
        )
    except FixError:
        return None
    return entry.id


def _failed_rel(files: _Files, written: list[Path], exc: BaseException) -> str:
    if isinstance(exc, VaultError):
        return "keyring"
    for path, occs in files.items():
        if path not in written:
            return occs[0][0].rel
    return "manifest"


def _restore_keyring(vault: Vault, key: str, stored: list[tuple[str, str | None]]) -> None:
    for name, previous in reversed(stored):
        with contextlib.suppress(VaultError):
            if previous is None:
                vault.delete(key, name)
            else:
                vault.store(key, name, previous)


def _rollback(
    files: _Files,
    contents: dict[Path, bytes],
    rewritten: dict[Path, tuple[bytes, list[Edit]]],
    written: list[Path],
    manifest: Manifest,
    record: UndoRecord,
    vault: Vault,
    plan: MigrationPlan,
    stored: list[tuple[str, str | None]],
) -> list[str]:
    """Put files, keyring, manifest back; returns the files that could not be restored."""
    failed: list[str] = []
    for path in reversed(written):
        try:
            atomic_write_bytes(path, contents[path], expected=rewritten[path][0])
        except OSError:
            failed.append(files[path][0][0].rel)
    if failed:  # keep the undo record, the keyring entries and the intent: undo needs them
        with contextlib.suppress(Exception), manifest.transaction():
            pending = manifest.pending().get(record.id)
            if pending is not None:
                for name, data in pending["entries"].items():
                    manifest.put(_pending_entry(plan, name, data))
                manifest.drop_pending(record.id)
        return failed
    with contextlib.suppress(OSError):
        record.delete()
    _restore_keyring(vault, plan.project_key, stored)
    with contextlib.suppress(Exception), manifest.transaction():
        manifest.drop_pending(record.id)
    return failed


def _pending_entry(plan: MigrationPlan, name: str, data: dict[str, Any]) -> ManifestEntry:
    s = plan.secret(name)
    return ManifestEntry(
        name=name,
        project_key=plan.project_key,
        root=str(plan.root),
        secret_id=s.secret_id,
        provider=s.provider,
        detector=s.detector,
        stored_at=str(data.get("stored_at", "")),
        uses=[Use(o.rel, o.line) for o in s.occurrences],
    )


# -- undo -------------------------------------------------------------------------------------


def undo_migration(path: Path, vault: Vault | None = None) -> UndoResult:
    """Restore the files of the project at `path` as they were before its latest migration."""
    vault = vault or Vault()
    root = project_root(path)
    key = project_key(root)
    recover(vault)
    try:
        history = records(key)
    except VaultError as exc:
        raise MigrationError(str(exc)) from None
    if not history:
        raise MigrationError(f"{root}: no migration to undo for this project")
    record = history[-1]
    journaled = [
        e
        for e in list_entries(root)
        if e.kind == FixKind.MIGRATE_SECRET and e.payload.get("project_key") == key
    ]
    if journaled and journaled[-1].payload.get("record_id") == record.id:
        return _undo_journaled(journaled[-1].id, record, key, vault)
    result = UndoResult(project_key=key, undo_id=record.id)
    plan: list[tuple[Path, bytes, bytes, str]] = []
    for f in record.files:
        try:
            current = f.path.read_bytes()
        except OSError as exc:
            raise MigrationError(
                f"{f.rel}: cannot read ({_os_reason(exc)}); nothing was restored"
            ) from None
        if sha256(current) == f.before_sha256:
            result.unchanged.append(f.rel)
            continue
        if sha256(current) != f.after_sha256:
            raise MigrationError(
                f"{f.rel}: the file changed after the migration; undo would lose those edits "
                "(nothing was restored)"
            )
        original = f.original(key, vault, current)
        if sha256(original) != f.before_sha256:
            raise MigrationError(
                f"{f.rel}: the keyring entries do not rebuild the original file (a value was "
                "changed?); nothing was restored"
            )
        plan.append((f.path, original, current, f.rel))
    done: list[tuple[Path, bytes, bytes]] = []
    try:
        for p, original, current, rel in plan:
            atomic_write_bytes(p, original, expected=current)
            done.append((p, current, original))
            result.files.append(rel)
    except OSError as exc:
        for p, current, original in reversed(done):
            with contextlib.suppress(OSError):
                atomic_write_bytes(p, current, expected=original)
        raise MigrationError(
            f"undo failed ({_os_reason(exc)}); the files are as they were"
        ) from None
    record.delete()
    return result


def _undo_journaled(entry_id: str, record: UndoRecord, key: str, vault: Vault) -> UndoResult:
    """Undo a journaled migration: only its spans are put back, so later fixes of the same
    files (a pin, an https rewrite) stay, and a later fix of the same code is named."""
    try:
        journal_undo(None, entry_id, vault=vault)
    except FixError as exc:
        raise MigrationError(str(exc)) from None
    return UndoResult(project_key=key, undo_id=record.id, files=[f.rel for f in record.files])
