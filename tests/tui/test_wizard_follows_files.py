"""The wizard follows the files: progress comes from re-scans (file watcher, app focus), never
from what was clicked — a demo reset, a hand edit or a CLI undo puts items back to open."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Button

from checks.demo import prepare_demo_copy
from checks.model import Category
from screens.panels import ResolvedPanel
from screens.wizard import WizardScreen
from tests.tui.helpers import screen_text, settle
from tests.tui.test_wizard import STRIPE, _goto, _open_wizard
from tui.app import create_app


async def _until(pilot, app, condition, seconds: float = 10.0) -> None:
    """Wait (real time: the watcher polls) until `condition()` holds."""
    for _ in range(int(seconds / 0.1)):
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        if condition():
            return
    raise AssertionError("the wizard did not catch up with the files")


def _counter(wizard: WizardScreen) -> str:
    return str(wizard.query_one("#wizard-counter").render())


async def test_items_are_ordered_most_severe_first(demo_copy: Path, services) -> None:
    app = create_app([demo_copy], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        severities = [f.severity for f in wizard.items]
        assert severities == sorted(severities, reverse=True)
        assert severities[0] > severities[-1]
        assert wizard.current.severity == severities[0]


async def test_cli_undo_of_a_migration_reopens_the_item(demo_copy: Path, services) -> None:
    from checks.fixes.secrets import undo_migration

    services.watch_interval = 0.1
    project = demo_copy / STRIPE
    app = create_app([project], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        _goto(wizard, lambda f: f.category is Category.SECRET and f.step == "parse_event")
        await settle(pilot, app)
        item = wizard.current
        await pilot.press("ctrl+a")
        await _until(pilot, app, lambda: wizard.status(item) == "fixed")
        assert "0 fixed" not in _counter(wizard) and "✓ fixed" in screen_text(app)

        undo_migration(project)  # what `stepguard secrets undo PATH` does, outside the app
        await _until(pilot, app, lambda: wizard.status(item) is None)
        assert "0 fixed" in _counter(wizard)
        assert "✓ fixed" not in screen_text(app)
        assert wizard.query_one("#btn-undo", Button).disabled
        assert not wizard.query_one("#btn-apply", Button).disabled


async def test_demo_reset_reopens_fixed_items(services) -> None:
    services.watch_interval = 0.1
    path = prepare_demo_copy(reset=True)
    app = create_app([path / STRIPE], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        _goto(wizard, lambda f: f.rule == "SG201")
        await settle(pilot, app)
        item = wizard.current
        await pilot.press("ctrl+a")
        await _until(pilot, app, lambda: wizard.status(item) == "fixed")

        prepare_demo_copy(reset=True)  # `stepguard demo --reset` in another terminal
        await _until(pilot, app, lambda: wizard.status(item) is None)
        assert "0 fixed" in _counter(wizard) and "✓ fixed" not in screen_text(app)

    again = create_app([path / STRIPE], services=services)  # and after a restart
    async with again.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, again)
        assert all(wizard.status(f) is None for f in wizard.items)
        assert "0 fixed" in _counter(wizard)


async def test_hand_edits_count_both_ways(demo_copy: Path, services) -> None:
    services.watch_interval = 0.1
    app = create_app([demo_copy / STRIPE], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        _goto(wizard, lambda f: f.rule == "SG201")
        await settle(pilot, app)
        item = wizard.current
        path = item.abs_path
        original = path.read_bytes()
        fixed = original.replace(b"http://status.acme-ops.com", b"https://status.acme-ops.com")
        assert fixed != original
        await asyncio.to_thread(path.write_bytes, fixed)
        await _until(pilot, app, lambda: wizard.status(item) == "fixed")
        assert isinstance(wizard.panel, ResolvedPanel)
        assert "1 fixed" in _counter(wizard)

        await asyncio.to_thread(path.write_bytes, original)
        await _until(pilot, app, lambda: wizard.status(item) is None)
        assert "0 fixed" in _counter(wizard)
        assert not isinstance(wizard.panel, ResolvedPanel)


async def test_app_focus_rescans_without_the_timer(demo_copy: Path, services) -> None:
    services.watch_interval = None
    app = create_app([demo_copy / STRIPE], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        _goto(wizard, lambda f: f.rule == "SG201")
        item = wizard.current
        path = item.abs_path
        path.write_bytes(
            path.read_bytes().replace(b"http://status.acme-ops.com", b"https://status.acme-ops.com")
        )
        await settle(pilot, app)
        assert wizard.status(item) is None  # nothing watches: no change yet
        from textual import events

        app.post_message(events.AppFocus())
        await _until(pilot, app, lambda: wizard.status(item) == "fixed")


async def test_a_rescan_landing_during_a_fix_keeps_the_item_and_its_panel(
    demo_copy: Path, services
) -> None:
    """The race CI met: a fix writes its file, a re-scan (watcher, focus) lands before the
    wizard records the fix, and the finding — one that appeared after the wizard opened — is
    gone from it. The wizard must stay on the item and record the fix on that panel."""
    import threading

    app = create_app([demo_copy / STRIPE], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        _goto(wizard, lambda f: f.category is Category.SECRET and f.step == "save_order")
        await settle(pilot, app)
        await pilot.press("ctrl+a")  # migrating the token makes `print(…token)` an SG601
        await settle(pilot, app, rounds=6)
        came = [f for f in wizard.items if f.rule == "SG601" and f.step == "save_order"]
        assert came and all(f not in wizard._opened for f in came)
        _goto(wizard, lambda f: f is came[0])
        await settle(pilot, app)
        item, panel = wizard.current, wizard.panel
        assert item is not None and panel is not None and "apply" in panel.actions()

        real_apply = panel.apply

        def apply_then_rescan():  # runs in the fix worker's thread
            applied = real_apply()
            items = wizard.items
            seen = threading.Event()
            app.call_from_thread(app.rescan_now)
            for _ in range(100):  # until the wizard has handled the re-scan
                if wizard.items is not items:
                    seen.set()
                    break
                threading.Event().wait(0.05)
            assert seen.is_set(), "the re-scan never reached the wizard"
            return applied

        panel.apply = apply_then_rescan
        await pilot.press("ctrl+a")
        await settle(pilot, app, rounds=6)
        assert wizard.current is not None and wizard.current.fingerprint == item.fingerprint
        assert wizard.panel is panel
        assert wizard.status(item) == "fixed"
        assert wizard.progress is not None and wizard.progress.entry(item.fingerprint).get("undo")
