"""Help: the keys of the screen underneath and of the app, plus how to get around."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

INTRO = (
    "stepguard reads your workflows, checks each step against six best practices and helps you "
    "fix what it finds. Walk: project → workflow → step. Fix: the wizard (w) goes through every "
    "finding that has a guided fix; you can skip and come back later — progress is kept."
)

GLOBAL_KEYS = [
    ("? / F1", "this help"),
    ("Ctrl+P", "command palette: every action by name"),
    ("Esc", "leave the input field; again: back to the previous screen"),
    ("v", "vault: the variables stepguard keeps in the keyring"),
    ("q", "quit"),
]


def _key_label(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    key = binding.key.split(",")[0]
    return {"right_square_bracket": "]", "left_square_bracket": "[", "question_mark": "?"}.get(
        key, key
    )


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss_help", "Close", id="help.close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(self._content(), id="help-text")

    def _content(self) -> Content:
        lines: list[Content] = [
            Content.styled("stepguard — help", "bold"),
            Content(""),
            Content(INTRO),
            Content(""),
        ]
        seen: set[str] = set()
        name_of = getattr(self.under, "help_name", None)
        name = name_of() if callable(name_of) else (self.under.title or "this screen")
        lines.append(Content.styled(f"Keys on this screen ({name})", "bold"))
        for binding in getattr(self.under, "BINDINGS", []):
            if not isinstance(binding, Binding) or not binding.description:
                continue
            label = _key_label(binding)
            if label in seen:
                continue
            seen.add(label)
            lines.append(
                Content.assemble((f"  {label:<10}", "bold $text-accent"), binding.description)
            )
        lines.append(Content(""))
        lines.append(Content.styled("Everywhere", "bold"))
        for key, text in GLOBAL_KEYS:
            lines.append(Content.assemble((f"  {key:<10}", "bold $text-accent"), text))
        lines.append(Content(""))
        lines.append(
            Content.styled(
                "Severity marks: ◆ critical  ● high  ▲ medium  △ low  · info", "$text-muted"
            )
        )
        lines.append(Content.styled("Press Esc to close.", "$text-muted"))
        return Content("\n").join(lines)

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
