"""The opened project as the screens see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.text import Text

from checks.engine import ScanResult
from checks.escape import escape_controls
from checks.model import Finding, Workflow
from screens.summary import findings_for_workflow
from tui.watch import Stamp


@dataclass
class Project:
    paths: list[Path]
    result: ScanResult
    label: str
    display_root: str  # how the root is shown (relative, `~/…`, or fixed in tests)
    is_demo: bool = False
    remote_id: str | None = None  # `p_…` when loaded from the Pipedream API
    notes: list[str] = field(default_factory=list)
    stamp: Stamp | None = None  # sizes and mtimes of the files when `result` was scanned

    @property
    def root(self) -> Path:
        return self.result.root

    @property
    def workflows(self) -> list[Workflow]:
        return self.result.workflows

    @property
    def findings(self) -> list[Finding]:
        return self.result.findings

    def workflow_findings(self, workflow: Workflow) -> list[Finding]:
        return findings_for_workflow(self.result.findings, workflow)

    def find_workflow(self, source: Path) -> Workflow | None:
        for wf in self.result.workflows:
            if wf.source == source:
                return wf
        return None

    @property
    def can_write(self) -> bool:
        return all(wf.can_write for wf in self.result.workflows)

    def display(self, path: Path | None) -> str:
        """A path as shown on screen: relative to the project root when inside it."""
        if path is None:
            return ""
        try:
            rel = path.resolve().relative_to(self.root.resolve())
        except (ValueError, OSError):
            return escape_controls(path.name)
        text = rel.as_posix()
        return escape_controls(text) if text != "." else self.display_root


def plain_cell(text: str) -> Text:
    """A table cell for a name from the scanned files: escaped, never read as markup."""
    return Text(escape_controls(text), end="")
