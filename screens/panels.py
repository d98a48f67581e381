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
from textual.message import Message
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static

from checks.errors import StepguardError
from checks.model import Finding, Language, Workflow
from checks.redact import redact
from screens import fixers
from screens.code import highlight_lines
from screens.fixers import AUTH_CHOICES, Applied, Preview
from tui.services import Services


@dataclass
class PanelChanged(Message):
    """A panel's inputs changed (refresh preview and buttons), optionally with a status line."""

    status: str = ""
    error: bool = False


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


class SnippetPanel(FixPanel):
    """Authentication and signature fixes: choose a snippet, name its env var, insert or copy."""

    kind = "auth"

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.lang = fixers.snippet_lang(self.workflow) if self.workflow else "node"
        self.snippet = self._default_snippet()
        self.rendered = ""
        self.error = ""

    def _default_snippet(self) -> str:
        wanted = self.finding.extra.get("snippet") if isinstance(self.finding.extra, dict) else None
        names = [name for name, _ in self._choices()]
        if isinstance(wanted, str) and wanted in names:
            return wanted
        return "bearer" if "bearer" in names else (names[0] if names else "bearer")

    @property
    def inserts(self) -> bool:
        """Only a missing check is fixed by inserting a step; a flawed one is replaced by hand."""
        return self.finding.fix is not None and self.finding.fix.kind == "insert-snippet"

    def _choices(self) -> list[tuple[str, str]]:
        return AUTH_CHOICES

    def compose(self) -> ComposeResult:
        mod = self.services.snippets()
        if mod is None:
            yield Static("Snippets are not available in this build.", classes="note")
            return
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
        mod = self.services.snippets()
        try:
            return mod.get_snippet(self.snippet).default_env if mod else ""
        except (StepguardError, ValueError, LookupError):
            return ""

    @property
    def env(self) -> str:
        try:
            return self.query_one("#panel-env", Input).value.strip()
        except Exception:  # not mounted (no snippets module)
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
        if self.services.snippets() is None:
            return None
        try:
            self.rendered = self.services.render_snippet(
                self.snippet, lang=self.lang, secret_env=self.env or None
            )
            self.error = ""
        except (StepguardError, ValueError, LookupError) as exc:
            self.rendered = ""
            self.error = str(exc).splitlines()[0]
            return Preview(self.error, "text")
        notes = [
            f"Set {self.env} in Pipedream (Settings → Environment Variables) before deploying."
        ]
        return Preview(self.rendered, self.lang, notes)

    def actions(self) -> set[str]:
        if not self.rendered:
            return set()
        out = {"copy", "save"}
        if (
            self.inserts
            and self.can_write
            and fixers.workflow_dir(self.workflow)
            and not fixers.insert_available()
        ):
            out.add("apply")
        return out

    def apply_label(self) -> str:
        return "Insert as first step"

    def hint(self) -> str:
        if not self.can_write:
            return "Copy the snippet and add it as the first code step in Pipedream's editor."
        if not self.inserts:
            return (
                "Fix the check by hand as described above, or replace it with this tested "
                "snippet (copy or save it)."
            )
        reason = fixers.insert_available()
        if reason:
            return reason
        return "Insert puts the snippet in a new first step of this workflow; Undo removes it."

    def validate(self) -> str | None:
        return self.error or None

    def namespace(self) -> str:
        return "authenticate" if self.kind == "auth" else "verify_signature"

    def apply(self) -> Applied:
        assert self.workflow is not None
        applied = fixers.insert_snippet(self.workflow, self.namespace(), self.rendered, self.lang)
        applied.record = {"snippet": self.snippet, "env": self.env}
        return applied

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
        vault = self._vault()
        if vault is None:
            self.changed("The keyring vault is not available in this build.", error=True)
            return
        token = self.services.new_token()
        try:
            key = self._project_key()
            vault.store(key, name, token)
        except (StepguardError, OSError) as exc:
            self.changed(f"could not store the token: {str(exc).splitlines()[0]}", error=True)
            return
        self.app.copy_text(token, f"the new token for {name}")  # type: ignore[attr-defined]
        self.changed(
            f"Stored a new token as {name} in the keyring ({redact(token)}) and copied it: "
            f"paste it into Pipedream's {name} variable and give it to the caller."
        )

    def _vault(self) -> Any | None:
        mod = self.services.vault_module()
        if mod is None:
            return None
        vault_cls = getattr(mod, "Vault", None)
        if vault_cls is None:
            return mod  # an injected vault object with store(project_key, name, value)
        return vault_cls()

    def _project_key(self) -> str:
        mod = self.services.vault_module()
        fn = getattr(mod, "project_key", None)
        root = self.workflow.source.parent if self.workflow else None
        if fn is None or root is None:
            return "stepguard"
        return fn(root)

    @on(Button.Pressed, "#panel-protect")
    def _protect(self, event: Button.Pressed) -> None:
        event.stop()
        if self.workflow is None:
            return
        reason = fixers.protect_available()
        if reason:
            self.changed(reason, error=True)
            return
        try:
            applied = fixers.mark_protected(self.workflow)
        except (StepguardError, LookupError, OSError) as exc:
            self.changed(str(exc).splitlines()[0], error=True)
            return
        screen = self.screen
        if hasattr(screen, "_applied"):
            screen._applied(self.finding, applied)


class SignaturePanel(SnippetPanel):
    kind = "signature"

    def _choices(self) -> list[tuple[str, str]]:
        mod = self.services.snippets()
        if mod is None:
            return []
        return [(s.name, s.provider) for s in mod.list_snippets() if s.kind == "signature"]

    def _chooser(self) -> ComposeResult:
        with Vertical():
            yield Label("Provider (detected from the code; change it if wrong)")
            yield Select(
                self._select_options(), value=self.snippet, allow_blank=False, id="panel-provider"
            )

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
