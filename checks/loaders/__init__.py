"""Load workflows from any supported input, auto-detected from the path."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from checks.errors import InputError, UnreadableFile
from checks.fsutil import read_input_bytes
from checks.loaders.api_json import load_api_json_file
from checks.loaders.components import is_code_file, load_component_file
from checks.loaders.files import walk_tree
from checks.loaders.github_sync import WORKFLOW_FILE, is_workflow_dir, load_workflow_dir
from checks.loaders.package_json import Manifests
from checks.model import Skipped, Workflow


@dataclass
class LoadResult:
    root: Path
    workflows: list[Workflow] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    files: int = 0
    bytes: int = 0
    _manifests: dict[Path, Manifests] = field(default_factory=dict, repr=False, compare=False)

    def rel(self, path: Path) -> str:
        return relative_path(path, self.root)

    def manifests(self, root: Path) -> Manifests:
        """The package.json lookups under `root` for this load (shared by its files)."""
        found = self._manifests.get(root)
        if found is None:
            found = self._manifests[root] = Manifests(root)
        return found


def relative_path(path: Path, root: Path) -> str:
    """`path` relative to the (resolved) scan root, with "/" separators."""
    # Fast path (called for every step and finding): both are normalised absolute paths, so a
    # string prefix test is exact; pathlib's relative_to re-parses both on each call.
    text, base = str(path), str(root)
    prefix = base if base.endswith(os.sep) else base + os.sep
    if os.path.isabs(base) and text.startswith(prefix) and len(text) > len(prefix):
        rel_text = text[len(prefix) :]
        return rel_text if os.sep == "/" else rel_text.replace(os.sep, "/")
    if path.is_absolute() and path.is_relative_to(root):
        rel = path.relative_to(root)  # loaders hand out resolved paths: no syscalls needed
    else:
        try:
            rel = path.resolve().relative_to(root)
        except ValueError:
            return path.resolve().as_posix()
    text = rel.as_posix()
    return text if text != "." else path.name


def common_root(paths: list[Path]) -> Path:
    resolved = [p.resolve() for p in paths]
    dirs = [p if p.is_dir() else p.parent for p in resolved]
    return Path(os.path.commonpath([str(d) for d in dirs])) if dirs else Path.cwd()


def check_path(path: Path) -> Path:
    """Resolve an input path or raise InputError with a one-line reason."""
    try:
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        raise InputError(path, "no such file or directory") from None
    except RuntimeError:
        raise InputError(path, "symlink loop") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or "cannot be opened") from None
    if not os.access(resolved, os.R_OK):
        raise InputError(path, "permission denied")
    if resolved.is_dir() and not os.access(resolved, os.X_OK):
        raise InputError(path, "permission denied")
    if not (resolved.is_file() or resolved.is_dir()):
        raise InputError(path, "not a regular file or directory")
    if resolved.is_file() and not resolved.is_relative_to(os.path.realpath(path.parent)):
        # A symlinked file is read only where it points within its own folder (as in a scan
        # of the folder): `migrate link.js` must not rewrite a file elsewhere.
        raise InputError(path, "symlink to a file outside its folder; not read")
    return resolved


def load_paths(paths: list[Path]) -> LoadResult:
    """Load every workflow under `paths`. Raises InputError when an argument is unusable."""
    if not paths:
        raise InputError(".", "no path given")
    resolved = [check_path(p) for p in paths]
    result = LoadResult(root=common_root(resolved))
    for original, path in zip(paths, resolved, strict=True):
        if path.is_file():
            _load_explicit_file(original, path, result)
        else:
            before = len(result.workflows)
            _load_dir(path, result)
            if len(result.workflows) == before and not result.skipped:
                raise InputError(original, "no workflows, steps or component files found")
    if not result.workflows and result.skipped:
        first = result.skipped[0]
        raise InputError(first.path, first.reason)
    return result


def _count(result: LoadResult, path: Path) -> None:
    try:
        result.bytes += path.stat().st_size
    except OSError:
        return
    result.files += 1


def _load_explicit_file(original: Path, path: Path, result: LoadResult) -> None:
    try:
        if path.name == WORKFLOW_FILE:
            _load_sync_dir(path.parent, result, strict=True)
        elif path.suffix == ".json":
            result.workflows.append(load_api_json_file(path, path.parent))
            _count(result, path)
        elif is_code_file(path):
            result.workflows.append(load_component_file(path, result.rel(path), path.parent))
            _count(result, path)
        else:
            raise UnreadableFile(
                "unsupported file type (expected workflow.yaml, a workflow JSON, or a "
                ".js .mjs .cjs .ts .py .sh .go step file)"
            )
    except UnreadableFile as exc:
        raise InputError(original, exc.reason) from None


def _load_sync_dir(wdir: Path, result: LoadResult, strict: bool = False) -> set[Path]:
    """Load a GitHub-Sync workflow folder; returns the files it owns."""
    try:
        workflow, problems = load_workflow_dir(wdir)
    except UnreadableFile as exc:
        if strict:
            raise
        result.skipped.append(Skipped(result.rel(wdir / WORKFLOW_FILE), exc.reason))
        return {wdir / WORKFLOW_FILE}
    result.workflows.append(workflow)
    owned = {wdir / WORKFLOW_FILE}
    _count(result, wdir / WORKFLOW_FILE)
    for step in workflow.steps:
        if step.path is not None and step.code is not None:
            owned.add(step.path)
            _count(result, step.path)
    for path, reason in problems:
        result.skipped.append(Skipped(result.rel(path), reason))
        owned.add(path)
    return owned


@dataclass(frozen=True)
class Unit:
    """One thing to load: a GitHub-Sync workflow folder, a single file, or a refusal."""

    kind: str  # "sync" | "file" | "skip"
    path: Path
    root: Path  # the scanned folder it was found in: nothing outside it is read
    reason: str = ""  # for "skip": why it is not loaded


def discover(root: Path) -> list[Unit]:
    """What a folder holds, in load order: refusals, workflow folders, then loose files."""
    tree = walk_tree(root)
    units = [Unit("skip", path, root, reason) for path, reason in tree.problems]
    files = tree.files
    sync_dirs = sorted(
        {f.parent for f in files if f.name == WORKFLOW_FILE and is_workflow_dir(f.parent)}
    )
    owned = set(sync_dirs)
    units.extend(Unit("sync", d, root) for d in sync_dirs)
    for f in files:
        # Parent lookup in a set: O(depth) per file instead of O(workflows) path comparisons.
        if owned and any(parent in owned for parent in f.parents):
            continue
        if is_code_file(f) or f.suffix == ".json" or f.is_symlink():
            units.append(Unit("file", f, root))
    return units


def load_unit(unit: Unit, result: LoadResult) -> None:
    """Load one unit into `result`; problems become `skipped` entries, never exceptions."""
    if unit.kind == "skip":
        result.skipped.append(Skipped(result.rel(unit.path), unit.reason))
        return
    if unit.kind == "sync":
        _load_sync_dir(unit.path, result)
        return
    f = unit.path
    if f.is_symlink() and not f.exists():
        result.skipped.append(Skipped(result.rel(f), "broken symlink"))
        return
    try:
        if is_code_file(f):
            manifests = result.manifests(unit.root)
            result.workflows.append(load_component_file(f, result.rel(f), unit.root, manifests))
            _count(result, f)
        elif f.suffix == ".json" and _maybe_api_json(f, unit.root):
            result.workflows.append(load_api_json_file(f, unit.root))
            _count(result, f)
    except UnreadableFile as exc:
        result.skipped.append(Skipped(result.rel(f), exc.reason))


def _load_dir(root: Path, result: LoadResult) -> None:
    for unit in discover(root):
        load_unit(unit, result)


def _maybe_api_json(path: Path, root: Path) -> bool:
    """Cheap sniff so that package.json & co. are not reported as malformed workflows.

    True for a file that cannot be read at all (a FIFO, a device, outside `root`), so that
    loading it reports why.
    """
    if path.name in ("package.json", "package-lock.json", "tsconfig.json"):
        return False
    try:
        head = read_input_bytes(path, root, max_bytes=4096, head=True)
    except UnreadableFile:
        return True
    return b'"steps"' in head and b'"triggers"' in head
