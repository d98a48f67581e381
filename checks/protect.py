"""Mark a GitHub-Sync workflow's HTTP trigger as protected in `.stepguard.toml`.

The synced `workflow.yaml` does not record the trigger's own Authorization setting, so a user who
has set it to a custom token or OAuth tells stepguard here (`[trigger] protected = true`). The file
is edited line by line so that everything else in it stays as it was, then re-parsed to verify the
result before it is written atomically and journaled in the fix journal. `undo_mark` restores
the previous state.
"""

from __future__ import annotations

import contextlib
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checks.errors import InputError, UnreadableFile
from checks.fixes.journal import FixError, WriteFailed, apply_changes, diff_region, undo
from checks.fsutil import atomic_write_bytes, read_input_bytes, read_input_text
from checks.loaders.github_sync import LOCAL_SETTINGS, WORKFLOW_FILE
from checks.model import FixKind
from checks.parse_errors import toml_error_reason

_TABLE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_TRIGGER_TABLE = re.compile(r"^\s*\[\s*(trigger|\"trigger\"|'trigger')\s*\]\s*(#.*)?$")
_PROTECTED = re.compile(r"^(\s*(?:protected|\"protected\"|'protected')\s*=\s*)(true|false)?(.*)$")


@dataclass(frozen=True)
class MarkResult:
    path: Path
    before: bytes | None  # None: the file did not exist
    after: bytes
    changed: bool
    undo_id: str | None = None  # the fix journal entry (`checks.fixes.journal`)


def settings_path(workflow_dir: Path) -> Path:
    return Path(workflow_dir) / LOCAL_SETTINGS


def is_marked_protected(workflow_dir: Path) -> bool:
    path = settings_path(workflow_dir)
    try:
        data = tomllib.loads(read_input_text(path, Path(workflow_dir)))
    except (UnreadableFile, tomllib.TOMLDecodeError):
        return False
    section = data.get("trigger")
    return isinstance(section, dict) and section.get("protected") is True


def mark_protected(workflow_dir: Path, protected: bool = True) -> MarkResult:
    """Write `[trigger] protected = <protected>` to the workflow's `.stepguard.toml`.

    Raises InputError (one-line message) when the folder is not a GitHub-Sync workflow or the
    existing file cannot be read or edited safely; the file is then left untouched.
    """
    wdir = Path(workflow_dir)
    if not (wdir / WORKFLOW_FILE).is_file():
        raise InputError(wdir, f"not a GitHub-Sync workflow folder (no {WORKFLOW_FILE})")
    path = settings_path(wdir)
    before: bytes | None = None
    if os.path.lexists(path):
        try:
            before = read_input_bytes(path, wdir)  # regular file inside the folder, capped
            text = before.decode("utf-8")
            original = tomllib.loads(text)
        except UnreadableFile as exc:
            raise InputError(path, exc.reason) from None
        except UnicodeDecodeError:
            raise InputError(path, "not UTF-8 text; fix or remove it first") from None
        except tomllib.TOMLDecodeError as exc:
            reason = toml_error_reason(exc)  # never the library's text: it may quote values
            raise InputError(path, f"{reason}; fix or remove it first") from None
    else:
        text, original = "", {}
    new_text = _set_protected(text, protected)
    expected = _expected(original, protected)
    try:
        parsed = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError:
        parsed = None
    if parsed != expected:
        raise InputError(
            path, "cannot update [trigger] protected safely (unusual layout); edit it by hand"
        )
    data = new_text.encode("utf-8")
    if before == data:
        return MarkResult(path, before, data, changed=False)
    start, end, size = diff_region(before or b"", data)
    old = (before or b"")[start:end].decode("utf-8")
    try:
        entry = apply_changes(
            {path: (before, data)},
            {path: ([(start, end, size)], [[{"text": old}]])},
            FixKind.PROTECT,
            f"marked the trigger of {wdir.name} as {'' if protected else 'not '}protected",
        )
    except WriteFailed as exc:
        raise InputError(path, f"cannot write: {exc.reason}") from None
    except FixError as exc:
        raise InputError(path, str(exc)) from None
    return MarkResult(path, before, data, changed=True, undo_id=entry.id)


def undo_mark(result: MarkResult) -> None:
    """Put `.stepguard.toml` back as it was before `mark_protected` (if nobody changed it since)."""
    if not result.changed:
        return
    if result.undo_id is not None:  # through the journal: in any order with other fixes
        try:
            undo(None, result.undo_id)
        except FixError as exc:
            reason = str(exc).replace(
                "changed since the fix was applied", "changed since it was marked"
            )
            raise InputError(result.path, f"{reason}; not undoing") from None
        return
    try:
        current = result.path.read_bytes()
    except FileNotFoundError:
        current = None
    if current != result.after:
        raise InputError(result.path, "changed since it was marked; not undoing")
    if result.before is None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(result.path)
        return
    atomic_write_bytes(result.path, result.before)


def _expected(original: dict[str, Any], protected: bool) -> dict[str, Any]:
    out = dict(original)
    section = dict(out.get("trigger", {})) if isinstance(out.get("trigger", {}), dict) else {}
    section["protected"] = protected
    out["trigger"] = section
    return out


def _set_protected(text: str, protected: bool) -> str:
    value = "true" if protected else "false"
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    start = next(
        (i for i, line in enumerate(lines) if _TRIGGER_TABLE.match(line.rstrip("\r\n"))), None
    )
    if start is None:
        prefix = text
        if prefix and not prefix.endswith(("\n", "\r")):
            prefix += newline
        if prefix.strip():
            prefix += newline
        return f"{prefix}[trigger]{newline}protected = {value}{newline}"
    end = len(lines)
    for j in range(start + 1, len(lines)):
        if _TABLE.match(lines[j].rstrip("\r\n")) or lines[j].lstrip().startswith("[["):
            end = j
            break
    for j in range(start + 1, end):
        body = lines[j].rstrip("\r\n")
        eol = lines[j][len(body) :]
        m = _PROTECTED.match(body)
        if m:
            rest = m.group(3) if m.group(2) else _comment_only(m.group(3))
            lines[j] = f"{m.group(1)}{value}{rest}{eol or newline}"
            return "".join(lines)
    eol = lines[start][len(lines[start].rstrip("\r\n")) :] or newline
    if not lines[start].endswith(("\n", "\r")):
        lines[start] += eol
    lines.insert(start + 1, f"protected = {value}{eol}")
    return "".join(lines)


def _comment_only(rest: str) -> str:
    """Keep a trailing comment when replacing a non-boolean value (`protected = "yes"  # note`)."""
    idx = rest.find("#")
    return f"  {rest[idx:]}" if idx != -1 and rest[:idx].count('"') % 2 == 0 else ""
