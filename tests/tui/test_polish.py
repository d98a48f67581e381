"""Polish users notice: focus, Esc, keys typed while scanning, reserved names, help titles,
footer at 80x24, vault everywhere, the network audit asks first, toasts off the buttons."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.widgets import Button, Input

from checks.model import Category
from screens.dialogs import ConfirmDialog
from screens.help import HelpScreen
from screens.overview import OverviewScreen
from screens.project import ProjectScreen
from screens.step import StepScreen
from screens.vault import VaultScreen
from screens.wizard import WizardScreen
from tests.tui.helpers import screen_text, settle
from tests.tui.test_wizard import STRIPE, _goto, _open_wizard
from tui.app import create_app
from tui.services import scan_project


async def test_wizard_focuses_the_first_field_and_esc_leaves_it(demo_copy: Path, services):
    app = create_app([demo_copy / STRIPE], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        await settle(pilot, app)
        assert isinstance(app.focused, Input) and app.focused.id == "panel-name"
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen is wizard and app.focused is None
        await pilot.press("escape")
        await settle(pilot, app)
        assert not isinstance(app.screen, WizardScreen)


async def test_reserved_names_are_refused_in_the_wizard(demo_copy: Path, services):
    app = create_app([demo_copy / STRIPE], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        _goto(wizard, lambda f: f.category is Category.SECRET and f.step == "parse_event")
        await settle(pilot, app)
        for name in ("PATH", "HOME", "NODE_OPTIONS"):
            wizard.panel.query_one("#panel-name", Input).value = name
            await settle(pilot, app)
            assert "already used by the runtime" in screen_text(app)
            assert wizard.query_one("#btn-apply", Button).disabled


async def test_keys_typed_while_scanning_are_not_lost(demo_copy: Path, services):
    release = threading.Event()

    def slow_scan(paths):
        release.wait(10)
        return scan_project(paths)

    services.scanner = slow_scan
    app = create_app([demo_copy / STRIPE], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        assert "Scanning" in screen_text(app)
        await pilot.press("w")  # "open the wizard", typed before the scan is done
        release.set()
        await settle(pilot, app, rounds=5)
        assert isinstance(app.screen, WizardScreen)


async def test_help_names_the_screen_not_the_class(demo_copy: Path, services):
    app = create_app([demo_copy], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ProjectScreen)
        await pilot.press("question_mark")
        await settle(pilot, app)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Keys on this screen (Project)" in text and "ProjectScreen" not in text


async def test_footer_keeps_help_and_quit_at_80x24(demo_copy: Path, services):
    app = create_app([demo_copy], services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)

        def footer() -> str:
            return screen_text(app).splitlines()[-1]

        seen = []
        assert isinstance(app.screen, ProjectScreen)
        seen.append(footer())
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, OverviewScreen)
        seen.append(footer())
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, StepScreen)
        seen.append(footer())
        await pilot.press("w")
        await settle(pilot, app, rounds=5)
        assert isinstance(app.screen, WizardScreen)
        seen.append(footer())
        for line in seen:
            assert "? Help" in line and "^q Quit" in line, line


async def test_vault_from_every_screen_and_audit_asks_first(demo_copy: Path, services):
    app = create_app([demo_copy], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, StepScreen)
        await pilot.press("v")
        await settle(pilot, app)
        assert isinstance(app.screen, VaultScreen)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("escape", "escape")
        await settle(pilot, app)
        assert isinstance(app.screen, ProjectScreen)
        await pilot.press("k")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        assert "over the network" in screen_text(app)
        await pilot.press("n")
        await settle(pilot, app)
        assert isinstance(app.screen, ProjectScreen)


async def test_toasts_do_not_cover_the_wizard_buttons(demo_copy: Path, services):
    app = create_app([demo_copy / STRIPE], services=services)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        wizard = await _open_wizard(pilot, app)
        for i in range(3):
            app.notify(f"a fairly long notification number {i} " * 2, timeout=30)
        await settle(pilot, app)
        buttons = wizard.query_one("#wizard-buttons").region
        toasts = [t.region for t in app.screen.query("Toast")]
        assert toasts and all(not t.overlaps(buttons) for t in toasts)


async def test_snippet_preview_scrolls_sideways(demo_copy: Path, services):
    app = create_app([demo_copy / STRIPE], services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await _open_wizard(pilot, app)
        _goto(wizard, lambda f: f.rule == "SG401")
        await settle(pilot, app)
        box = wizard.query_one("#wizard-preview-box")
        assert box.virtual_size.width > box.size.width  # long code lines are not wrapped
        assert wizard.panel.rendered.splitlines()[0][:60] in screen_text(app)
