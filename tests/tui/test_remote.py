"""Loading a workflow by its Pipedream id from the welcome screen (local API server)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from textual.widgets import Input

from checks.pipedream import forget_tokens
from checks.pipedream.credentials import Credentials, save_credentials
from screens.overview import OverviewScreen
from tests.tui.helpers import screen_text, settle
from tui.app import create_app

RECORDED = Path(__file__).parents[1] / "checks" / "pipedream" / "recorded"


@pytest.fixture
def api(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    monkeypatch.setenv("STEPGUARD_PIPEDREAM_API", httpserver.url_for("/v1"))
    forget_tokens()
    yield httpserver
    forget_tokens()


async def test_load_remote_workflow_from_welcome(api: HTTPServer, services) -> None:
    save_credentials(Credentials(kind="api_key", api_key="pd_test_key_0123456789abcdef"))
    doc = json.loads((RECORDED / "workflow-http.json").read_text(encoding="utf-8"))
    api.expect_request(
        "/v1/workflows/p_abc123", query_string={"org_id": "o_abc123"}
    ).respond_with_json(doc)
    app = create_app(None, services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.screen.query_one("#remote-id", Input).value = "p_abc123"
        org = app.screen.query_one("#remote-org", Input)
        org.value = "o_abc123"
        org.focus()
        await pilot.press("enter")
        await settle(pilot, app, rounds=6)
        assert isinstance(app.screen, OverviewScreen), app.last_error
        text = screen_text(app)
        assert "Pipedream API" in text  # says that fixes come as snippets, not file changes
        assert app.project.remote_id == "p_abc123"


async def test_remote_errors_are_one_line(api: HTTPServer, services) -> None:
    save_credentials(Credentials(kind="api_key", api_key="pd_test_key_0123456789abcdef"))
    api.expect_request("/v1/workflows/p_missing1").respond_with_json(
        {"error": "not found"}, status=404
    )
    app = create_app(None, services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        box = app.screen.query_one("#remote-id", Input)
        box.value = "p_missing1"
        box.focus()
        await pilot.press("enter")
        await settle(pilot, app, rounds=6)
        assert app.last_error and "\n" not in app.last_error
        assert type(app.screen).__name__ == "WelcomeScreen"
