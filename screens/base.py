"""Shared bits of every stepguard screen."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Select, TextArea

from screens.state import Project

if TYPE_CHECKING:
    from tui.app import StepguardApp
    from tui.services import Services


class BaseScreen(Screen):
    """A screen with a back key and typed access to the app, its project and services."""

    # Esc is in the help, not the footer: small terminals keep room for Help and Quit.
    BINDINGS = [Binding("escape", "back", "Back", id="screen.back", show=False)]
    HELP_NAME = ""  # how help names this screen ("Project"); default: from the class name

    @classmethod
    def help_name(cls) -> str:
        if cls.HELP_NAME:
            return cls.HELP_NAME
        name = cls.__name__.removesuffix("Screen")
        return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name) or name

    @property
    def sg(self) -> StepguardApp:
        return self.app  # type: ignore[return-value]

    @property
    def project(self) -> Project | None:
        return getattr(self.app, "project", None)

    @property
    def services(self) -> Services:
        return self.sg.services

    def action_back(self) -> None:
        """Esc leaves an input field first; the next Esc leaves the screen."""
        if isinstance(self.focused, (Input, Select, TextArea)):
            self.set_focus(None)
            return
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
