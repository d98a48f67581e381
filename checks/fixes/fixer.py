"""The fix contract every mechanical fix follows: available / preview / apply / undo.

A `Fixer` handles one kind of fix (`FixKind`). `available(finding)` is None when it can fix the
finding, else a one-line reason; `preview` is a unified diff (secret values redacted); `apply`
writes and journals the fix and returns its journal entry; `undo` takes an entry id back out of
the one journal (`checks.fixes.journal`), in any order the spans allow. The CLI and the TUI both
pick fixers with `fixer_for`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from checks.errors import StepguardError
from checks.fixes import accounts, https, logging, pin, replace, verifier
from checks.fixes.journal import FixError, JournalEntry, get_entry, undo
from checks.model import Finding, FixKind, Workflow


class Fixer(Protocol):
    kind: FixKind

    def available(self, finding: Finding) -> str | None: ...

    def preview(self, finding: Finding) -> str: ...

    def apply(self, finding: Finding) -> JournalEntry: ...

    def undo(self, entry_id: str) -> JournalEntry: ...


class _JournalUndo:
    vault: Any = None

    def undo(self, entry_id: str) -> JournalEntry:
        return undo(None, entry_id, vault=self.vault)


def _reason(fn: Callable[[], object]) -> str | None:
    try:
        fn()
    except (StepguardError, OSError) as exc:
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return None


@dataclass
class HttpsFixer(_JournalUndo):
    root: Path
    kind: FixKind = FixKind.HTTPS

    def available(self, finding: Finding) -> str | None:
        if not https.fixable(finding):
            return "no http:// literal to rewrite"
        return _reason(lambda: https.plan_https([finding], self.root))

    def preview(self, finding: Finding) -> str:
        return https.plan_https([finding], self.root).preview()

    def apply(self, finding: Finding) -> JournalEntry:
        return https.apply_https(self.root, [finding])


@dataclass
class EditFixer(_JournalUndo):
    """Small exact replacements rules suggest (header case, `await`, `return`)."""

    root: Path
    kind: FixKind = FixKind.EDIT

    def available(self, finding: Finding) -> str | None:
        if not replace.is_replaceable(finding):
            return "no mechanical replacement"
        return _reason(lambda: replace.preview(finding))

    def preview(self, finding: Finding) -> str:
        return replace.preview(finding)

    def apply(self, finding: Finding) -> JournalEntry:
        return replace.apply(self.root, finding)


@dataclass
class LoggingFixer(_JournalUndo):
    root: Path
    kind: FixKind = FixKind.LOGGING

    def _code(self, finding: Finding) -> bytes:
        if finding.abs_path is None:
            raise FixError(f"{finding.path}: the file to fix is not available")
        return Path(finding.abs_path).read_bytes()

    def available(self, finding: Finding) -> str | None:
        if not finding.rule.startswith("SG6"):
            return "not a logging finding"
        return _reason(lambda: logging.edits(finding, self._code(finding)))

    def preview(self, finding: Finding) -> str:
        return logging.preview(finding, self._code(finding))

    def apply(self, finding: Finding) -> JournalEntry:
        return logging.apply(finding, root=self.root)


@dataclass
class PinFixer(_JournalUndo):
    root: Path
    version: Callable[[Finding], str] = pin.latest_version
    kind: FixKind = FixKind.PIN

    def available(self, finding: Finding) -> str | None:
        if not pin.is_pinnable(finding):
            return "not an unpinned package import"
        return _reason(lambda: pin.preview(finding, self.version(finding)))

    def preview(self, finding: Finding) -> str:
        return pin.preview(finding, self.version(finding))

    def apply(self, finding: Finding) -> JournalEntry:
        return pin.apply(self.root, finding, self.version(finding))


@dataclass
class SecretFixer(_JournalUndo):
    """Move an inline secret (every occurrence of the same value) into the keyring."""

    root: Path
    findings: Sequence[Finding] = ()  # the scan's findings (other occurrences of the value)
    workflows: Iterable[Workflow] = ()
    vault: Any = None
    manifest: Any = None
    kind: FixKind = FixKind.MIGRATE_SECRET

    def _plan(self, finding: Finding) -> Any:
        from checks.fixes.secrets import plan_from_findings

        sid = finding.extra.get("secret_id")
        same = [f for f in self.findings if sid is not None and f.extra.get("secret_id") == sid]
        plan = plan_from_findings(self.root, same or [finding], self.workflows, self.manifest)
        if not plan.secrets:
            reasons = [r.reason for r in plan.refused] or ["the secret could not be planned"]
            raise FixError(reasons[0])
        return plan

    def available(self, finding: Finding) -> str | None:
        kind = finding.fix.kind if finding.fix else ""
        if kind != FixKind.MIGRATE_SECRET or "secret_id" not in finding.extra:
            return "not an inline secret that can be moved"
        return _reason(lambda: self._plan(finding))

    def preview(self, finding: Finding) -> str:
        preview: str = self._plan(finding).preview()
        return preview

    def apply(self, finding: Finding) -> JournalEntry:
        from checks.fixes.secrets import apply_migration

        result = apply_migration(self._plan(finding), self.vault, self.manifest)
        entry = get_entry(result.journal_id) if result.journal_id else None
        if entry is None:
            raise FixError("the migration was applied but not journaled; undo it with secrets undo")
        return entry


@dataclass
class AccountFixer(_JournalUndo):
    """SG701: read an integrated app's credential from a connected account (`$auth`)."""

    root: Path
    kind: FixKind = FixKind.CONNECT_ACCOUNT

    def available(self, finding: Finding) -> str | None:
        if not accounts.fixable(finding):
            return "not a connected-account finding"
        return _reason(lambda: accounts.plan(finding))

    def preview(self, finding: Finding) -> str:
        return accounts.preview(finding)

    def apply(self, finding: Finding) -> JournalEntry:
        return accounts.apply(self.root, finding)


@dataclass
class VerifierFixer(_JournalUndo):
    """SG402/SG302: a step that only checks a signature, wrongly, becomes the tested verifier."""

    root: Path
    kind: FixKind = FixKind.REPLACE_CHECK

    def available(self, finding: Finding) -> str | None:
        if not verifier.fixable(finding):
            return "not a flawed signature check of a known provider"
        return _reason(lambda: verifier.plan(finding))

    def preview(self, finding: Finding) -> str:
        return verifier.preview(finding)

    def apply(self, finding: Finding) -> JournalEntry:
        return verifier.apply(self.root, finding)


@dataclass
class FixerSet:
    """The fixers of one project, in the order they are tried."""

    fixers: list[Fixer] = field(default_factory=list)

    def fixer_for(self, finding: Finding) -> Fixer | None:
        return next((f for f in self.fixers if f.available(finding) is None), None)


def project_fixers(
    root: Path,
    *,
    findings: Sequence[Finding] = (),
    workflows: Iterable[Workflow] = (),
    vault: Any = None,
    manifest: Any = None,
    version: Callable[[Finding], str] | None = None,
) -> FixerSet:
    """Every mechanical fixer for the project at `root`."""
    return FixerSet(
        [
            SecretFixer(root, findings, list(workflows), vault, manifest),
            EditFixer(root),
            PinFixer(root, version or pin.latest_version),
            HttpsFixer(root),
            LoggingFixer(root),
            AccountFixer(root),
            VerifierFixer(root),
        ]
    )
