"""Copy a snippet from the gallery; save it; export a report from inside the app."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, OptionList

from checks.snippets import render
from screens.overview import OverviewScreen
from screens.report import ReportDialog
from screens.snippets import SnippetsScreen
from tests.tui.helpers import screen_text, settle
from tui.app import create_app


async def test_copy_snippet_with_custom_env_name(services) -> None:
    app = create_app(None, services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("g")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, SnippetsScreen)
        options = screen.query_one("#snippet-list", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index("github")
        await settle(pilot, app)
        assert screen.selected == "github"
        env = screen.query_one("#snippet-env", Input)
        env.value = "MY_GH_SECRET"
        await settle(pilot, app)
        await pilot.press("c")
        assert app.clipboard == render("github", lang="node", secret_env="MY_GH_SECRET")
        await pilot.press("l")  # Python
        await pilot.press("c")
        assert app.clipboard == render("github", lang="python", secret_env="MY_GH_SECRET")
        assert "MY_GH_SECRET" in screen_text(app)


async def test_invalid_env_name_blocks_copy(services) -> None:
    app = create_app(None, services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("g")
        await settle(pilot, app)
        screen = app.screen
        screen.query_one("#snippet-env", Input).value = "PIPEDREAM_X"
        await settle(pilot, app)
        await pilot.press("c")
        assert app.clipboard == ""
        assert "reserved" in screen_text(app)


async def test_save_snippet_to_file(demo_copy: Path, services) -> None:
    app = create_app([demo_copy / "contact-form-p_Cf2FrmLd"], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("g")
        await settle(pilot, app)
        await pilot.press("s")
        await settle(pilot, app)
        dialog_input = app.screen.query_one("#save-path", Input)
        assert dialog_input.value == "basic-step.mjs"
        await pilot.press("enter")
        await settle(pilot, app)
        saved = demo_copy / "contact-form-p_Cf2FrmLd" / "basic-step.mjs"
        assert saved.read_text(encoding="utf-8") == render("basic", lang="node")


async def test_export_report_json_and_markdown(demo_copy: Path, services) -> None:
    app = create_app([demo_copy / "stripe-orders-p_Dm3StrpO"], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("e")
        await settle(pilot, app)
        assert isinstance(app.screen, ReportDialog)
        await pilot.click("#fmt-json")
        await settle(pilot, app)
        assert app.screen.query_one("#report-path", Input).value == "stepguard-report.json"
        await pilot.press("enter")
        await settle(pilot, app)
        out = demo_copy / "stripe-orders-p_Dm3StrpO" / "stepguard-report.json"
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert isinstance(doc, dict)
        assert len(app.project.findings) > 0
        assert str(len(app.project.findings)) in out.read_text(encoding="utf-8")
        assert isinstance(app.screen, OverviewScreen)

        app.action_export_report("markdown")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        md = demo_copy / "stripe-orders-p_Dm3StrpO" / "stepguard-report.md"
        assert md.read_text(encoding="utf-8").lstrip().startswith("#")
