"""The fix journal: one record of every applied fix, so fixes compose and undo in any order.

Every fix (https rewrite, header case, logging, pins, secret migrations, inserted snippets,
trigger marks) records, per file it changed, the spans it wrote: where they are in the file now,
the sha256 of the bytes it wrote there, and what puts the old bytes back (text, or a reference
to a keyring entry for a migrated secret — never a secret value). When a fix is undone, the
spans of the other fixes in the same file move by the lengths it changed, so independent fixes
undo in any order. A fix whose edit overlapped the span of an earlier one depends on it: the
earlier one refuses to undo until the later one is undone (`UndoBlocked` names it).

The journal lives in the user's config folder (`<config>/journal/journal.json`, one file for
every project, paths absolute), is written atomically and only under its own flock, and
survives restarts; the CLI and the TUI read the same one.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import itertools
import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from checks.dirs import config_dir
from checks.errors import StepguardError
from checks.fixes.anchors import Clobbered, Region, conflicts, post_starts, shift
from checks.fsutil import atomic_write_bytes
from checks.model import EXTENSION_LANGUAGE, FixKind, Language
from checks.parsing import parse_code

VERSION = 1
LOCK_FILE = ".lock"

Segment = dict[str, Any]  # {"text": str} | {"secret": NAME} | {"copy": [a, b]} (span-relative)
SecretResolver = Callable[[dict[str, Any], str], str]  # (payload, NAME) -> value


class FixError(StepguardError):
    """A fix that could not be applied or undone; nothing was changed."""


class UndoBlocked(FixError):
    """A later fix changed the same code: undo `blocker` first (the API offers it)."""

    def __init__(self, entry: JournalEntry, blocker: JournalEntry) -> None:
        self.entry = entry
        self.blocker = blocker
        super().__init__(
            f"undo “{blocker.summary}” ({blocker.id}) first: it changed the same code after "
            f"“{entry.summary}”"
        )


class WriteFailed(FixError):
    """Writing the fixed files failed; they were put back (`reason` is the OS's word)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"could not write the fix ({reason}); your files are unchanged")


@dataclass(frozen=True)
class FileEdit:
    path: Path
    start: int  # byte offsets in the file as it is now
    end: int
    replacement: bytes
    expected: bytes | None = None  # what [start, end) must hold (detects files changed since)


@dataclass
class Span:
    """Bytes [start, end) of the file now hold what the fix wrote (sha256 `written`)."""

    start: int
    end: int
    restore: list[Segment]
    written: str
    restored: str = ""  # sha256 of entry id + the bytes the restore rebuilds ("" if unknown)


@dataclass
class FileChange:
    path: Path  # absolute
    spans: list[Span]
    created: bool = False  # the fix created the file: undo removes it when it is empty again


@dataclass(frozen=True)
class Clobber:
    """An anchor of an earlier entry's span that this entry's edit covered (restored on undo)."""

    entry: str
    path: str
    span: int
    edge: int  # 0: start, 1: end
    region: int  # index of this entry's span in that file
    offset: int  # anchor minus the region's start, before this entry's edit


@dataclass
class JournalEntry:
    id: str
    seq: int
    kind: str
    summary: str
    created: str
    files: list[FileChange]
    depends_on: list[str] = field(default_factory=list)
    clobbers: list[Clobber] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        """The journal file this entry is kept in."""
        return journal_path()

    def under(self, root: Path | None) -> bool:
        if root is None:
            return True
        base = Path(root).resolve()
        return any(f.path == base or f.path.is_relative_to(base) for f in self.files)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "seq": self.seq,
            "kind": self.kind,
            "summary": self.summary,
            "created": self.created,
            "depends_on": self.depends_on,
            "clobbers": [c.__dict__ for c in self.clobbers],
            "payload": self.payload,
            "files": [
                {
                    "path": str(f.path),
                    "created": f.created,
                    "spans": [s.__dict__ for s in f.spans],
                }
                for f in self.files
            ],
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> JournalEntry:
        return cls(
            id=str(doc["id"]),
            seq=int(doc["seq"]),
            kind=str(doc["kind"]),
            summary=str(doc.get("summary", "")),
            created=str(doc.get("created", "")),
            depends_on=[str(d) for d in doc.get("depends_on", [])],
            clobbers=[Clobber(**c) for c in doc.get("clobbers", [])],
            payload=dict(doc.get("payload", {})),
            files=[
                FileChange(
                    Path(f["path"]),
                    [Span(**s) for s in f["spans"]],
                    bool(f.get("created", False)),
                )
                for f in doc["files"]
            ],
        )


@dataclass
class Change:
    """One file's part of a fix, for `record`: regions of the old bytes and what undoes each."""

    path: Path
    regions: list[Region]  # (start, end, new length) in the file before the fix, sorted
    restores: list[list[Segment]]  # one per region
    new: bytes  # the file after the fix
    created: bool = False
    old: bytes | None = None  # the file before the fix (to check that undo rebuilds it)


@dataclass
class _State:
    seq: int = 0
    entries: list[JournalEntry] = field(default_factory=list)


def journal_dir() -> Path:
    return config_dir() / "journal"


def journal_path() -> Path:
    return journal_dir() / "journal.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _salted(salt: str, data: bytes) -> str:
    return hashlib.sha256(salt.encode() + b"\0" + data).hexdigest()


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    folder = journal_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _load() -> _State:
    path = journal_path()
    try:
        doc = json.loads(path.read_bytes())
    except FileNotFoundError:
        return _State()
    except (OSError, ValueError) as exc:
        raise FixError(
            f"{path}: the fix journal is unreadable ({type(exc).__name__}); move it aside to go on"
        ) from None
    try:
        entries = [JournalEntry.from_json(e) for e in doc["entries"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise FixError(
            f"{path}: the fix journal is unreadable ({type(exc).__name__}); move it aside to go on"
        ) from None
    # Entries whose files are all gone (a deleted checkout) can never be undone: drop them.
    live = [e for e in entries if any(f.path.exists() for f in e.files)]
    return _State(int(doc.get("seq", 0)), sorted(live, key=lambda e: e.seq))


def _save(state: _State) -> None:
    doc = {"version": VERSION, "seq": state.seq, "entries": [e.to_json() for e in state.entries]}
    atomic_write_bytes(journal_path(), json.dumps(doc, indent=1).encode("utf-8"), mode=0o600)


# -- recording --------------------------------------------------------------------------------


def splice(data: bytes, edits: Sequence[tuple[int, int, bytes]]) -> bytes:
    """Apply non-overlapping (start, end, replacement) edits to `data` (insertions at one spot
    keep their given order)."""
    ordered = sorted(edits, key=lambda e: (e[0], e[1]))
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


def _record(
    state: _State,
    changes: list[Change],
    kind: str,
    summary: str,
    payload: Any,
    entry_id: str | None = None,
) -> JournalEntry:
    state.seq += 1
    if entry_id is not None and any(e.id == entry_id for e in state.entries):
        raise FixError(f"fix {entry_id} is already in the journal")
    entry = JournalEntry(
        id=entry_id or f"{state.seq}-{kind}",
        seq=state.seq,
        kind=str(kind),
        summary=summary,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        files=[],
        payload=dict(payload or {}),
    )
    for change in changes:
        path = Path(change.path).resolve()
        regions = sorted(change.regions)
        posts = post_starts(regions)
        spans = [
            Span(
                at,
                at + size,
                restore,
                sha256(change.new[at : at + size]),
                _salted(entry.id, change.old[s:e]) if change.old is not None else "",
            )
            for at, (s, e, size), restore in zip(posts, regions, change.restores, strict=True)
        ]
        entry.files.append(FileChange(path, spans, change.created))
        for other in state.entries:
            for f in other.files:
                if f.path != path:
                    continue
                for k, span in enumerate(f.spans):
                    _move_span(entry, other, f, k, span, regions, posts)
    state.entries.append(entry)
    return entry


def _move_span(
    entry: JournalEntry,
    other: JournalEntry,
    f: FileChange,
    k: int,
    span: Span,
    regions: list[Region],
    posts: list[int],
) -> None:
    """Move an earlier entry's span over this entry's edit; covered anchors are remembered."""
    dependent = any(conflicts(span.start, span.end, s, e) for s, e, _ in regions)
    if dependent and other.id not in entry.depends_on:
        entry.depends_on.append(other.id)
    moved = []
    for edge, point in enumerate((span.start, span.end)):
        region = next((i for i, (s, e, _) in enumerate(regions) if s <= point <= e), None)
        if dependent and region is not None:
            s, _, size = regions[region]
            entry.clobbers.append(Clobber(other.id, str(f.path), k, edge, region, point - s))
            moved.append(posts[region] + (size if edge else 0))
        else:
            moved.append(shift(point, edge == 0, regions))
    span.start, span.end = moved


def record(
    changes: list[Change],
    kind: FixKind | str,
    summary: str,
    payload: Any = None,
    entry_id: str | None = None,
) -> JournalEntry:
    """Journal a fix whose files are already written (each must hold `change.new`)."""
    with _locked():
        state = _load()
        for change in changes:
            try:
                current = Path(change.path).read_bytes()
            except OSError:
                current = None
            if current != change.new:
                raise FixError(f"{change.path}: changed while the fix was written; not journaled")
        entry = _record(state, changes, str(kind), summary, payload, entry_id)
        _save(state)
    return entry


# -- applying plain edits ---------------------------------------------------------------------


def ensure_no_secret(text: str, language: Language) -> None:
    """Refuse to journal text that holds an inline secret (it would be copied to disk)."""
    from checks.secrets import find_secrets

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


def diff_region(before: bytes, after: bytes) -> tuple[int, int, int]:
    """The one region (start, end, new length) of `before` that became `after`."""
    limit = min(len(before), len(after))
    head = 0
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return head, len(before) - tail, len(after) - tail - head


def write_all(planned: dict[Path, tuple[bytes | None, bytes]]) -> None:
    """Write every file or none (a file that did not exist is removed again on failure)."""
    written: list[Path] = []
    try:
        for path, (before, new) in planned.items():
            atomic_write_bytes(path, new, expected=before)
            written.append(path)
    except OSError as exc:
        for path in reversed(written):
            before = planned[path][0]
            with contextlib.suppress(OSError):
                if before is None:
                    path.unlink()
                else:
                    atomic_write_bytes(path, before)
        raise WriteFailed(exc.strerror or str(exc) or type(exc).__name__) from None


def apply_changes(
    planned: dict[Path, tuple[bytes | None, bytes]],
    regions: dict[Path, tuple[list[Region], list[list[Segment]]]],
    kind: FixKind | str,
    summary: str,
    payload: Any = None,
) -> JournalEntry:
    """Write `planned` files (before → after; before None: a new file) and journal them, as one
    step under the journal lock; on failure the files are as they were."""
    changes = [
        Change(path, regs, restores, planned[path][1], planned[path][0] is None, planned[path][0])
        for path, (regs, restores) in regions.items()
    ]
    with _locked():
        state = _load()
        write_all(planned)
        try:
            entry = _record(state, changes, str(kind), summary, payload)
            _save(state)
        except OSError as exc:
            for path, (before, new) in planned.items():
                with contextlib.suppress(OSError):
                    if before is None:
                        path.unlink()
                    else:
                        atomic_write_bytes(path, before, expected=new)
            reason = exc.strerror or type(exc).__name__
            raise FixError(
                f"could not record the fix ({reason}); your files are unchanged"
            ) from None
    return entry


def apply_edits(
    root: Path | None, edits: list[FileEdit], kind: FixKind | str, summary: str
) -> JournalEntry:
    """Apply span edits to every file or to none, and journal them (`root` is informational:
    the journal is per user, keyed by absolute paths)."""
    by_file: dict[Path, list[FileEdit]] = {}
    for e in edits:
        by_file.setdefault(Path(e.path).resolve(), []).append(e)
    planned: dict[Path, tuple[bytes | None, bytes]] = {}
    regions: dict[Path, tuple[list[Region], list[list[Segment]]]] = {}
    for path, file_edits in by_file.items():
        original, new = plan_file(path, file_edits)
        ordered = sorted(file_edits, key=lambda e: (e.start, e.end))
        for e in ordered:
            ensure_no_secret(original[e.start : e.end].decode("utf-8", "replace"), _language(path))
        planned[path] = (original, new)
        regions[path] = (
            [(e.start, e.end, len(e.replacement)) for e in ordered],
            [
                [{"text": original[e.start : e.end].decode("utf-8", "surrogateescape")}]
                for e in ordered
            ],
        )
    return apply_changes(planned, regions, kind, summary)


# -- listing and undo -------------------------------------------------------------------------


def list_entries(root: Path | None = None) -> list[JournalEntry]:
    """Live entries touching files under `root` (all when None), oldest first."""
    from checks.fixes.legacy import adopt

    if root is not None and Path(root).is_dir():
        adopt(Path(root))
    with _locked():
        state = _load()
    return [e for e in state.entries if e.under(root)]


def get_entry(entry_id: str) -> JournalEntry | None:
    return next((e for e in list_entries() if e.id == entry_id), None)


def _dependents(state: _State, entry: JournalEntry) -> list[JournalEntry]:
    return [e for e in state.entries if entry.id in e.depends_on]


def _blocker(state: _State, entry: JournalEntry) -> JournalEntry | None:
    """The fix to undo before `entry`: the latest dependent that nothing depends on."""
    found: JournalEntry | None = None
    current = entry
    while True:
        later = _dependents(state, current)
        if not later:
            return found
        current = max(later, key=lambda e: e.seq)
        found = current


def blocker(entry_id: str) -> JournalEntry | None:
    """The fix that must be undone before `entry_id` ("undo that first"), or None."""
    with _locked():
        state = _load()
    entry = next((e for e in state.entries if e.id == entry_id), None)
    return _blocker(state, entry) if entry is not None else None


def _default_resolver(vault: Any) -> SecretResolver:
    def resolve(payload: dict[str, Any], name: str) -> str:
        from checks.vault import Vault

        nonlocal vault
        vault = vault or Vault()
        value: str = vault.require(str(payload["project_key"]), name)
        return value

    return resolve


def _fill(
    segments: list[Segment], span: Span, current: bytes, payload: dict[str, Any], resolve: Any
) -> bytes:
    out = bytearray()
    for seg in segments:
        if "secret" in seg:
            out += resolve(payload, str(seg["secret"])).encode("utf-8", "surrogateescape")
        elif "copy" in seg:
            a, b = int(seg["copy"][0]), int(seg["copy"][1])
            out += current[span.start + a : span.start + b]
        else:
            out += str(seg["text"]).encode("utf-8", "surrogateescape")
    return bytes(out)


def undo(
    root: Path | None = None,
    entry_id: str | None = None,
    *,
    vault: Any = None,
    resolve: SecretResolver | None = None,
) -> JournalEntry:
    """Undo one fix (default: the latest under `root`), in any order the spans allow.

    Raises UndoBlocked (naming the fix to undo first) when a later fix changed the same code,
    and FixError when a file changed by other means since the fix; nothing is written then.
    """
    from checks.fixes.legacy import adopt
    from checks.vault import VaultError

    if root is not None and Path(root).is_dir():
        adopt(Path(root))  # records of earlier versions, kept in the project
    resolve = resolve or _default_resolver(vault)
    with _locked():
        state = _load()
        candidates = [e for e in state.entries if e.under(root)]
        if entry_id is not None:
            candidates = [e for e in state.entries if e.id == entry_id]
        if not candidates:
            if entry_id is not None:
                raise FixError(f"fix {entry_id} is not in the journal (already undone?)")
            raise FixError(f"{root or 'journal'}: nothing to undo")
        entry = candidates[-1]
        first = _blocker(state, entry)
        if first is not None:
            raise UndoBlocked(entry, first)
        planned: dict[Path, tuple[bytes | None, bytes]] = {}
        file_regions: dict[str, list[Region]] = {}
        for f in entry.files:
            try:
                current = f.path.read_bytes()
            except OSError as exc:
                raise FixError(
                    f"{f.path}: {exc.strerror or 'cannot be read'}; nothing was undone"
                ) from None
            replacements: list[tuple[int, int, bytes]] = []
            for span in f.spans:
                if (
                    span.end > len(current)
                    or sha256(current[span.start : span.end]) != span.written
                ):
                    raise FixError(f"{f.path}: changed since the fix was applied; undo it by hand")
                try:
                    restored = _fill(span.restore, span, current, entry.payload, resolve)
                except (VaultError, KeyError) as exc:
                    raise FixError(
                        f"{f.path}: the keyring entry the undo needs is missing ({exc}); "
                        "nothing was undone"
                    ) from None
                if span.restored and _salted(entry.id, restored) != span.restored:
                    raise FixError(
                        f"{f.path}: the keyring entries do not rebuild the original code (a "
                        "value was changed?); nothing was undone"
                    )
                replacements.append((span.start, span.end, restored))
            planned[f.path] = (current, splice(current, replacements))
            file_regions[str(f.path)] = [(s, e, len(r)) for s, e, r in replacements]
        try:
            _move_back(state, entry, file_regions)
        except Clobbered:
            raise FixError("the fix journal does not match the files; undo by hand") from None
        write_all(planned)
        for f in entry.files:
            others = any(g.path == f.path for e in state.entries if e is not entry for g in e.files)
            if f.created and planned[f.path][1] == b"" and not others:
                with contextlib.suppress(OSError):
                    f.path.unlink()
        for folder in reversed(entry.payload.get("created_dirs", [])):
            with contextlib.suppress(OSError):
                Path(folder).rmdir()
        state.entries.remove(entry)
        _save(state)
        record_file = entry.payload.get("record")
    if record_file:  # a migration's crash-recovery record goes with it
        from checks.vault.lock import vault_lock

        with vault_lock():
            Path(record_file).unlink(missing_ok=True)
    return entry


def _move_back(state: _State, entry: JournalEntry, file_regions: dict[str, list[Region]]) -> None:
    """Move every other live span as `entry`'s spans are put back (anchors it covered return
    to where they were before it)."""
    restored = {(c.entry, c.path, c.span, c.edge): c for c in entry.clobbers}
    for other in state.entries:
        if other is entry:
            continue
        for f in other.files:
            regions = file_regions.get(str(f.path))
            if regions is None:
                continue
            posts = post_starts(regions)
            for k, span in enumerate(f.spans):
                moved = []
                for edge, point in enumerate((span.start, span.end)):
                    c = restored.get((other.id, str(f.path), k, edge))
                    if c is not None:
                        moved.append(posts[c.region] + c.offset)
                    else:
                        moved.append(shift(point, edge == 0, regions))
                span.start, span.end = moved
