"""SG701's fix: read an integrated app's credential from a connected account.

Node/TypeScript components (`export default defineComponent({…})`, `export default {…}`): an
app prop `<slug>: { type: "app", app: "<slug>" }` goes into `props` (created when missing) and
each env read of the credential becomes `this.<slug>.$auth.<field>`. Python
`def handler(pd)` steps: each env read becomes `pd.inputs["<slug>"]["$auth"]["<field>"]` (the
app is added to the step in Pipedream's builder; the code declares nothing). A top-level
statement that sets up the client with the credential (`const stripe = new Stripe(…)`,
`client = OpenAI(…)`) moves to the start of `run`/`handler`, where the account is available.

The edits are recomputed from the file as it is now (the analysis of `checks.accounts`, never
stored spans), made on tree-sitter/ast spans, parse-checked and journaled (`apply_edits`).
A shape that cannot be rewritten safely raises `FixError` with a one-line reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checks.accounts.catalog import App, apps_by_slug
from checks.accounts.suggest import Suggestion, auth_replacement, suggestions
from checks.fixes.accounts import js, py
from checks.fixes.accounts.common import Plan, TokenEdit
from checks.fixes.journal import FileEdit, FixError, JournalEntry, apply_edits, plan_file
from checks.fixes.source import file_diff, finding_code
from checks.model import Finding, FixKind
from checks.parsing import Code, parse_code

KIND = FixKind.CONNECT_ACCOUNT
RULE = "SG701"

__all__ = ["KIND", "AccountFix", "apply", "fixable", "plan", "preview"]


def fixable(finding: Finding) -> bool:
    """An SG701 finding with a file and an app this fix knows."""
    return (
        finding.rule == RULE
        and finding.abs_path is not None
        and isinstance(finding.extra.get("app"), str)
        and str(finding.extra.get("app")) in apps_by_slug()
    )


@dataclass(frozen=True)
class AccountFix:
    path: Path
    app: App
    edits: list[FileEdit]
    before: bytes
    after: bytes

    def diff(self, label: str) -> str:
        return file_diff(self.before, self.after, label)


def _suggestion(finding: Finding, code: Code) -> Suggestion:
    slug, sdk = finding.extra.get("app"), finding.extra.get("sdk", "")
    host = finding.extra.get("host")
    for sug in suggestions(code):
        if sug.app.slug == slug and sug.sdk == sdk and (sdk or sug.host == host):
            return sug
    raise FixError(f"{finding.path}:{finding.line}: the code changed since the scan; scan again")


def plan(finding: Finding) -> AccountFix:
    """The edits that fix `finding` (FixError with a one-line reason when none is safe)."""
    if not fixable(finding):
        raise FixError("not a connected-account finding this fix knows")
    path, code = finding_code(finding)
    sug = _suggestion(finding, code)
    if any(t.kind != "env" for t in sug.tokens):
        raise FixError(
            "the credential is written in the code: move it to the keyring first (it becomes "
            "an environment variable), then connect the account"
        )
    tokens = [
        TokenEdit(t.start, t.end, t.name or "", auth_replacement(code, sug.app, t, field))
        for t in sug.tokens
        for field in [sug.fields.get((t.start, t.end))]
    ]
    rewrite = js.plan if code.language.is_js else py.plan
    planned: Plan = rewrite(code, sug.app, tokens)
    edits = [
        FileEdit(path, s, e, new.encode("utf-8"), expected=code.data[s:e])
        for s, e, new in planned.edits
    ]
    before, after = plan_file(path, edits)
    check = parse_code(after.decode("utf-8"), code.language)
    if check.parse_error is not None:
        raise FixError(f"{finding.path}: the rewrite would not parse; nothing was written")
    return AccountFix(path, sug.app, edits, before, after)


def preview(finding: Finding, label: str | None = None) -> str:
    """Unified diff of the fix (code only: the credential's value is never in it)."""
    return plan(finding).diff(label or finding.path)


def apply(root: Path, finding: Finding) -> JournalEntry:
    """Rewrite the step and journal the edits (undo with `checks.fixes.journal.undo`)."""
    fix = plan(finding)
    where = f"{finding.path}:{finding.line}"
    summary = f"{RULE}: read {fix.app.name}'s credential from a connected account ({where})"
    return apply_edits(root, fix.edits, KIND, summary)
