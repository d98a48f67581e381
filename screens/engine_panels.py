"""Wizard panels backed by the engine's fix services: secret → keyring, http → https, logging."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from checks.errors import StepguardError, UnreadableFile
from checks.fsutil import read_input_bytes
from checks.model import Category
from checks.redact import exception_text, redact
from checks.secrets.text import known_secret_values as values_in_code
from screens.fixers import Applied, Preview
from screens.panels import AccountPanel, FixPanel, register_panel
from screens.state import Project


def known_secret_values(project: Project | None) -> list[str]:
    """Raw values of the project's secret findings and every value the detectors know in its
    steps (suppressed ones too), to scrub previews (never displayed)."""
    if project is None:
        return []
    values: set[str] = set()
    for wf in project.workflows:
        for step in wf.steps:
            if step.code is not None:
                values.update(v for v in values_in_code(step.code, step.language) if len(v) >= 6)
    for f in project.findings:
        if f.category is not Category.SECRET or f.start_byte is None or f.end_byte is None:
            continue
        for wf in project.workflows:
            for step in wf.steps:
                if step.namespace == f.step and step.path == f.abs_path and step.code is not None:
                    raw = step.code.encode("utf-8", "surrogatepass")[f.start_byte : f.end_byte]
                    value = raw.decode("utf-8", "replace").strip("\"'`")
                    if len(value) >= 6:
                        values.add(value)
    return sorted(values, key=len, reverse=True)


def scrub(text: str, project: Project | None) -> str:
    for value in known_secret_values(project):
        text = text.replace(value, redact(value))
    return text


class EnginePanel(FixPanel):
    @property
    def project(self) -> Project | None:
        return getattr(self.app, "project", None)

    @property
    def root(self) -> Path:
        project = self.project
        if project is None:
            raise LookupError("no project is open")
        return project.root

    def undo(self, undo: dict[str, Any]) -> str:
        return super().undo(undo)

    def _unavailable(self, problem: str | None, in_pipedream: str) -> str | None:
        """Why Apply is off: nothing once fixed; else the fix's own problem; else, for a
        workflow from the API (no files to write), what to do in Pipedream instead."""
        if self.record.get("status") == "fixed":
            return None
        if problem is None and not self.can_write:
            return f"This workflow came from the API: {in_pipedream}"
        return problem


class SecretPanel(EnginePanel):
    """Move one hard-coded secret into a keyring-backed environment variable."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.plan: Any | None = None
        self.sid: str | None = None
        self.problem = ""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="wizard-controls"):
            with Vertical():
                yield Label("Environment variable name (editable)")
                yield Input(id="panel-name")
            yield Button("Copy value for Pipedream", id="panel-copy-value")
        yield Static(id="panel-name-check")

    def on_mount(self) -> None:
        name_input = self.query_one("#panel-name", Input)
        migrated = self.record.get("name") if self.record.get("status") == "fixed" else None
        if migrated:
            with name_input.prevent(Input.Changed):
                name_input.value = str(migrated)
            name_input.disabled = True
            self._check(
                Content.styled(
                    f"Migrated: {migrated} is in the keyring and the code reads it from the "
                    "environment. Copy the value into Pipedream → Settings → Environment "
                    f"Variables → {migrated} "
                    "(mark it secret).",
                    "$text-success",
                )
            )
            return
        self.query_one("#panel-copy-value", Button).disabled = True
        self._make_plan()
        if self.plan is not None and self.sid is not None:
            with name_input.prevent(Input.Changed):
                name_input.value = self.plan.secret(self.sid).name
            self._validate(name_input.value)

    def _check(self, content: Content) -> None:
        self.query_one("#panel-name-check", Static).update(content)

    def _make_plan(self) -> None:
        from checks.fixes.secrets import plan_from_findings  # the vault and keyring: on demand

        project = self.project
        if project is None:
            self.problem = "no project is open"
            return
        sid = self.finding.extra.get("secret_id")
        same = [
            f
            for f in project.findings
            if f.category is Category.SECRET and sid is not None and f.extra.get("secret_id") == sid
        ] or [self.finding]
        try:
            plan = plan_from_findings(project.root, same, project.workflows)
        except (StepguardError, OSError) as exc:
            self.problem = exception_text(exc)
            return
        if not plan.secrets:
            reasons = [r.reason for r in plan.refused] or ["the secret could not be planned"]
            self.problem = f"cannot migrate automatically: {reasons[0]}"
            return
        self.plan, self.sid = plan, plan.secrets[0].secret_id

    def _validate(self, name: str) -> None:
        if self.plan is None or self.sid is None:
            return
        reason = self.plan.validate_name(name, self.sid)
        if reason:
            self.problem = reason
            self._check(Content.styled(f"✗ {reason}", "$text-error"))
        else:
            self.plan.rename(self.sid, name)
            self.problem = ""
            self._check(
                Content.styled(f"✓ {name} is a valid, unused variable name", "$text-success")
            )

    @on(Input.Changed, "#panel-name")
    def _name_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._validate(event.value.strip())
        self.changed()

    @on(Input.Submitted, "#panel-name")
    async def _name_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.screen.run_action("apply")

    def reason_unavailable(self) -> str | None:
        if self.record.get("status") == "fixed":
            return None
        if self.plan is None:
            return self.problem or "secret migration is not available"
        if not self.can_write:
            return (
                "This workflow came from the API: move the value into a Pipedream environment "
                'variable by hand and read it with process.env.NAME / os.environ["NAME"].'
            )
        return None

    def hint(self) -> str:
        if self.record.get("status") == "fixed":
            return (
                "Done. Undo puts the value back into the code; the keyring entry stays until "
                "you remove it (Vault)."
            )
        return (
            "Apply stores the value in your OS keyring, rewrites the code to read the variable, "
            "and keeps an undo record. Nothing leaves this machine."
        )

    def validate(self) -> str | None:
        return self.problem or None

    def preview(self) -> Preview | None:
        if self.record.get("status") == "fixed":
            name = self.record.get("name", "")
            return Preview(f"The code now reads {name} from the environment.", "text")
        if self.plan is None or self.sid is None:
            return Preview(self.problem or "No preview.", "text") if self.problem else None
        planned = self.plan.secret(self.sid)
        text = scrub(self.plan.preview(self.sid), self.project)
        notes = [
            f"Value {planned.redacted} → keyring entry for {planned.name}"
            + (
                f" · also used at {', '.join(planned.locations[1:])}"
                if len(planned.locations) > 1
                else ""
            )
        ]
        return Preview(text, "diff", notes)

    def actions(self) -> set[str]:
        if self.record.get("status") == "fixed":
            return set()
        if self.plan is not None and self.can_write and not self.problem:
            return {"apply"}
        return set()

    def apply_label(self) -> str:
        return "Move to keyring"

    def apply(self) -> Applied:
        from checks.fixes.secrets import apply_migration

        assert self.plan is not None and self.sid is not None
        name = self.plan.secret(self.sid).name
        result = apply_migration(self.plan)
        files = ", ".join(result.files) or "the step"
        return Applied(
            f"Stored {name} in the keyring and rewrote {files}. Next: copy the value into "
            f"Pipedream (Settings → Environment Variables → {name}, secret).",
            undo={
                "kind": "secret",
                "root": str(result.root),
                "undo_id": result.undo_id,
                "project_key": result.project_key,
                "journal_id": result.journal_id,
            },
            record={"name": name, "project_key": result.project_key},
        )

    def after_apply(self, applied: Applied) -> None:
        self.record = {**self.record, "status": "fixed", **applied.record}
        name_input = self.query_one("#panel-name", Input)
        name_input.disabled = True
        self.query_one("#panel-copy-value", Button).disabled = False
        self._check(Content.styled(applied.message, "$text-success"))

    def after_undo(self) -> None:
        self.record = {}
        self.query_one("#panel-name", Input).disabled = False
        self.query_one("#panel-copy-value", Button).disabled = True
        self._check(Content(""))
        self._make_plan()
        if self.plan is not None and self.sid is not None:
            name_input = self.query_one("#panel-name", Input)
            with name_input.prevent(Input.Changed):
                name_input.value = self.plan.secret(self.sid).name
            self._validate(name_input.value)

    def undo(self, undo: dict[str, Any]) -> str:
        if undo.get("kind") != "secret":
            return super().undo(undo)
        if undo.get("journal_id"):  # journaled: undoes in any order with the other fixes
            return super().undo({"kind": "journal", "id": undo["journal_id"]})
        from checks.fixes.secrets import undo_migration
        from checks.fixes.secrets.undo import records

        history = records(str(undo.get("project_key")))
        if history and undo.get("undo_id") and history[-1].id != undo["undo_id"]:
            raise LookupError(
                "a later secret migration exists in this project; undo that one first"
            )
        result = undo_migration(Path(undo["root"]))
        restored = ", ".join(result.files) or "nothing (files were already as before)"
        return f"Restored {restored}; the value is back in the code."

    @on(Button.Pressed, "#panel-copy-value")
    def _copy_value(self, event: Button.Pressed) -> None:
        event.stop()
        name = self.record.get("name")
        key = self.record.get("project_key")
        if not name or not key:
            self.changed("Migrate the secret first.", error=True)
            return
        try:
            from checks.vault import Vault

            value = Vault().require(str(key), str(name))
        except (StepguardError, LookupError) as exc:
            self.changed(exception_text(exc), error=True)
            return
        self.app.copy_text(value, f"the value of {name}")  # type: ignore[attr-defined]
        self.changed(
            f"Copied. In Pipedream: Settings → Environment Variables → New → {name}, paste, "
            "keep 'secret' on. Then clear your clipboard."
        )


class HttpsPanel(EnginePanel):
    @property
    def _websocket(self) -> bool:
        return str(self.finding.extra.get("https_url", "")).startswith("wss:")

    @property
    def _secure(self) -> str:
        return "wss://" if self._websocket else "https://"

    def compose(self) -> ComposeResult:
        server = "TLS (wss://)" if self._websocket else "HTTPS"
        yield Static(
            Content.styled(
                f"The URL switches to {self._secure}. Check that the server answers over "
                f"{server} before deploying (most do).",
                "$text-muted",
            )
        )

    def _available(self) -> str | None:
        from checks.fixes.https import fixable

        if not fixable(self.finding):
            return "this one cannot be rewritten mechanically; change the URL by hand"
        return None

    def reason_unavailable(self) -> str | None:
        advice = f"change the URL to {self._secure} in Pipedream's editor."
        return self._unavailable(self._available(), advice)

    def preview(self) -> Preview | None:
        if self.record.get("status") == "fixed":
            return Preview(f"The URL now uses {self._secure}.", "text")
        if self._available():
            return None
        from checks.fixes.https import plan_https

        return Preview(scrub(plan_https([self.finding], self.root).preview(), self.project), "diff")

    def actions(self) -> set[str]:
        if self.record.get("status") == "fixed" or self._available() or not self.can_write:
            return set()
        return {"apply"}

    def apply_label(self) -> str:
        return f"Switch to {self._secure.rstrip(':/')}"

    def hint(self) -> str:
        plain = "ws://" if self._websocket else "http://"
        return f"Apply rewrites {plain} to {self._secure} (atomic, parse-checked, undoable)."

    def apply(self) -> Applied:
        from checks.fixes.https import apply_https

        entry = apply_https(self.root, [self.finding])
        return Applied(
            entry.summary or f"Switched to {self._secure}.",
            undo={"kind": "journal", "root": str(self.root), "id": entry.id},
        )


class LoggingPanel(EnginePanel):
    def compose(self) -> ComposeResult:
        yield Static(
            Content.styled(
                "Pipedream keeps what steps log, export and return. The change below logs less.",
                "$text-muted",
            )
        )

    def _code(self) -> bytes | None:
        path = self.finding.abs_path
        try:
            return read_input_bytes(Path(path)) if path else None
        except UnreadableFile:
            return None

    def _problem(self) -> str | None:
        code = self._code()
        if code is None:
            return "the step's file is not available"
        from checks.fixes import logging as logfix

        try:
            logfix.edits(self.finding, code)
        except StepguardError as exc:
            return exception_text(exc)
        return None

    def reason_unavailable(self) -> str | None:
        return self._unavailable(self._problem(), "make the change in Pipedream's editor.")

    def preview(self) -> Preview | None:
        if self.record.get("status") == "fixed":
            return Preview("Applied.", "text")
        if self._problem():
            return None
        from checks.fixes import logging as logfix

        return Preview(
            scrub(logfix.preview(self.finding, self._code() or b""), self.project), "diff"
        )

    def actions(self) -> set[str]:
        if self.record.get("status") == "fixed" or self._problem() or not self.can_write:
            return set()
        return {"apply"}

    def hint(self) -> str:
        return "Apply makes the suggested change (atomic, parse-checked, undoable)."

    def apply(self) -> Applied:
        from checks.fixes import logging as logfix

        entry = logfix.apply(self.finding, root=self.root)
        return Applied(
            entry.summary or "Applied the logging fix.",
            undo={"kind": "journal", "root": str(self.root), "id": entry.id},
        )


class EditPanel(EnginePanel):
    """A small exact code edit proposed by the rule (header case, `await`, `return`)."""

    def compose(self) -> ComposeResult:
        yield Static(
            Content.styled("A one-spot change to the step's code; review the diff.", "$text-muted")
        )

    def reason_unavailable(self) -> str | None:
        return self._unavailable(None, "make the change shown below in Pipedream's editor.")

    def preview(self) -> Preview | None:
        if self.record.get("status") == "fixed":
            return Preview("The change is applied.", "text")
        from checks.fixes import replace
        from checks.fixes.journal import FixError

        try:
            return Preview(scrub(replace.preview(self.finding), self.project), "diff")
        except FixError as exc:
            return Preview(exception_text(exc), "text")

    def actions(self) -> set[str]:
        if self.record.get("status") == "fixed" or not self.can_write:
            return set()
        return {"apply"}

    def apply_label(self) -> str:
        return "Apply the change"

    def hint(self) -> str:
        return "Apply edits the file (atomic, parse-checked, undoable)."

    def apply(self) -> Applied:
        from checks.fixes import replace

        entry = replace.apply(self.root, self.finding)
        return Applied(
            entry.summary or "Applied the change.",
            undo={"kind": "journal", "root": str(self.root), "id": entry.id},
        )


class PinPanel(EnginePanel):
    """Pin an imported package to an exact version (looked up on the registry when applied)."""

    def compose(self) -> ComposeResult:
        yield Static(
            Content.styled(
                "Pipedream installs the newest release at every deploy unless the import names a "
                "version. Apply looks up the current version on the registry (unless the package "
                "audit already knows it) and pins it; review the release first.",
                "$text-muted",
            )
        )

    def _known(self) -> str | None:
        version = self.finding.extra.get("version")
        return version if isinstance(version, str) else None

    def reason_unavailable(self) -> str | None:
        return self._unavailable(None, "add the version to the import in Pipedream.")

    def preview(self) -> Preview | None:
        if self.record.get("status") == "fixed":
            return Preview("The package is pinned.", "text")
        from checks.fixes import pin
        from checks.fixes.journal import FixError

        version = self._known()
        if version is None:
            hint = self.finding.fix.summary if self.finding.fix else ""
            return Preview(f"{hint}\n(the version is looked up when you apply)", "text")
        try:
            return Preview(pin.preview(self.finding, version), "diff")
        except FixError as exc:
            return Preview(exception_text(exc), "text")

    def actions(self) -> set[str]:
        if self.record.get("status") == "fixed" or not self.can_write:
            return set()
        return {"apply"}

    def apply_label(self) -> str:
        return "Pin this version" if self._known() else "Look up and pin"

    def hint(self) -> str:
        return "Apply pins the package (atomic, parse-checked, undoable)."

    def apply(self) -> Applied:  # runs in a worker thread: the lookup may use the network
        from checks.fixes import pin
        from checks.packages.client import ClientOptions

        options = ClientOptions(**self.services.package_audit_options)
        version = self._known() or pin.latest_version(self.finding, options)
        entry = pin.apply(self.root, self.finding, version)
        return Applied(
            entry.summary or f"Pinned to {version}.",
            undo={"kind": "journal", "root": str(self.root), "id": entry.id},
        )


class ConnectAccountPanel(EnginePanel, AccountPanel):
    """SG701: rewrite the step to read the app's connected account (prop + `$auth`); when the
    shape cannot be rewritten, the reason is shown and the rewritten step can still be copied."""

    def _app_name(self) -> str:
        return str(self.finding.extra.get("app_name") or self.finding.extra.get("app") or "app")

    def _python(self) -> bool:
        return self.finding.path.endswith(".py")

    def _connect_note(self) -> str:
        from checks.rules.accounts import article

        name = self._app_name()
        account = f"{article(name)} {name} account"
        if self._python():
            return (
                f"After deploying, add the {name} app to this step in Pipedream's builder and "
                f"connect {account}: until then the step has no credential."
            )
        return (
            f"After deploying, pick or connect {account} in the step's new {name} field in "
            "Pipedream: until then the step has no credential."
        )

    def compose(self) -> ComposeResult:
        yield Static(
            Content.styled(
                f"Pipedream integrates {self._app_name()}: a connected account keeps the "
                "credential out of code and environment variables (and refreshes OAuth tokens). "
                "Apply rewrites the step to read it; you connect the account in Pipedream.",
                "$text-muted",
            )
        )

    def _problem(self) -> str | None:
        from checks.fixes import accounts

        if not accounts.fixable(self.finding):
            return "no mechanical rewrite for this finding; copy the rewritten step instead"
        try:
            accounts.plan(self.finding)
        except StepguardError as exc:
            return exception_text(exc)
        return None

    def reason_unavailable(self) -> str | None:
        return self._unavailable(self._problem(), "paste the rewritten step in Pipedream.")

    def preview(self) -> Preview | None:
        if self.record.get("status") == "fixed":
            return Preview(f"The step reads the connected account. {self._connect_note()}", "text")
        if self._problem() or not self.can_write:
            return AccountPanel.preview(self)
        from checks.fixes import accounts

        diff = accounts.preview(self.finding)
        return Preview(scrub(diff, self.project), "diff", notes=[self._connect_note()])

    def actions(self) -> set[str]:
        copy = AccountPanel.actions(self)
        if self.record.get("status") == "fixed" or self._problem() or not self.can_write:
            return copy
        return copy | {"apply"}

    def apply_label(self) -> str:
        return "Use the account"

    def hint(self) -> str:
        return (
            "Apply rewrites the step (atomic, parse-checked, undoable); then connect the "
            "account in Pipedream."
        )

    def apply(self) -> Applied:
        from checks.fixes import accounts

        entry = accounts.apply(self.root, self.finding)
        return Applied(
            f"{entry.summary}. {self._connect_note()}",
            undo={"kind": "journal", "root": str(self.root), "id": entry.id},
        )


register_panel("account", ConnectAccountPanel)
register_panel("pin", PinPanel)
register_panel("edit", EditPanel)
register_panel("secret", SecretPanel)
register_panel("https", HttpsPanel)
register_panel("logging", LoggingPanel)
