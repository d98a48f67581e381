"""SVG snapshots of the main screens on a copy of the demo, at 120x40 and 80x24.

When rules change what the demo reports, refresh with
`uv run pytest tests/screens --snapshot-update` and review the SVGs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from tests.tui.helpers import settle
from tui.app import create_app

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]
STRIPE = "stripe-orders-p_Dm3StrpO"


async def _open_step(pilot: Pilot, namespace: str) -> None:
    app = pilot.app
    await settle(pilot, app)
    table = app.screen.query_one("#steps", DataTable)
    keys = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
    table.move_cursor(row=keys.index(namespace))
    await pilot.press("enter")
    await settle(pilot, app)


@pytest.mark.parametrize("size", SIZES)
def test_welcome(snap_compare, services, size) -> None:
    app = create_app(None, services=services)
    assert snap_compare(app, terminal_size=size, run_before=lambda p: settle(p, p.app))


@pytest.mark.parametrize("size", SIZES)
def test_overview(snap_compare, services, demo_copy: Path, size) -> None:
    app = create_app([demo_copy / STRIPE], services=services)
    assert snap_compare(app, terminal_size=size, run_before=lambda p: settle(p, p.app))


@pytest.mark.parametrize("size", SIZES)
def test_step_view(snap_compare, services, demo_copy: Path, size) -> None:
    app = create_app([demo_copy / STRIPE], services=services)
    assert snap_compare(app, terminal_size=size, run_before=lambda p: _open_step(p, "parse_event"))


@pytest.mark.parametrize("size", SIZES)
def test_wizard(snap_compare, services, demo_copy: Path, size) -> None:
    app = create_app([demo_copy / STRIPE], services=services)

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot, pilot.app)
        await pilot.press("w")
        await settle(pilot, pilot.app)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snippets(snap_compare, services, size) -> None:
    app = create_app(None, services=services)

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot, pilot.app)
        await pilot.press("g")
        await settle(pilot, pilot.app)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
