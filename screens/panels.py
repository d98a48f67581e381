"""Wizard panels: one per kind of fix. Each offers a preview and some of apply / copy / save / undo.

Panels never hold a secret value in a widget: previews are redacted by the services, generated
tokens go straight to the keyring and the clipboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static

from checks.errors import StepguardError
from checks.fixes import verifier
from checks.model import Finding, Language, Workflow
from checks.redact import exception_text, redact
from checks.snippets import get_snippet, list_snippets, render
from screens import fixers
from screens.code import highlight_lines
from screens.fixers import AUTH_CHOICES, Applied, Preview
from tui.services import Services


@dataclass
class PanelChanged(Message):
    """A panel's inputs changed (refresh preview and buttons), optionally with a status line."""

    status: str = ""
    error: bool = False


@dataclass
class PanelApplied(Message):
    """A panel applied a fix by its own button (not the wizard's Apply); the wizard records it."""

    panel: FixPanel
    finding: Finding
    applied: Applied


def preview_content(preview: Preview) -> Content:
    lines: list[Content] = []
    if preview.language == "diff":
        for line in preview.text.splitlines():
            if line.startswith("+") and not line.startswith("+++"):
                lines.append(Content.styled(line, "$text-success"))
            elif line.startswith("-") and not line.startswith("---"):
                lines.append(Content.styled(line, "$text-error"))
            elif line.startswith("@@"):
                lines.append(Content.styled(line, "$text-accent"))
            else:
                lines.append(Content(line))
    elif preview.language in ("node", "python"):
        lang = Language.NODE if preview.language == "node" else Language.PYTHON
        lines.extend(highlight_lines(preview.text.rstrip("\n"), lang))
    else:
        lines.extend(Content(line) for line in preview.text.splitlines())
    for note in preview.notes:
        lines.append(Content.styled(note, "$text-muted"))
    return Content("\n").join(lines)


REPLACEABLE_CHECKS = frozenset({"SG302", "SG402"})  # flawed checks a tested first step replaces


class FixPanel(Vertical):
    """Base panel: shows the fix summary; subclasses add controls and actions."""

    DEFAULT_CSS = "FixPanel { height: auto; }"

    def __init__(
        self,
        finding: Finding,
        workflow: Workflow | None,
        services: Services,
        record: dict[str, Any],
    ) -> None:
        super().__init__()
        self.finding = finding
        self.workflow = workflow
        self.services = services
        self.record = record  # this finding's saved progress (status, undo token, names)

    def compose(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        # Runs after a subclass's own on_mount (Textual walks the MRO): its state is ready.
        self.changed()

    # What the screen asks a panel ------------------------------------------------------------
    def actions(self) -> set[str]:
        return set()

    def apply_label(self) -> str:
        return "Apply"

    def hint(self) -> str:
        return "Read the explanation, then apply, copy or skip."

    def reason_unavailable(self) -> str | None:
        return None

    def validate(self) -> str | None:
        return None

    def preview(self) -> Preview | None:
        return None

    def apply(self) -> Applied:  # runs in a worker thread
        raise LookupError("this fix cannot be applied automatically")

    def undo(self, undo: dict[str, Any]) -> str:  # runs in a worker thread
        kind = undo.get("kind")
        if kind == "journal":  # the one fix journal (checks.fixes.journal), by entry id
            from pathlib import Path

            from checks.fixes.journal import undo as journal_undo

            root = Path(undo["root"]) if undo.get("root") else None
            return f"Undone: {journal_undo(root, str(undo['id'])).summary}"
        if kind == "insert":
            return fixers.undo_insert(undo)
        if kind == "protect":
            return fixers.unmark_protected(undo)
        raise LookupError("this fix cannot be undone from here")

    def copy_payload(self) -> tuple[str, str] | None:
        return None

    def save_payload(self) -> tuple[str, str] | None:
        return None

    def after_apply(self, applied: Applied) -> None:
        pass

    def after_undo(self) -> None:
        pass

    @property
    def can_write(self) -> bool:
        return self.workflow is not None and self.workflow.can_write

    def changed(self, status: str = "", error: bool = False) -> None:
        self.post_message(PanelChanged(status, error))


class GenericPanel(FixPanel):
    def compose(self) -> ComposeResult:
        yield Static(
            Content.styled(
                "stepguard has no automatic change for this one: the fix above says what to do. "
                "Open the step (Esc, then Enter on it) to see the code.",
                "$text-muted",
            )
        )

    def hint(self) -> str:
        return "Change the code by hand, then skip to the next finding."


class ResolvedPanel(FixPanel):
    """A finding the latest scan no longer reports, though the wizard did not fix it."""

    def compose(self) -> ComposeResult:
        yield Static(
            Content.styled(
                "The code changed outside the wizard and the re-scan no longer reports this "
                "finding. Nothing to do here.",
                "$text-success",
            )
        )

    def hint(self) -> str:
        return "Fixed outside the wizard; go on with the next finding."


class SnippetPanel(FixPanel):
    """Authentication and signature fixes: choose a snippet, name its env var, insert or copy."""

    kind = "auth"

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.lang = fixers.snippet_lang(self.workflow) if self.workflow else "node"
        self.snippet: str | None = self._default_snippet()
        self.rendered = ""
        self.error = ""

    def _default_snippet(self) -> str | None:
        """The snippet the analysis identified (provider, or the rule's advice); else None: ask."""
        wanted = self.finding.extra.get("snippet") if isinstance(self.finding.extra, dict) else None
        names = [name for name, _ in self._choices()]
        return wanted if isinstance(wanted, str) and wanted in names else None

    @property
    def detected(self) -> bool:
        return self._default_snippet() is not None

    @property
    def replaces_check(self) -> bool:
        """A flawed check (SG302/SG402): a tested first step replaces it, then the old one goes."""
        return self.finding.rule in REPLACEABLE_CHECKS

    @property
    def inserts(self) -> bool:
        """A missing check, or a flawed one a tested first step replaces, can be inserted."""
        kind = self.finding.fix.kind if self.finding.fix is not None else ""
        return kind == "insert-snippet" or self.replaces_check

    def _choices(self) -> list[tuple[str, str]]:
        return AUTH_CHOICES

    def compose(self) -> ComposeResult:
        with Horizontal(classes="wizard-controls"):
            yield from self._chooser()
            with Vertical():
                yield Label("Environment variable with the secret")
                yield Input(value=self._default_env(), id="panel-env")
        with Horizontal(classes="wizard-controls"):
            yield from self._extra_buttons()
            yield Button(f"Language: {self._lang_label()}", id="panel-lang")

    def _lang_label(self) -> str:
        return "Node.js" if self.lang == "node" else "Python"

    def _chooser(self) -> ComposeResult:
        with RadioSet(id="panel-choice"):
            for key, label in self._choices():
                yield RadioButton(label, value=key == self.snippet, id=f"choice-{key}")

    def _extra_buttons(self) -> ComposeResult:
        yield Button("Generate token → keyring", id="panel-token")
        yield Button("Mark trigger as protected", id="panel-protect")

    def _default_env(self) -> str:
        if self.snippet is None:
            return ""
        replacement = self.replacement()
        if replacement is not None and replacement.snippet == self.snippet:
            return replacement.secret_env  # the variable the old check read
        try:
            return get_snippet(self.snippet).default_env
        except (StepguardError, ValueError, LookupError):
            return ""

    def replacement(self) -> verifier.Replacement | None:
        """The flawed check's step, replaceable in place by the tested verifier (None: it does
        more than the check, or it cannot be written; then Insert adds a first step)."""
        if not self.replaces_check or not self.can_write or not verifier.fixable(self.finding):
            return None
        if self.finding.extra.get("snippet") != self.snippet and self.snippet is not None:
            return None  # the user chose another scheme: insert that one instead
        try:
            replacement = verifier.plan(self.finding, self.env or None)
        except StepguardError:
            return None
        # the step's own language: the preview must be the code Replace writes
        return replacement if replacement.lang == self.lang else None

    @property
    def env(self) -> str:
        try:
            return self.query_one("#panel-env", Input).value.strip()
        except NoMatches:  # not mounted yet
            return ""

    @on(RadioSet.Changed, "#panel-choice")
    def _choice(self, event: RadioSet.Changed) -> None:
        event.stop()
        old_default = self._default_env()
        self.snippet = (event.pressed.id or "").removeprefix("choice-") or self.snippet
        env = self.query_one("#panel-env", Input)
        if env.value.strip() in ("", old_default):
            with env.prevent(Input.Changed):
                env.value = self._default_env()
        self.changed()

    @on(Input.Changed, "#panel-env")
    def _env(self, event: Input.Changed) -> None:
        event.stop()
        self.changed()

    @on(Button.Pressed, "#panel-lang")
    def _toggle_lang(self, event: Button.Pressed) -> None:
        event.stop()
        self.lang = "python" if self.lang == "node" else "node"
        event.button.label = f"Language: {self._lang_label()}"
        self.changed()

    def preview(self) -> Preview | None:
        if self.snippet is None:
            self.rendered = ""
            self.error = ""
            return Preview(self.ask_text(), "text")
        try:
            self.rendered = render(self.snippet, lang=self.lang, secret_env=self.env or None)
            self.error = ""
        except (StepguardError, ValueError, LookupError) as exc:
            self.rendered = ""
            self.error = exception_text(exc)
            return Preview(self.error, "text")
        notes = [
            f"Set {self.env} in Pipedream (Settings → Environment Variables) before deploying."
        ]
        replacement = self.replacement()
        if replacement is not None:
            notes.insert(0, self._replace_note(replacement))
        return Preview(self.rendered, self.lang, notes)

    def _replace_note(self, replacement: verifier.Replacement) -> str:
        lines = replacement.before.count(b"\n") + 1
        return (
            f"Replaces the code of {self.finding.path} ({lines} lines, the flawed check) — same "
            "step name, so later steps still read its return value (the verified payload)."
        )

    def already_first(self) -> str | None:
        """The namespace of a first step that already is this stepguard snippet, if any."""
        steps = self.workflow.steps if self.workflow is not None else []
        first = steps[0] if steps else None
        marker = f"stepguard snippet '{self.snippet}'"
        if first is not None and first.code is not None and marker in first.code[:400]:
            return first.namespace
        return None

    def actions(self) -> set[str]:
        if not self.rendered:
            return set()
        out = {"copy", "save"}
        if self.record.get("undo"):  # this item's fix is in the files already
            return out
        can_insert = (
            self.inserts
            and not self.already_first()  # one insertion per snippet: never a second copy
            and self.can_write
            and self.workflow is not None
            and fixers.workflow_dir(self.workflow)
        )
        if can_insert or self.replacement() is not None:
            out.add("apply")
        return out

    def apply_label(self) -> str:
        replaces = self.record.get("replaced") or self.replacement() is not None
        return "Replace the check" if replaces else "Insert as first step"

    def ask_text(self) -> str:
        return "Nothing in the code says which scheme the caller uses: choose one above."

    def hint(self) -> str:
        if self.snippet is None:
            return self.ask_text()
        if not self.can_write:
            return "Copy the snippet and add it as the first code step in Pipedream's editor."
        if self.already_first() and not self.replaces_check:
            return (
                f"This snippet is already the first step ({self.already_first()}); Undo removes it."
            )
        if self.record.get("replaced"):
            return "The tested verifier replaced the flawed check; Undo restores the old code."
        if self.replacement() is not None:
            step = self.finding.step or "the step"
            return (
                f"Replace swaps {step}'s code for this tested check, same step name (Undo "
                "restores it); then add ?pipedream_upload_body=1 to the URL the provider posts to."
            )
        if self.replaces_check and self.already_first():
            return (
                f"The tested check is already the first step ({self.already_first()}): delete "
                f"the flawed check from {self.finding.step or 'the step'} to clear this finding."
            )
        if self.replaces_check:
            step = self.finding.step or "the step"
            return (
                "Insert puts this tested check in a new first step (Undo removes it); then delete "
                f"the flawed check from {step} — this finding stays until you do."
            )
        if not self.inserts:
            return (
                "Fix the check by hand as described above, or replace it with this tested "
                "snippet (copy or save it)."
            )
        return "Insert puts the snippet in a new first step of this workflow; Undo removes it."

    def validate(self) -> str | None:
        if self.snippet is None:
            return self.ask_text()
        return self.error or None

    def namespace(self) -> str:
        return "authenticate" if self.kind == "auth" else "verify_signature"

    def apply(self) -> Applied:
        assert self.workflow is not None
        if self.replacement() is not None:
            return self._replace()
        applied = fixers.insert_snippet(self.workflow, self.namespace(), self.rendered, self.lang)
        applied.record = {"snippet": self.snippet, "env": self.env}
        return applied

    def _replace(self) -> Applied:
        assert self.workflow is not None
        source = self.workflow.source
        root = source if source.is_dir() else source.parent
        entry = verifier.apply(root, self.finding, self.env or None)
        return Applied(
            f"Replaced the check in {self.finding.path} with the tested verifier (reads "
            f"{self.env}). Next: add ?pipedream_upload_body=1 to the URL the provider posts "
            "to, so the step gets the raw body it checks.",
            undo={"kind": "journal", "root": str(root), "id": entry.id},
            record={"snippet": self.snippet, "env": self.env, "replaced": True},
        )

    def copy_payload(self) -> tuple[str, str] | None:
        return (self.rendered, f"the {self.snippet} snippet") if self.rendered else None

    def save_payload(self) -> tuple[str, str] | None:
        ext = "mjs" if self.lang == "node" else "py"
        return (
            (f"{self.namespace()}-{self.snippet}.{ext}", self.rendered) if self.rendered else None
        )

    # -- token & protection ---------------------------------------------------------------------

    @on(Button.Pressed, "#panel-token")
    def _token(self, event: Button.Pressed) -> None:
        event.stop()
        name = self.env
        if not name:
            self.changed("Name the environment variable first.", error=True)
            return
        from checks.vault import Vault, project_key  # keyring: imported when used

        token = self.services.new_token()
        root = self.workflow.source.parent if self.workflow else None
        try:
            key = project_key(root) if root is not None else "stepguard"
            Vault().store(key, name, token)
        except (StepguardError, OSError) as exc:
            self.changed(f"could not store the token: {exception_text(exc)}", error=True)
            return
        self.app.copy_text(token, f"the new token for {name}")  # type: ignore[attr-defined]
        self.changed(
            f"Stored a new token as {name} in the keyring ({redact(token)}) and copied it: "
            f"paste it into Pipedream's {name} variable and give it to the caller."
        )

    @on(Button.Pressed, "#panel-protect")
    def _protect(self, event: Button.Pressed) -> None:
        event.stop()
        if self.workflow is None:
            return
        try:
            applied = fixers.mark_protected(self.workflow)
        except (StepguardError, LookupError, OSError) as exc:
            self.changed(exception_text(exc), error=True)
            return
        self.post_message(PanelApplied(self, self.finding, applied))


class SignaturePanel(SnippetPanel):
    kind = "signature"

    def _choices(self) -> list[tuple[str, str]]:
        return [(s.name, s.provider) for s in list_snippets() if s.kind == "signature"]

    def _chooser(self) -> ComposeResult:
        with Vertical():
            if self.detected:
                yield Label("Provider (detected from the code; change it if wrong)")
                yield Select(
                    self._select_options(),
                    value=self.snippet,
                    allow_blank=False,
                    id="panel-provider",
                )
            else:
                yield Label("Provider (not detected: which service sends these webhooks?)")
                yield Select(
                    self._select_options(), prompt="Choose the provider", id="panel-provider"
                )

    def ask_text(self) -> str:
        return "stepguard could not tell which provider signs these webhooks: choose it above."

    def _select_options(self) -> list[tuple[str, str]]:
        return [(label, key) for key, label in self._choices()]

    def _extra_buttons(self) -> ComposeResult:
        yield from ()

    @on(Select.Changed, "#panel-provider")
    def _provider(self, event: Select.Changed) -> None:
        event.stop()
        if not isinstance(event.value, str):
            return
        old_default = self._default_env()
        self.snippet = event.value
        env = self.query_one("#panel-env", Input)
        if env.value.strip() in ("", old_default):
            with env.prevent(Input.Changed):
                env.value = self._default_env()
        self.changed()


class AccountPanel(FixPanel):
    """Connected-account suggestion: the rewritten step, to paste in Pipedream."""

    def _code(self) -> str:
        extra = self.finding.extra if isinstance(self.finding.extra, dict) else {}
        for key in ("snippet", "rewrite", "suggestion", "code"):
            value = extra.get(key)
            if isinstance(value, str) and "\n" in value.strip():
                return value
        return ""

    def compose(self) -> ComposeResult:
        yield Static(
            Content.styled(
                "Connect the app in Pipedream (Accounts → Connect an app), then replace the "
                "step with "
                "the version below: it reads the credential from the connected account.",
                "$text-muted",
            )
        )

    def preview(self) -> Preview | None:
        code = self._code()
        if not code:
            return Preview(self.finding.fix.summary if self.finding.fix else "", "text")
        lang = "python" if self.finding.path.endswith(".py") else "node"
        return Preview(code, lang)

    def actions(self) -> set[str]:
        return {"copy", "save"} if self._code() else set()

    def copy_payload(self) -> tuple[str, str] | None:
        code = self._code()
        return (code, "the rewritten step") if code else None

    def save_payload(self) -> tuple[str, str] | None:
        code = self._code()
        ext = "py" if self.finding.path.endswith(".py") else "mjs"
        return (f"{self.finding.step or 'step'}-connected-account.{ext}", code) if code else None


PANELS: dict[str, type[FixPanel]] = {
    "generic": GenericPanel,
    "auth": SnippetPanel,
    "signature": SignaturePanel,
    "account": AccountPanel,
}


def register_panel(kind: str, panel: type[FixPanel]) -> None:
    PANELS[kind] = panel
