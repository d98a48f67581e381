"""Every action is reachable from the command palette."""

from __future__ import annotations

from pathlib import Path

from screens.snippets import SnippetsScreen
from tests.tui.helpers import settle
from tui.app import create_app


async def test_palette_opens_the_snippets_gallery(services) -> None:
    app = create_app(None, services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await settle(pilot, app)
        await pilot.press(*"Snippets gallery")
        await settle(pilot, app, rounds=5)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, SnippetsScreen)


async def test_palette_lists_project_actions(demo_copy: Path, services) -> None:
    from screens.commands import StepguardCommands

    app = create_app([demo_copy], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        provider = StepguardCommands(app.screen)
        names = [name for name, _, _ in provider._commands()]
        for wanted in ("Fix findings (wizard)", "Snippets gallery", "Export report: SARIF"):
            assert any(wanted.lower() in n.lower() for n in names), (wanted, names)
