"""Welcome: open the demo, a local path (with completion), a recent project or a Pipedream id."""

from __future__ import annotations

import os
import re
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.suggester import Suggester
from textual.widgets import Button, Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from checks.recent import RecentProject, load_recent
from screens.base import BaseScreen
from screens.messages import OpenDemo, OpenPaths, OpenRemote
from tui.sources import parse_workflow_id

ORG_ID = re.compile(r"^o_[A-Za-z0-9]+$")


class PathSuggester(Suggester):
    """Completes the last path component from the filesystem (folders get a trailing `/`)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, _, stem = expanded.rpartition(os.sep)
        base = Path(folder or ("/" if expanded.startswith(os.sep) else "."))
        try:
            names = sorted(
                entry.name + (os.sep if entry.is_dir() else "")
                for entry in os.scandir(base)
                if entry.name.startswith(stem)
                and (stem.startswith(".") or not entry.name.startswith("."))
            )
        except OSError:
            return None
        names = [n for n in names if n != stem]
        if not names:
            return None
        prefix = value[: len(value) - len(stem)]
        return prefix + names[0]


class WelcomeScreen(BaseScreen):
    """The first screen when stepguard starts without a PATH."""

    BINDINGS = [
        Binding("d", "open_demo", "Open demo", id="welcome.demo"),
        Binding("o", "focus_path", "Open path", id="welcome.path"),
        Binding("g", "snippets", "Snippets", id="welcome.snippets"),
        Binding("v", "vault", "Vault", id="welcome.vault"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="welcome"):
            yield Static(
                Content.from_markup(
                    "[b]stepguard[/] checks Pipedream workflows against the security best "
                    "practices — secrets, HTTPS, authentication, signatures, packages, logging — "
                    "and walks you through fixing what it finds."
                ),
                id="welcome-intro",
            )
            with Horizontal(classes="welcome-row"):
                yield Button("Open the demo project", id="open-demo", variant="primary")
                yield Static(
                    "A GitHub-Sync project with typical mistakes; stepguard works on a "
                    "writable copy, never on the original.",
                    classes="hint",
                )
            yield Label(
                "Open a project folder, a workflow folder or a step file", classes="section"
            )
            yield Input(
                placeholder="path, e.g. ~/code/my-pipedream-project  (→ completes, Enter opens)",
                suggester=PathSuggester(),
                id="path-input",
            )
            yield Label("Recent projects", classes="section")
            yield OptionList(id="recent")
            yield Label("Load a workflow from Pipedream (read-only)", classes="section")
            with Vertical(id="remote-box"):
                with Horizontal(classes="welcome-row"):
                    yield Input(placeholder="workflow id  p_…", id="remote-id")
                    yield Input(placeholder="workspace id  o_…  (optional)", id="remote-org")
                yield Static("", id="remote-status", classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._fill_recent()
        self.query_one("#remote-status", Static).update(
            "Log in once with `stepguard login` (credentials go to your keyring). Remote "
            "workflows cannot be changed through files: the wizard gives you snippets and "
            "exact steps instead."
        )
        self.query_one("#open-demo", Button).focus()

    def _fill_recent(self) -> None:
        recent = self.query_one("#recent", OptionList)
        recent.clear_options()
        items = load_recent(self.services.data_dir)
        if not items:
            recent.add_option(Option("No recent projects yet.", id="none", disabled=True))
            return
        for r in items:
            recent.add_option(Option(self._recent_label(r), id=r.path))

    def _recent_label(self, r: RecentProject) -> Content:
        where = r.path if r.is_remote else self.services.display_path(Path(r.path))
        return Content.assemble((r.label, "bold"), "  ", (where, "$text-muted"))

    # -- events --------------------------------------------------------------------------------

    @on(Button.Pressed, "#open-demo")
    def action_open_demo(self) -> None:
        self.post_message(OpenDemo())

    def action_focus_path(self) -> None:
        self.query_one("#path-input", Input).focus()

    def action_snippets(self) -> None:
        self.sg.action_open_snippets()

    def action_vault(self) -> None:
        self.sg.action_open_vault()

    def action_back(self) -> None:
        """Escape on the welcome screen leaves an input, it does not close the app."""
        self.set_focus(None)

    @on(Input.Submitted, "#path-input")
    def _open_path(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.notify("Type a path first.", severity="warning")
            return
        path = Path(os.path.expanduser(text))
        if not path.exists():
            self.sg.show_error(f"{text}: no such file or directory")
            return
        self.post_message(OpenPaths([path]))

    @on(OptionList.OptionSelected, "#recent")
    def _open_recent(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id
        if not key or key == "none":
            return
        if key.startswith("p_"):
            self.post_message(OpenRemote(key))
        elif not Path(key).exists():
            self.sg.show_error(f"{key}: no longer exists")
        else:
            self.post_message(OpenPaths([Path(key)]))

    @on(Input.Submitted, "#remote-id")
    @on(Input.Submitted, "#remote-org")
    def _open_remote(self) -> None:
        wid = self.query_one("#remote-id", Input).value.strip()
        org = self.query_one("#remote-org", Input).value.strip() or None
        if parse_workflow_id(wid) is None:
            self.sg.show_error("a workflow id looks like p_AbC123 (copy it from the workflow URL)")
            return
        if org is not None and not ORG_ID.match(org):
            self.sg.show_error("a workspace id looks like o_AbC123 (Settings → Workspace)")
            return
        self.post_message(OpenRemote(wid, org))
