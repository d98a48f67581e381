"""Wizard progress per project, kept in the user data dir so the wizard can resume and undo."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.fsutil import atomic_write_text
from checks.jsondata import obj
from checks.model import Category, Finding, Fix, FixKind, Severity

VERSION = 1


def progress_file(data_dir: Path, root: Path) -> Path:
    key = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return data_dir / "wizard" / f"{root.name or 'project'}-{key}.json"


@dataclass
class WizardProgress:
    """`items`: finding fingerprint → {"status": fixed|skipped|copied, "undo": token, …}.

    Holds no secret values: only statuses, kinds, variable names and undo tokens.
    """

    path: Path
    root: str
    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    position: str | None = None

    @classmethod
    def load(cls, data_dir: Path, root: Path) -> WizardProgress:
        path = progress_file(data_dir, root)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path, str(root))
        if not isinstance(doc, dict) or doc.get("version") != VERSION:
            return cls(path, str(root))
        items = obj(doc.get("items"))
        position = doc.get("position") if isinstance(doc.get("position"), str) else None
        return cls(
            path, str(root), {k: v for k, v in items.items() if isinstance(v, dict)}, position
        )

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        doc = {
            "version": VERSION,
            "root": self.root,
            "position": self.position,
            "items": self.items,
        }
        atomic_write_text(self.path, json.dumps(doc, indent=2, sort_keys=True) + "\n")

    def status(self, fingerprint: str) -> str | None:
        entry = self.items.get(fingerprint)
        return entry.get("status") if entry else None

    def mark(self, fingerprint: str, status: str, **data: Any) -> None:
        entry = self.items.setdefault(fingerprint, {})
        entry["status"] = status
        entry.update(data)
        self.save()

    def clear(self, fingerprint: str) -> None:
        self.items.pop(fingerprint, None)
        self.save()

    def entry(self, fingerprint: str) -> dict[str, Any]:
        return self.items.get(fingerprint, {})

    def move(self, fingerprint: str | None) -> None:
        self.position = fingerprint
        self.save()


def finding_snapshot(f: Finding) -> dict[str, Any]:
    """What the wizard needs to show a finding after it is gone from the scan (no values)."""
    return {
        "rule": f.rule,
        "category": f.category.value,
        "severity": f.severity.name,
        "title": f.title,
        "message": f.message,
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "workflow": f.workflow,
        "step": f.step,
        "evidence": f.evidence,
        "fix": [f.fix.kind, f.fix.summary] if f.fix else None,
        "abs_path": str(f.abs_path) if f.abs_path else None,
    }


def finding_from_snapshot(fingerprint: str, data: dict[str, Any]) -> Finding | None:
    try:
        fix = Fix(FixKind(data["fix"][0]), data["fix"][1]) if data.get("fix") else None
        return Finding(
            rule=data["rule"],
            category=Category(data["category"]),
            severity=Severity[data["severity"]],
            title=data["title"],
            message=data["message"],
            path=data["path"],
            line=int(data["line"]),
            column=int(data["column"]),
            end_line=int(data["line"]),
            end_column=int(data["column"]),
            workflow=data.get("workflow"),
            step=data.get("step"),
            evidence=data.get("evidence", ""),
            fingerprint=fingerprint,
            fix=fix,
            abs_path=Path(data["abs_path"]) if data.get("abs_path") else None,
        )
    except (KeyError, ValueError, TypeError):
        return None
