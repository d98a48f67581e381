"""Secrets in a git repository's history: every commit's added lines, through git's plumbing.

One `git log --all -p --unified=0` process streams every commit's patch; the added lines of
each file in each commit are scanned with the same detectors as step code
(`checks.secrets.find_secrets`). A secret is reported once, at the first commit that added it
(ancestors first), with the number of commits that added it. Values stay in memory for the
scan; what leaves this module is their redaction and fingerprint.

A hostile repository is bounded: lines and per-file patches are read with size caps, blobs
over `max_blob` are left to git as binary, external diff and textconv drivers are off, and the
whole scan stops at a deadline (the report says it is incomplete).
"""

from __future__ import annotations

import bisect
import os
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from checks.errors import InputError
from checks.model import EXTENSION_LANGUAGE, Language, Severity
from checks.parsing import parse_code
from checks.secrets import SecretMatch, find_secrets
from checks.secrets.catalog import rotate_url

KIB = 1024
MAX_NOTES = 200  # skipped-file notes kept in a report
COMMIT_MARK = b"\x00commit "


@dataclass(frozen=True)
class HistoryLimits:
    """Bounds for one history scan (defaults suit repositories of tens of thousands of commits)."""

    max_line: int = 8 * KIB  # bytes of one added line that are scanned (the rest is skipped)
    max_patch: int = 1024 * KIB  # added bytes per file per commit that are scanned
    max_blob: int = 8 * 1024 * KIB  # larger files are treated as binary by git (not diffed)
    max_seconds: float = 600.0  # wall clock for the whole scan


@dataclass(frozen=True)
class HistorySecret:
    """One secret found in history (redacted), at the first commit that added it."""

    secret_id: str  # fingerprint of the value, as in findings' `extra.secret_id`
    redacted: str
    detector: str
    provider: str
    description: str
    kind: str
    severity: Severity
    commit: str  # full hash of the first commit that added it
    date: str  # that commit's committer date, ISO 8601 UTC
    path: str  # repository-relative path in that commit (control characters escaped)
    line: int  # line in that commit's version of the file
    commits: int  # commits whose added lines contain it
    rotate_url: str | None = None

    @property
    def message(self) -> str:
        """One line for every report format (no value, only its redaction)."""
        what = self.description[:1].upper() + self.description[1:]
        times = "1 commit" if self.commits == 1 else f"{self.commits} commits"
        where = (
            f"at {self.rotate_url}"
            if self.rotate_url
            else f"where the {self.provider} key was issued"
        )
        return (
            f"{what} first committed in {self.commit[:12]} ({self.date[:10]}), added in {times}; "
            f"it stays readable in the history: rotate it {where}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "secret_id": self.secret_id,
            "redacted": self.redacted,
            "detector": self.detector,
            "provider": self.provider,
            "description": self.description,
            "kind": self.kind,
            "severity": self.severity.label,
            "commit": self.commit,
            "date": self.date,
            "path": self.path,
            "line": self.line,
            "commits": self.commits,
            "rotate_url": self.rotate_url,
        }


@dataclass
class HistoryReport:
    """The outcome of one history scan."""

    repository: str  # the repository's top-level folder
    commits: int = 0  # commits read
    secrets: list[HistorySecret] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one-line notes on what was cut short
    stopped: str | None = None  # why the scan ended early (None: complete)
    seconds: float = 0.0

    @property
    def complete(self) -> bool:
        return self.stopped is None

    def find(self, secret_id: str) -> HistorySecret | None:
        return next((s for s in self.secrets if s.secret_id == secret_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "repository": self.repository,
            "commits": self.commits,
            "complete": self.complete,
            "stopped": self.stopped,
            "seconds": round(self.seconds, 3),
            "skipped": list(self.skipped),
            "secrets": [s.to_dict() for s in self.secrets],
        }


def scan_histories(paths: list[Path], limits: HistoryLimits | None = None) -> list[HistoryReport]:
    """One report per path (each limited to the changes under it); a path named twice is read
    once."""
    reports: dict[Path, HistoryReport] = {}
    for path in paths:
        key = path.resolve()
        if key not in reports:
            reports[key] = scan_history(key, limits)
    return list(reports.values())


# -- git ------------------------------------------------------------------------------------------


def _git_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GIT_TERMINAL_PROMPT="0",
        GIT_PAGER="cat",
        GIT_OPTIONAL_LOCKS="0",
        LC_ALL="C",
    )
    return env


def _git_base(limits: HistoryLimits) -> list[str]:
    return [
        "git",
        "--no-pager",
        "--literal-pathspecs",  # a folder named `:(exclude)…` is a folder, not pathspec magic
        "--no-replace-objects",  # refs/replace cannot swap commits out of the scan
        "-c",
        "core.quotePath=false",
        "-c",
        "core.fsmonitor=false",
        "-c",
        f"core.bigFileThreshold={max(1, limits.max_blob)}",
        "-c",
        "log.showSignature=false",
    ]


def repository_root(path: Path) -> Path:
    """The top-level folder of the git repository holding `path` (InputError if none)."""
    folder = path if path.is_dir() else path.parent
    try:
        proc = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True,
            env=_git_env(),
            timeout=30,
            check=False,
        )
    except FileNotFoundError:
        raise InputError(path, "git is not installed (needed for --history)") from None
    except subprocess.TimeoutExpired:
        raise InputError(path, "git did not answer within 30 s") from None
    if proc.returncode != 0:
        reason = _first_line(proc.stderr) or "not a git repository"
        if "not a git repository" in reason.lower():
            reason = "not a git repository"
        raise InputError(path, reason)
    return Path(proc.stdout.decode("utf-8", "surrogateescape").strip())


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip().splitlines()
    line = text[0] if text else ""
    return escape_control(line.removeprefix("fatal: "))[:200]


def escape_control(text: str) -> str:
    """Control characters as `\\xNN` (a path from a hostile repository cannot drive a terminal)."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or ch == " " else f"\\x{ord(ch):02x}" if ord(ch) < 256 else "?"
        for ch in text
    )


# -- the patch stream -----------------------------------------------------------------------------


@dataclass
class _Patch:
    """The added lines of one file in one commit."""

    commit: str
    timestamp: int
    path: str
    lines: list[bytes] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # line number of each added line
    size: int = 0
    cut: bool = False  # some added lines were not kept (size caps)
    blob: str | None = None  # set for a file git did not diff (binary, or over `max_blob`)


def _read_line(stream: IO[bytes], limit: int) -> tuple[bytes, bool] | None:
    """One line of at most `limit` bytes (without the newline), and whether it was cut."""
    line = stream.readline(limit + 1)
    if not line:
        return None
    if line.endswith(b"\n"):
        return line[:-1], False
    if len(line) <= limit:
        return line, False  # the last line, without a newline
    while True:  # drain the rest of an overlong line in bounded pieces
        rest = stream.readline(64 * KIB)
        if not rest or rest.endswith(b"\n"):
            break
    return line[:limit], True


def _hunk_start(header: bytes) -> int:
    """The new-file start line of `@@ -a,b +c,d @@`."""
    try:
        plus = header.split(b" ", 3)[2]
        return int(plus[1:].split(b",", 1)[0])
    except (IndexError, ValueError):
        return 1


def _path_of(header: bytes) -> str | None:
    """The new path of a `+++ b/path` line (None for a deletion)."""
    raw = header[4:].rstrip(b"\r")
    if raw == b"/dev/null":
        return None
    text = raw.decode("utf-8", "replace")
    if text.startswith('"') and text.endswith('"') and len(text) >= 2:
        text = text[1:-1]  # git's C quoting: escapes stay escaped (display form)
    text = text.removeprefix("b/")
    return escape_control(text)


def iter_patches(stream: IO[bytes], limits: HistoryLimits) -> Iterator[_Patch | tuple[str, int]]:
    """Parse `git log -p --unified=0` output: yields `(commit, timestamp)` at each commit and
    a `_Patch` for each file with added lines."""
    commit, timestamp = "", 0
    patch: _Patch | None = None
    in_header = False
    number = 0
    blob = ""
    while True:
        item = _read_line(stream, limits.max_line)
        if item is None:
            break
        line, cut = item
        if line.startswith(COMMIT_MARK):
            if patch is not None and patch.lines:
                yield patch
            patch = None
            fields = line[len(COMMIT_MARK) :].split()
            commit = fields[0].decode("ascii", "replace") if fields else ""
            timestamp = int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else 0
            yield commit, timestamp
            continue
        if line.startswith(b"diff --git "):
            if patch is not None and patch.lines:
                yield patch
            patch = None
            in_header = True
            blob = ""
            continue
        if in_header:
            if line.startswith(b"index "):
                blob = line[6:].split(b" ", 1)[0].partition(b"..")[2].decode("ascii", "replace")
            elif line.startswith(b"Binary files ") and line.endswith(b" differ"):
                new = line[len(b"Binary files ") : -len(b" differ")].rpartition(b" and ")[2]
                path = _path_of(b"+++ " + new)
                if path is not None and blob:
                    yield _Patch(commit, timestamp, path, blob=blob)
            elif line.startswith(b"+++ "):
                path = _path_of(line)
                patch = _Patch(commit, timestamp, path) if path is not None else None
            elif line.startswith(b"@@"):
                in_header = False
                number = _hunk_start(line)
            continue
        if line.startswith(b"@@"):
            number = _hunk_start(line)
            continue
        if line.startswith(b"+") and patch is not None:
            body = line[1:]
            if cut:
                patch.cut = True
            if patch.size + len(body) > limits.max_patch:
                patch.cut = True
            else:
                patch.lines.append(body)
                patch.numbers.append(number)
                patch.size += len(body) + 1
            number += 1
    if patch is not None and patch.lines:
        yield patch


# -- scanning -------------------------------------------------------------------------------------


@dataclass
class _Seen:
    match: SecretMatch
    commit: str
    timestamp: int
    path: str
    line: int
    commits: set[str]


def _oversize_notes(
    top: Path, undiffed: list[tuple[str, str, str]], limits: HistoryLimits
) -> list[str]:
    """Notes for the files git did not diff because they are over `max_blob` (true binaries,
    images and the like, are not secrets' usual home and are left out silently)."""
    if not undiffed:
        return []
    blobs = sorted({blob for _, _, blob in undiffed})
    try:
        proc = subprocess.run(
            [*_git_base(limits), "-C", str(top), "cat-file", "--batch-check"],
            input="\n".join(blobs).encode() + b"\n",
            capture_output=True,
            env=_git_env(),
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return [f"{len(undiffed)} files git showed as binary were not scanned"]
    sizes: dict[str, int] = {}
    for row in proc.stdout.decode("ascii", "replace").splitlines():
        parts = row.split()
        if len(parts) == 3 and parts[2].isdigit():
            sizes[parts[0]] = int(parts[2])
    mib = limits.max_blob / (1024 * KIB)
    return [
        f"{commit[:12]} {path}: larger than {mib:g} MiB, not scanned"
        for commit, path, blob in undiffed
        if sizes.get(blob, 0) > limits.max_blob
    ]


def _drain(stream: IO[bytes] | None, keep: list[bytes]) -> None:
    """Read `stream` to its end (git never blocks on a full pipe), keeping its first 4 KiB."""
    if stream is None:
        return
    size = 0
    while chunk := stream.read(4 * KIB):
        if size < 4 * KIB:
            keep.append(chunk[: 4 * KIB - size])
            size += len(keep[-1])


def _language(path: str) -> Language:
    language = EXTENSION_LANGUAGE.get(os.path.splitext(path)[1].lower(), Language.NODE)
    return Language.NODE if language is Language.TYPESCRIPT else language


def _scan_patch(patch: _Patch) -> Iterator[tuple[SecretMatch, int]]:
    """Secrets in a patch's added lines, with the line number each one is on."""
    text = b"\n".join(patch.lines).decode("utf-8", "replace")
    code = parse_code(text + "\n", _language(patch.path))
    starts: list[int] = []
    offset = 0
    for body in patch.lines:
        starts.append(offset)
        offset += len(body.decode("utf-8", "replace").encode("utf-8")) + 1
    for match in find_secrets(code):
        index = max(0, bisect.bisect_right(starts, match.start) - 1)
        yield match, patch.numbers[index]


def log_command(top: Path, spec: str, limits: HistoryLimits) -> list[str]:
    """The one `git log` whose output `iter_patches` reads: every commit of every ref, oldest
    ancestors first, the lines each added (no context), no external diff or textconv drivers."""
    return [
        *_git_base(limits),
        "-C",
        str(top),
        "log",
        "--all",
        "--topo-order",
        "--reverse",
        "-p",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--no-renames",
        "--unified=0",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        "--ignore-submodules",
        "--full-index",
        "--format=%x00commit %H %ct",
        "--",
        spec,
    ]


def scan_history(
    path: Path,
    limits: HistoryLimits | None = None,
    *,
    clock: Callable[[], float] = time.monotonic,
) -> HistoryReport:
    """Scan every commit reachable from any ref of the repository holding `path`.

    When `path` is a folder or file inside the repository, only changes under it are read.
    Raises `InputError` when `path` is not in a git repository or git fails.
    """
    limits = limits or HistoryLimits()
    path = path.resolve()
    top = repository_root(path)
    spec = os.path.relpath(path, top) if path != top else "."
    started = clock()
    report = HistoryReport(repository=escape_control(str(top)))
    args = log_command(top, spec, limits)
    try:
        proc = subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=_git_env(),
            bufsize=256 * KIB,
        )
    except FileNotFoundError:
        raise InputError(path, "git is not installed (needed for --history)") from None
    timed_out = threading.Event()

    def stop() -> None:
        timed_out.set()
        proc.kill()

    watchdog = threading.Timer(limits.max_seconds, stop)
    watchdog.daemon = True
    watchdog.start()
    stderr: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(proc.stderr, stderr), daemon=True)
    reader.start()
    seen: dict[str, _Seen] = {}
    notes: list[str] = []
    undiffed: list[tuple[str, str, str]] = []  # (commit, path, blob) git showed as binary
    try:
        assert proc.stdout is not None
        for item in iter_patches(proc.stdout, limits):
            if timed_out.is_set():
                break
            if isinstance(item, tuple):
                if clock() - started >= limits.max_seconds:
                    stop()  # the watchdog covers a git that stalls; this, a slow scan
                    break
                report.commits += 1
                continue
            if item.blob is not None:
                undiffed.append((item.commit, item.path, item.blob))
                continue
            if item.cut:
                notes.append(
                    f"{item.commit[:12]} {item.path}: added lines over the size cap were not "
                    "scanned"
                )
            for match, line in _scan_patch(item):
                entry = seen.get(match.value)
                if entry is None:
                    seen[match.value] = _Seen(
                        match, item.commit, item.timestamp, item.path, line, {item.commit}
                    )
                else:
                    entry.commits.add(item.commit)
    finally:
        watchdog.cancel()
        if proc.poll() is None and timed_out.is_set():
            proc.kill()
        proc.wait()
        reader.join(timeout=5)
    if timed_out.is_set():
        report.stopped = (
            f"stopped after {limits.max_seconds:g} s ({report.commits} commits read); "
            "the secrets listed were found in those commits"
        )
    elif proc.returncode != 0:
        reason = _first_line(b"".join(stderr)) or f"git log exited with {proc.returncode}"
        if report.commits == 0:
            raise InputError(path, f"git could not read the history: {reason}")
        report.stopped = f"git stopped: {reason}"
    notes.extend(_oversize_notes(top, undiffed, limits))
    report.skipped = notes[:MAX_NOTES]
    if len(notes) > MAX_NOTES:
        report.skipped.append(f"… and {len(notes) - MAX_NOTES} more")
    report.secrets = [
        HistorySecret(
            secret_id=s.match.secret_id,
            redacted=s.match.redacted,
            detector=s.match.detector,
            provider=s.match.provider,
            description=s.match.description,
            kind=s.match.kind.value,
            severity=s.match.severity,
            commit=s.commit,
            date=datetime.fromtimestamp(s.timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            path=s.path,
            line=s.line,
            commits=len(s.commits),
            rotate_url=rotate_url(s.match.provider),
        )
        for s in seen.values()
    ]
    report.secrets.sort(key=lambda s: (-s.severity, s.date, s.path, s.line))
    report.seconds = clock() - started
    return report
