"""Result cache for repeated scans, in the spirit of ruff's: a workflow whose inputs, selected
rules and engine are all unchanged is not checked again.

One JSON file per scanned root and set of scan inputs (`checks.inputs.ScanInputs`: the rule
selection, the migrated variable names, the package verdicts), in `<cache dir>/scan/`. An entry
is keyed by a hash of the loaded workflow (every step's code, props, paths and the trigger with
its settings), so any edit, rename or `.stepguard.toml` change misses. The engine's own files
(modules, data files, parser grammars, the Python version) are part of the file name too, so
upgrading or editing stepguard starts afresh, and so does a change to any scan input. Entries
hold findings exactly as reports show them: evidence is already redacted and secrets are
identified by fingerprint, never by value. Only entries used by the latest scan are kept, so the
file never outgrows the tree.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checks.fpkey import key_id
from checks.fsutil import atomic_write_text
from checks.model import Category, Finding, Fix, FixKind, Severity, Skipped, Workflow

if TYPE_CHECKING:
    from checks.inputs import ScanInputs

FORMAT = 1
MAX_AGE_DAYS = 30  # cache files of roots not scanned for this long are removed
_ENGINE_DIR = Path(__file__).resolve().parent
_ENGINE_SUFFIXES = (".py", ".json", ".txt", ".toml")


@dataclass
class CheckedWorkflow:
    """What checking one workflow produced (`checks.engine.check_workflow`)."""

    findings: list[Finding]
    skipped: list[Skipped]
    suppressed: int


@dataclass
class ResultCache:
    """Cached `CheckedWorkflow`s of one root and set of scan inputs."""

    file: Path
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)  # as loaded
    fresh: dict[str, dict[str, Any]] = field(default_factory=dict)  # used or made by this scan
    hits: int = 0
    misses: int = 0

    @classmethod
    def open(cls, directory: Path, root: Path, inputs: ScanInputs) -> ResultCache:
        """The cache for `root` scanned with `inputs` (empty when absent or unreadable)."""
        # Secret ids in findings are keyed per user: a new key starts a new cache.
        basis = "\x1f".join(
            [str(FORMAT), engine_fingerprint(), key_id(), str(root), inputs.digest()]
        )
        name = hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        cache = cls(file=Path(directory) / "scan" / f"{name}.json")
        try:
            doc = json.loads(cache.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cache
        if isinstance(doc, dict) and doc.get("format") == FORMAT:
            entries = doc.get("entries")
            if isinstance(entries, dict):
                cache.entries = entries
        return cache

    def get(self, key: str) -> CheckedWorkflow | None:
        entry = self.entries.get(key)
        result = _decode(entry) if entry is not None else None
        if result is None:
            self.misses += 1
            return None
        self.hits += 1
        self.fresh[key] = entry  # type: ignore[assignment]
        return result

    def put(self, key: str, checked: CheckedWorkflow) -> None:
        entry = encode(checked)
        if entry is not None:
            self.fresh[key] = entry

    def save(self) -> None:
        """Write what this scan used; a failure only costs the next scan its speed."""
        if self.misses == 0 and self.fresh.keys() == self.entries.keys():
            return
        doc = {"format": FORMAT, "entries": self.fresh}
        with contextlib.suppress(OSError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.file, json.dumps(doc, separators=(",", ":")), mode=0o600)
            _prune(self.file.parent, keep=self.file)


def workflow_key(workflow: Workflow) -> str:
    """Hash of everything the rules see of `workflow` (dataclass repr: code, props, trigger…)."""
    return hashlib.sha256(repr(workflow).encode("utf-8", "surrogatepass")).hexdigest()


_ENGINE: str | None = None


def engine_fingerprint() -> str:
    """Changes whenever stepguard's code or data, the grammars or Python change."""
    global _ENGINE
    if _ENGINE is None:
        h = hashlib.sha256(sys.version.encode())
        for path in sorted(_engine_files()):
            with contextlib.suppress(OSError):
                st = path.stat()
                h.update(f"{path}\x1f{st.st_size}\x1f{st.st_mtime_ns}\n".encode())
        _ENGINE = h.hexdigest()
    return _ENGINE


def _engine_files() -> list[Path]:
    files = [
        Path(dirpath) / name
        for dirpath, dirnames, names in os.walk(_ENGINE_DIR)
        if "__pycache__" not in dirpath
        for name in names
        if name.endswith(_ENGINE_SUFFIXES)
    ]
    for module in ("tree_sitter", "tree_sitter_javascript", "tree_sitter_typescript"):
        mod = sys.modules.get(module)
        if mod is not None and getattr(mod, "__file__", None):
            files.extend(Path(mod.__file__).parent.iterdir())  # type: ignore[arg-type]
    return files


def _prune(directory: Path, keep: Path) -> None:
    cutoff = time.time() - MAX_AGE_DAYS * 86400
    with contextlib.suppress(OSError):
        for entry in os.scandir(directory):
            if entry.path != str(keep) and entry.name.endswith(".json"):
                with contextlib.suppress(OSError):
                    if entry.stat().st_mtime < cutoff:
                        os.unlink(entry.path)


# -- (de)serialisation ---------------------------------------------------------------------------


# The stored fields of a finding, in order (the fingerprint is recomputed by the engine; a
# change to `Finding` changes the engine fingerprint, so old cache files are never misread).
_FIELDS = tuple(f.name for f in dataclasses.fields(Finding) if f.name != "fingerprint")


def encode(checked: CheckedWorkflow) -> dict[str, Any] | None:
    """A JSON-ready entry, or None when a finding's `extra` would not come back identical."""
    findings = []
    for f in checked.findings:
        try:
            extra_json = json.dumps(f.extra)
        except (TypeError, ValueError):
            return None
        if json.loads(extra_json) != f.extra:
            return None  # tuples, sets or non-string keys: not worth caching, just recheck
        row = [getattr(f, name) for name in _FIELDS]
        row[_FIELDS.index("category")] = f.category.value
        row[_FIELDS.index("severity")] = int(f.severity)
        row[_FIELDS.index("fix")] = None if f.fix is None else [f.fix.kind, f.fix.summary]
        row[_FIELDS.index("abs_path")] = None if f.abs_path is None else str(f.abs_path)
        findings.append(row)
    return {
        "findings": findings,
        "skipped": [[s.path, s.reason] for s in checked.skipped],
        "suppressed": checked.suppressed,
    }


def _decode(entry: dict[str, Any]) -> CheckedWorkflow | None:
    try:
        findings = []
        for row in entry["findings"]:
            if len(row) != len(_FIELDS):
                return None
            values = dict(zip(_FIELDS, row, strict=True))
            values["category"] = Category(values["category"])
            values["severity"] = Severity(values["severity"])
            fix = values["fix"]
            values["fix"] = None if fix is None else Fix(FixKind(fix[0]), fix[1])
            path = values["abs_path"]
            values["abs_path"] = None if path is None else Path(path)
            findings.append(Finding(**values))
        skipped = [Skipped(path, reason) for path, reason in entry["skipped"]]
        return CheckedWorkflow(findings, skipped, int(entry["suppressed"]))
    except (KeyError, TypeError, ValueError):
        return None  # written by something else: treat as a miss
