"""Snippets gallery: every auth / signature snippet, Node or Python, with a live preview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.content import Content
from textual.widgets import Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from checks.errors import StepguardError
from checks.fsutil import atomic_write_text
from checks.model import Language
from checks.redact import exception_text
from checks.snippets import list_snippets, render
from screens.base import BaseScreen
from screens.code import highlight_lines
from screens.dialogs import SaveFileDialog

EXT = {"node": "mjs", "python": "py"}
LANG = {"node": Language.NODE, "python": Language.PYTHON}


def code_content(text: str, lang: str) -> Content:
    return Content("\n").join(highlight_lines(text, LANG[lang]))


class SnippetsScreen(BaseScreen):
    BINDINGS = [
        Binding("c", "copy", "Copy", id="snippets.copy"),
        Binding("s", "save", "Save", id="snippets.save"),
        Binding("l", "toggle_lang", "Node/Python", id="snippets.lang"),
        Binding("slash", "focus_env", "Env var", id="snippets.env", key_display="/"),
    ]

    def __init__(
        self, selected: str | None = None, lang: str = "node", env: str | None = None
    ) -> None:
        super().__init__()
        self.selected = selected
        self.lang = lang if lang in EXT else "node"
        self.env_override = env
        self.snippets: list[Any] = []
        self.rendered: str = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="snippets-body"):
            yield OptionList(id="snippet-list")
            with Vertical(id="snippet-main"):
                with Horizontal(id="snippet-controls"):
                    yield Label("", id="snippet-lang")
                    yield Input(
                        placeholder="environment variable holding the secret", id="snippet-env"
                    )
                yield Static(id="snippet-info")
                with ScrollableContainer(id="snippet-preview-scroll"):
                    yield Static(id="snippet-preview")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Snippets"
        self.sub_title = "authentication and webhook signatures"
        options = self.query_one("#snippet-list", OptionList)
        self.snippets = list(list_snippets())
        current_kind = None
        for s in self.snippets:
            if s.kind != current_kind:
                current_kind = s.kind
                heading = "Authentication" if s.kind == "auth" else "Webhook signatures"
                options.add_option(
                    Option(Content.styled(heading, "bold $text-accent"), disabled=True)
                )
            options.add_option(Option(s.provider, id=s.name))
        index = 1
        if self.selected:
            for i in range(options.option_count):
                if options.get_option_at_index(i).id == self.selected:
                    index = i
        options.highlighted = index
        options.focus()
        self._show(options.get_option_at_index(index).id)

    @property
    def current(self) -> Any | None:
        for s in self.snippets:
            if s.name == self.selected:
                return s
        return None

    def _show(self, name: str | None, keep_env: bool = False) -> None:
        if name is None:
            return
        self.selected = name
        snippet = self.current
        if snippet is None:
            return
        env_input = self.query_one("#snippet-env", Input)
        if not keep_env:
            with env_input.prevent(Input.Changed):
                env_input.value = self.env_override or snippet.default_env
            self.env_override = None
        self.query_one("#snippet-lang", Label).update(
            Content.assemble(
                ("Language ", "$text-muted"),
                ("Node.js" if self.lang == "node" else "Python", "bold"),
                ("  (l) ", "$text-muted"),
            )
        )
        info = [
            Content.styled(snippet.title, "bold"),
            Content.assemble(("Headers ", "$text-muted"), ", ".join(snippet.headers)),
            Content.assemble(("Docs    ", "$text-muted"), snippet.docs_url),
        ]
        if snippet.extra_env:
            info.append(
                Content.assemble(("Also reads ", "$text-muted"), ", ".join(snippet.extra_env))
            )
        info.append(
            Content.styled(
                "Add it as the first code step; c copies, s saves to a file.", "$text-muted"
            )
        )
        self.query_one("#snippet-info", Static).update(Content("\n").join(info))
        self._render_preview()

    def _render_preview(self) -> None:
        preview = self.query_one("#snippet-preview", Static)
        env = self.query_one("#snippet-env", Input).value.strip() or None
        try:
            self.rendered = render(self.selected or "", lang=self.lang, secret_env=env)
        except (StepguardError, LookupError, ValueError, OSError) as exc:
            self.rendered = ""
            preview.set_class(True, "-message")  # a sentence wraps; code does not
            preview.update(Content.styled(exception_text(exc), "$text-error"))
            return
        preview.set_class(False, "-message")
        preview.update(code_content(self.rendered, self.lang))

    @on(OptionList.OptionHighlighted, "#snippet-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self._show(event.option.id)

    @on(Input.Changed, "#snippet-env")
    def _env_changed(self) -> None:
        self._render_preview()

    def action_toggle_lang(self) -> None:
        self.lang = "python" if self.lang == "node" else "node"
        self._show(self.selected, keep_env=True)

    def action_focus_env(self) -> None:
        self.query_one("#snippet-env", Input).focus()

    def action_copy(self) -> None:
        if not self.rendered:
            self.notify("Nothing to copy: fix the variable name first.", severity="warning")
            return
        self.sg.copy_text(self.rendered, f"the {self.selected} snippet")

    def action_save(self) -> None:
        if not self.rendered:
            self.notify("Nothing to save: fix the variable name first.", severity="warning")
            return
        base = self.project.root if self.project and self.project.root.is_dir() else Path.cwd()
        name = f"{self.selected}-step.{EXT[self.lang]}"
        text = self.rendered
        self.app.push_screen(
            SaveFileDialog("Save snippet as", base, name), lambda path: self._save_to(path, text)
        )

    def _save_to(self, path: Path | None, text: str) -> None:
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(path, text)
        except OSError as exc:
            self.sg.show_error(f"could not save: {exc.strerror or exc}")
            return
        shown = self.project.display(path) if self.project else path.name
        self.notify(f"Saved snippet to {shown}", timeout=5)
