"""Shared bits of every stepguard screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.screen import Screen

from screens.state import Project

if TYPE_CHECKING:
    from tui.app import StepguardApp
    from tui.services import Services


class BaseScreen(Screen):
    """A screen with a back key and typed access to the app, its project and services."""

    BINDINGS = [Binding("escape", "back", "Back", id="screen.back")]

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
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
