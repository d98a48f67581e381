"""Issue 15, item 2 in the wizard: a secret migration and a pin in the same file both undo, in
either order, through the one fix journal (also from the CLI)."""

from __future__ import annotations

from pathlib import Path

from checks.fixes.journal import list_entries
from checks.model import Category
from screens.engine_panels import PinPanel, SecretPanel
from tests.tui.helpers import settle
from tests.tui.test_wizard import STRIPE, _goto, _open_wizard
from tui.app import create_app
from tui.cli import main


def _is_secret(f) -> bool:
    return f.category is Category.SECRET and f.step == "parse_event"


def _is_pin(f) -> bool:
    return f.rule == "SG501" and f.extra.get("package") == "stripe"


async def test_migrate_then_pin_then_undo_the_migration_first(
    demo_copy: Path, services, memory_keyring, httpserver
) -> None:
    packument = {"name": "stripe", "dist-tags": {"latest": "16.12.0"}, "versions": {}}
    httpserver.expect_request("/stripe").respond_with_json(packument)
    services.package_audit_options = {"npm_registry": httpserver.url_for("").rstrip("/")}
    app = create_app([demo_copy / STRIPE], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        _goto(wizard, _is_secret)
        await settle(pilot, app)
        assert isinstance(wizard.panel, SecretPanel)
        path = wizard.current.abs_path
        original = path.read_bytes()
        await pilot.press("ctrl+a")
        await settle(pilot, app, rounds=5)
        migrated = path.read_bytes()
        assert migrated != original
        _goto(wizard, _is_pin)
        await settle(pilot, app)
        assert isinstance(wizard.panel, PinPanel)
        await pilot.press("ctrl+a")
        await settle(pilot, app, rounds=5)
        pinned = path.read_bytes()
        assert b'"stripe@16.12.0"' in pinned and pinned != migrated
        _goto(wizard, _is_secret)
        await settle(pilot, app)
        await pilot.press("ctrl+z")  # the older fix first: the pin stays
        await settle(pilot, app, rounds=5)
        assert path.read_bytes() == original.replace(b'"stripe"', b'"stripe@16.12.0"')
    # The pin is still in the journal: the CLI undoes it (same journal, after a restart).
    assert [e.kind for e in list_entries(demo_copy / STRIPE)] == ["pin"]
    assert main(["fixes", "undo", str(demo_copy / STRIPE)]) == 0
    assert path.read_bytes() == original
