"""Insert a rendered snippet as the first step of a GitHub-Sync workflow folder, and undo that.

A synced workflow folder holds `workflow.yaml` plus one folder per code step
(`<namespace>/entry.mjs|js|py`). `insert_step` writes `<namespace>/entry.mjs` (or `entry.py`)
and adds `- namespace / runtime / uses` as the first item of `steps:` by inserting text lines,
so every other byte of the YAML stays as it was. Both writes are journaled in the fix journal
(`checks.fixes.journal`: the inserted span, the created file and folder, hashes of what was
written); any failure rolls back. `undo_insert` restores byte for byte.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.error import YAMLError

from checks.fixes.journal import (
    FixError,
    JournalEntry,
    Segment,
    WriteFailed,
    apply_changes,
    diff_region,
    list_entries,
    undo,
)
from checks.model import FixKind
from checks.snippets._types import SnippetError

RUNTIMES: dict[str, tuple[str, str]] = {
    "node": ("nodejs20.x", "entry.mjs"),
    "python": ("python3.12", "entry.py"),
}
_NAMESPACE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


@dataclass(frozen=True)
class InsertResult:
    """What `insert_step` created and changed."""

    workflow_dir: Path
    namespace: str
    step_dir: Path
    entry_file: Path
    workflow_yaml: Path
    undo_id: str  # the fix journal entry (`checks.fixes.journal`)
    inserted_lines: tuple[str, ...]


def _load_yaml(text: str) -> Any:
    try:
        return YAML(typ="rt").load(text)
    except YAMLError as exc:
        raise SnippetError(f"workflow.yaml does not parse: {exc}") from exc


def _read_workflow(workflow_dir: Path) -> tuple[Path, bytes, str, Any]:
    path = workflow_dir / "workflow.yaml"
    if not path.is_file():
        raise SnippetError(
            f"{workflow_dir} is not a GitHub-Sync workflow folder (no workflow.yaml)"
        )
    original = path.read_bytes()
    try:
        text = original.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SnippetError("workflow.yaml is not UTF-8") from exc
    data = _load_yaml(text)
    if not isinstance(data, dict):
        raise SnippetError("workflow.yaml is not a mapping")
    return path, original, text, data


def _existing_namespaces(steps: Any) -> set[str]:
    return {
        str(step.get("namespace"))
        for step in steps or []
        if isinstance(step, dict) and "namespace" in step
    }


def _step_lines(namespace: str, lang: str, indent: str, newline: str) -> list[str]:
    runtime, entry = RUNTIMES[lang]
    return [
        f"{indent}- namespace: {namespace}{newline}",
        f"{indent}  runtime: {runtime}{newline}",
        f"{indent}  uses: ./{namespace}/{entry}{newline}",
    ]


def _dash_column(lines: list[str], line: int, col: int) -> int:
    """Column of the `-` that opens the sequence item whose content starts at (line, col)."""
    for index in range(line, -1, -1):
        prefix = lines[index][:col] if index == line else lines[index].rstrip("\r\n")
        stripped = prefix.lstrip(" ")
        if stripped.startswith("-"):
            return len(prefix) - len(stripped)
        if index != line and stripped and not stripped.startswith("#"):
            break
    raise SnippetError("could not locate the first item of steps: in workflow.yaml")


def _insertion(text: str, data: Any, namespace: str, lang: str) -> tuple[str, list[str], int]:
    """New YAML text, the inserted lines and the line index they start at."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\n"
    if "steps" not in data:
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += newline
        new = [f"steps:{newline}", *_step_lines(namespace, lang, "", newline)]
        return "".join(lines + new), new, len(lines)
    steps = data["steps"]
    key_line, key_col = data.lc.key("steps")
    if steps is None:
        indent = " " * key_col
    elif isinstance(steps, CommentedSeq) and len(steps) > 0 and not steps.fa.flow_style():
        item_line, item_col = steps.lc.item(0)
        indent = " " * _dash_column(lines, item_line, item_col)
    else:
        raise SnippetError("steps: in workflow.yaml is not a block list; add the step by hand")
    new = _step_lines(namespace, lang, indent, newline)
    at = key_line + 1
    return "".join(lines[:at] + new + lines[at:]), new, at


def _verify(new_text: str, old_data: Any, namespace: str, lang: str) -> None:
    runtime, entry = RUNTIMES[lang]
    new_data = _load_yaml(new_text)
    steps = list(new_data.get("steps") or [])
    expected = {"namespace": namespace, "runtime": runtime, "uses": f"./{namespace}/{entry}"}
    if not steps or dict(steps[0]) != expected:
        raise SnippetError("internal error: the inserted step did not parse back as the first step")
    if steps[1:] != list(old_data.get("steps") or []):
        raise SnippetError("internal error: the existing steps changed while inserting")
    others_old = {k: v for k, v in old_data.items() if k != "steps"}
    others_new = {k: v for k, v in new_data.items() if k != "steps"}
    if others_old != others_new:
        raise SnippetError("internal error: workflow.yaml changed outside steps:")


def insert_step(workflow_dir: Path, namespace: str, code: str, lang: str) -> InsertResult:
    """Write `<namespace>/entry.*` and make it the first step of `workflow.yaml`.

    Both files are written (or neither) and journaled in the fix journal: undo removes the
    inserted lines and the step folder, in any order with other fixes of the same files.
    """
    workflow_dir = Path(workflow_dir).resolve()
    if lang not in RUNTIMES:
        raise SnippetError(f"unknown language {lang!r}; choose one of: {', '.join(RUNTIMES)}")
    if not _NAMESPACE.fullmatch(namespace or ""):
        raise SnippetError(
            f"invalid step name {namespace!r}: use letters, digits and underscores, not starting "
            "with a digit (it becomes steps.<name> in later steps)"
        )
    yaml_path, original, text, data = _read_workflow(workflow_dir)
    if namespace in _existing_namespaces(data.get("steps")):
        raise SnippetError(f"workflow.yaml already has a step named {namespace!r}")
    step_dir = workflow_dir / namespace
    if step_dir.exists():
        raise SnippetError(f"{step_dir} already exists")
    new_text, inserted, _ = _insertion(text, data, namespace, lang)
    _verify(new_text, data, namespace, lang)
    new_bytes = new_text.encode("utf-8")
    entry_bytes = code.encode("utf-8")
    entry = step_dir / RUNTIMES[lang][1]
    empty: list[Segment] = [{"text": ""}]
    try:
        step_dir.mkdir()
    except OSError as exc:
        raise SnippetError(
            f"insert failed and was rolled back: {exc.strerror or exc} ({step_dir.name}/)"
        ) from None
    try:
        journal_entry = apply_changes(
            {yaml_path: (original, new_bytes), entry: (None, entry_bytes)},
            {
                yaml_path: ([diff_region(original, new_bytes)], [empty]),
                entry: ([(0, 0, len(entry_bytes))], [empty]),
            },
            FixKind.INSERT_SNIPPET,
            f"inserted step {namespace} ({lang}) into {workflow_dir.name}",
            {
                "workflow_dir": str(workflow_dir),
                "namespace": namespace,
                "created_dirs": [str(step_dir)],
            },
        )
    except FixError as exc:
        with contextlib.suppress(OSError):
            entry.unlink(missing_ok=True)
            step_dir.rmdir()
        reason = exc.reason if isinstance(exc, WriteFailed) else str(exc)
        raise SnippetError(f"insert failed and was rolled back: {reason}") from None
    return InsertResult(
        workflow_dir,
        namespace,
        step_dir,
        entry,
        yaml_path,
        journal_entry.id,
        tuple(line.rstrip("\r\n") for line in inserted),
    )


def undo_insert(workflow_dir: Path, entry_id: str | None = None) -> JournalEntry:
    """Undo an `insert_step` (default: the latest one into `workflow_dir`) through the journal.

    Refuses (SnippetError) if the inserted lines or the step's file changed since the insert,
    or if the step folder holds files stepguard did not create; a later fix that changed the
    same lines is named (undo it first).
    """
    workflow_dir = Path(workflow_dir).resolve()
    inserts = [
        e
        for e in list_entries(workflow_dir)
        if e.kind == FixKind.INSERT_SNIPPET and e.payload.get("workflow_dir") == str(workflow_dir)
    ]
    if entry_id is not None:
        inserts = [e for e in inserts if e.id == entry_id]
    if not inserts:
        raise SnippetError(f"nothing to undo in {workflow_dir} (no inserted step in the journal)")
    target = inserts[-1]
    created = {f.path for f in target.files if f.created}
    for folder in target.payload.get("created_dirs", []):
        extra = (
            [p for p in Path(folder).iterdir() if p not in created] if Path(folder).is_dir() else []
        )
        if extra:
            raise SnippetError(
                f"{folder.name}/ holds files stepguard did not create; revert by hand"
            )
    try:
        return undo(workflow_dir, target.id)
    except FixError as exc:
        message = str(exc).replace("changed since the fix was applied", "changed since the insert")
        raise SnippetError(message) from None
