"""Insert a rendered snippet as the first step of a GitHub-Sync workflow folder, and undo that.

A synced workflow folder holds `workflow.yaml` plus one folder per code step
(`<namespace>/entry.mjs|js|py`). `insert_step` writes `<namespace>/entry.mjs` (or `entry.py`)
and adds `- namespace / runtime / uses` as the first item of `steps:` by inserting text lines,
so every other byte of the YAML stays as it was. Before touching anything it writes an undo
record (created paths, original YAML bytes, hashes of what it wrote) under
`<workflow>/.stepguard/undo/`; any failure rolls back. `undo_insert` restores byte for byte.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.error import YAMLError

from checks.fsutil import atomic_write_bytes
from checks.snippets._types import SnippetError

RUNTIMES: dict[str, tuple[str, str]] = {
    "node": ("nodejs20.x", "entry.mjs"),
    "python": ("python3.12", "entry.py"),
}
UNDO_DIR = Path(".stepguard") / "undo"
_NAMESPACE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


@dataclass(frozen=True)
class InsertResult:
    """What `insert_step` created and changed."""

    workflow_dir: Path
    namespace: str
    step_dir: Path
    entry_file: Path
    workflow_yaml: Path
    undo_record: Path
    inserted_lines: tuple[str, ...]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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


@contextlib.contextmanager
def _rollback_on_error(
    workflow_dir: Path, yaml_path: Path, original: bytes, created: list[Path]
) -> Iterator[None]:
    """Undo everything recorded in `created` (newest first) and restore the YAML on failure."""
    try:
        yield
    except BaseException as exc:
        problems: list[str] = []
        if yaml_path.read_bytes() != original:
            try:
                atomic_write_bytes(yaml_path, original)
            except OSError as restore_exc:
                problems.append(f"could not restore workflow.yaml: {restore_exc}")
        for path in reversed(created):
            try:
                if path.is_dir():
                    path.rmdir()
                elif path.exists():
                    path.unlink()
            except OSError as remove_exc:
                problems.append(f"could not remove {path}: {remove_exc}")
        note = f" (rollback incomplete: {'; '.join(problems)})" if problems else ""
        if isinstance(exc, SnippetError):
            raise SnippetError(f"{exc}{note}") from exc
        if isinstance(exc, Exception):
            raise SnippetError(f"insert failed and was rolled back: {exc}{note}") from exc
        raise


def _ensure_dirs(workflow_dir: Path, created: list[Path]) -> Path:
    """Create `.stepguard/undo/` (recording what was new) with a .gitignore so Git skips it."""
    undo_dir = workflow_dir / UNDO_DIR
    for directory in (workflow_dir / UNDO_DIR.parent, undo_dir):
        if not directory.exists():
            directory.mkdir()
            created.append(directory)
    ignore = workflow_dir / UNDO_DIR.parent / ".gitignore"
    if not ignore.exists():
        atomic_write_bytes(ignore, b"# stepguard undo records: never commit\n*\n")
        created.append(ignore)
    return undo_dir


def insert_step(workflow_dir: Path, namespace: str, code: str, lang: str) -> InsertResult:
    """Write `<namespace>/entry.*` and make it the first step of `workflow.yaml`."""
    workflow_dir = Path(workflow_dir)
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

    created: list[Path] = []
    with _rollback_on_error(workflow_dir, yaml_path, original, created):
        undo_dir = _ensure_dirs(workflow_dir, created)
        record_path = undo_dir / f"{time.time_ns():020d}-{namespace}.json"
        record = {
            "version": 1,
            "namespace": namespace,
            "workflow_yaml": "workflow.yaml",
            "original_yaml_b64": base64.b64encode(original).decode("ascii"),
            "inserted_yaml_sha256": _sha256(new_bytes),
            "created_dir": namespace,
            "created_files": {f"{namespace}/{entry.name}": _sha256(entry_bytes)},
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        atomic_write_bytes(record_path, json.dumps(record, indent=2).encode("utf-8"))
        created.append(record_path)
        step_dir.mkdir()
        created.append(step_dir)
        created.append(entry)
        atomic_write_bytes(entry, entry_bytes)
        atomic_write_bytes(yaml_path, new_bytes)
    return InsertResult(
        workflow_dir,
        namespace,
        step_dir,
        entry,
        yaml_path,
        record_path,
        tuple(line.rstrip("\r\n") for line in inserted),
    )


def _latest_record(workflow_dir: Path) -> Path:
    undo_dir = workflow_dir / UNDO_DIR
    records = sorted(undo_dir.glob("*.json")) if undo_dir.is_dir() else []
    if not records:
        raise SnippetError(f"nothing to undo in {workflow_dir} (no {UNDO_DIR}/*.json record)")
    return records[-1]


def _cleanup_undo_dirs(workflow_dir: Path) -> None:
    undo_dir = workflow_dir / UNDO_DIR
    if undo_dir.is_dir() and not any(undo_dir.iterdir()):
        undo_dir.rmdir()
    top = workflow_dir / UNDO_DIR.parent
    ignore = top / ".gitignore"
    if top.is_dir() and [p.name for p in top.iterdir()] == [".gitignore"]:
        ignore.unlink()
    if top.is_dir() and not any(top.iterdir()):
        top.rmdir()


def undo_insert(workflow_dir: Path) -> None:
    """Undo the latest `insert_step`: restore workflow.yaml byte for byte, remove the step folder.

    Refuses (SnippetError) if workflow.yaml or the step's files changed since the insert, so
    later edits are never thrown away silently.
    """
    workflow_dir = Path(workflow_dir)
    record_path = _latest_record(workflow_dir)
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
        original = base64.b64decode(record["original_yaml_b64"], validate=True)
        yaml_path = workflow_dir / record["workflow_yaml"]
        step_dir = workflow_dir / record["created_dir"]
        files = {workflow_dir / rel: digest for rel, digest in record["created_files"].items()}
    except (ValueError, KeyError, TypeError) as exc:
        raise SnippetError(f"undo record {record_path.name} is unreadable: {exc}") from exc
    if not yaml_path.is_file() or _sha256(yaml_path.read_bytes()) != record["inserted_yaml_sha256"]:
        raise SnippetError("workflow.yaml changed since the insert; revert it by hand")
    for path, digest in files.items():
        if path.is_file() and _sha256(path.read_bytes()) != digest:
            raise SnippetError(
                f"{path.relative_to(workflow_dir)} changed since the insert; revert it by hand"
            )
    extra = [p for p in step_dir.iterdir() if p not in files] if step_dir.is_dir() else []
    if extra:
        raise SnippetError(f"{step_dir.name}/ holds files stepguard did not create; revert by hand")
    atomic_write_bytes(yaml_path, original)
    for path in files:
        path.unlink(missing_ok=True)
    if step_dir.is_dir():
        step_dir.rmdir()
    record_path.unlink()
    _cleanup_undo_dirs(workflow_dir)
