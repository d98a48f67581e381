"""Open the demo → project → overview → step view, and navigate with n/p/]/[."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, OptionList

from screens.overview import OverviewScreen
from screens.project import ProjectScreen
from screens.step import StepScreen
from tests.tui.helpers import screen_text, settle
from tui.app import create_app


async def test_open_overview_step_and_navigate(demo_copy: Path, services) -> None:
    app = create_app([demo_copy], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ProjectScreen)
        assert app.project is not None and len(app.project.workflows) == 4
        table = app.screen.query_one("#workflows", DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        target = names.index("Stripe orders")
        for _ in range(target):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, OverviewScreen)
        text = screen_text(app)
        assert "Trigger" in text and "parse_event" in text and "What to do next" in text
        # Trigger row first, then the steps in order.
        steps = app.screen.query_one("#steps", DataTable)
        assert [str(steps.get_row_at(i)[1]) for i in range(steps.row_count)] == [
            "trigger",
            "parse_event",
            "notify_slack",
            "save_order",
            "add_row",
        ]

        await pilot.press("down", "enter")  # first step
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, StepScreen)
        assert screen.step is not None and screen.step.namespace == "parse_event"
        assert "import Stripe" in screen_text(app)

        await pilot.press("right_square_bracket")
        assert screen.step.namespace == "notify_slack"
        findings = list(screen.findings)
        assert findings, "notify_slack has findings in the demo"
        first = screen.current
        await pilot.press("n")
        if len(findings) > 1:
            assert screen.current is not first
            await pilot.press("p")
        assert screen.current is first
        # the highlighted finding's line is shown in the detail panel
        assert f"line {first.line}" in screen_text(app)

        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.step.namespace == "add_row"
        assert "Registry action" in screen_text(app)
        await pilot.press("right_square_bracket")  # past the last step: stays
        assert screen.step.namespace == "add_row"
        for _ in range(4):
            await pilot.press("left_square_bracket")
        assert screen.step is None and "Trigger" in screen_text(app)

        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)


async def test_selecting_a_finding_scrolls_to_its_line(demo_copy: Path, services) -> None:
    target = demo_copy / "nightly-report-p_Nt4RpOrt"
    app = create_app([target], services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, OverviewScreen)
        overview = app.screen
        names = [s.namespace for s in overview.workflow.steps]
        index = names.index("build_report")
        for _ in range(index + 1):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, StepScreen)
        options = screen.query_one("#findings", OptionList)
        last = len(screen.findings) - 1
        assert last >= 0
        options.highlighted = last
        await settle(pilot, app)
        assert screen.current is screen.findings[last]
        scroll = screen.query_one("#code-scroll")
        wanted = max(0, screen.findings[last].line - 4)
        assert scroll.scroll_y == min(wanted, scroll.max_scroll_y)


async def test_bad_path_is_a_notification_not_a_crash(tmp_path: Path, services) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = create_app([empty], services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert app.last_error and "no workflows" in app.last_error
        assert type(app.screen).__name__ == "WelcomeScreen"


async def test_secret_typed_into_action_props_is_redacted_on_the_step_screen(
    demo_copy: Path, services
) -> None:
    token = "1ZTVnVv2fgKD0f6YYIgrCOX6Jhw7Hd11XzWL8MHp"  # the demo's fake partner token
    target = demo_copy / "nightly-report-p_Nt4RpOrt"
    assert token in (target / "workflow.yaml").read_text()
    app = create_app([target], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        names = [s.namespace for s in app.screen.workflow.steps]
        for _ in range(names.index("post_to_partner") + 1):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, StepScreen)
        text = screen_text(app)
        assert "SG106" in text and "Authorization" in text
        # A generic secret shows no character of itself, only its length and fingerprint.
        assert token not in text and token[:8] not in text and " …(40 chars" in text
