"""Replace a step whose only job is a flawed signature check with stepguard's tested verifier.

A check over re-serialised JSON (SG402) or with a plain `===` on digests (SG302) is wrong as a
whole: the provider signed the raw bytes, and the parsed body cannot give them back. When the
step does nothing but that check — it reads the request, computes the digest, ends the workflow
when they differ and returns the request body (`checks.fixes.verifier.js`, `.py`) — the tested
verifier of the provider (`checks.snippets`) takes its place in the same file. The step keeps
its name, so later steps that read `steps.<name>.$return_value` get the verified payload as
before, and the HMAC key keeps the environment variable the old code read. The file is replaced
in one journaled edit (undo restores it byte for byte); the raw body still has to reach the
workflow (`?pipedream_upload_body=1`), which the verifier's header and the fix's message say.

Anything else in the step (a request, a log of data, an export, helpers, props) and the fix
refuses with the line that holds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checks.errors import StepguardError
from checks.fixes.journal import (
    FileEdit,
    FixError,
    JournalEntry,
    apply_edits,
    ensure_no_secret,
    plan_file,
)
from checks.fixes.source import file_diff, finding_code
from checks.fixes.verifier import js, py
from checks.model import Finding, FixKind, Language
from checks.snippets import get_snippet, render

KIND = FixKind.REPLACE_CHECK
RULES = frozenset({"SG302", "SG402"})

__all__ = ["KIND", "RULES", "Replacement", "apply", "fixable", "plan", "preview"]


def _snippet(finding: Finding) -> str | None:
    name = finding.extra.get("snippet")
    if not isinstance(name, str):
        return None
    try:
        get_snippet(name)
    except (StepguardError, LookupError, ValueError):
        return None
    return name


def fixable(finding: Finding) -> bool:
    """A flawed signature check of a known provider, in a file."""
    return finding.rule in RULES and finding.abs_path is not None and _snippet(finding) is not None


@dataclass(frozen=True)
class Replacement:
    path: Path
    snippet: str
    lang: str  # "node" | "python"
    secret_env: str
    edit: FileEdit
    before: bytes
    after: bytes

    def diff(self, label: str) -> str:
        return file_diff(self.before, self.after, label)


def plan(finding: Finding, secret_env: str | None = None) -> Replacement:
    """The replacement for `finding`'s step (FixError with a one-line reason when the step does
    more than the check, or the file cannot be rewritten). `secret_env` overrides the variable
    the old code read."""
    snippet = _snippet(finding)
    if finding.rule not in RULES or snippet is None:
        raise FixError("not a flawed signature check of a provider stepguard has a verifier for")
    path, code = finding_code(finding)
    if code.language is Language.TYPESCRIPT:
        raise FixError("a TypeScript step: paste the tested verifier in by hand")
    lang = "node" if code.language.is_js else "python"
    found = js.recognise(code) if lang == "node" else py.recognise(code)
    ensure_no_secret(code.text, code.language)  # the diff and the journal would copy it
    env = secret_env or found or get_snippet(snippet).default_env
    try:
        rendered = render(snippet, lang=lang, secret_env=env)
    except (StepguardError, ValueError) as exc:
        raise FixError(str(exc).splitlines()[0]) from None
    edit = FileEdit(path, 0, len(code.data), rendered.encode("utf-8"), expected=code.data)
    before, after = plan_file(path, [edit])
    return Replacement(path, snippet, lang, env, edit, before, after)


def preview(finding: Finding, label: str | None = None) -> str:
    """Unified diff of the replacement."""
    return plan(finding).diff(label or finding.path)


def apply(root: Path, finding: Finding, secret_env: str | None = None) -> JournalEntry:
    """Replace the step's file with the tested verifier and journal it (undo restores it)."""
    fix = plan(finding, secret_env)
    step = finding.step or finding.path
    summary = (
        f"{finding.rule}: replaced the signature check in {step} with stepguard's tested "
        f"{fix.snippet} verifier"
    )
    return apply_edits(root, [fix.edit], KIND, summary)
