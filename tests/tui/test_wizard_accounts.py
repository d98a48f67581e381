"""The wizard's SG701 panel: Apply rewrites the step to read the connected account (diff
preview, the user is told to connect the account in Pipedream), undo puts the bytes back; a
shape the fix refuses shows its reason and keeps the copy of the rewritten step."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button

from screens.engine_panels import ConnectAccountPanel
from tests.tui.helpers import screen_text, settle
from tests.tui.test_wizard import _goto, _open_wizard
from tui.app import create_app

NIGHTLY = "nightly-report-p_Nt4RpOrt"


async def test_apply_connected_account_then_undo(demo_copy: Path, services) -> None:
    path = demo_copy / NIGHTLY / "send_summary" / "entry.mjs"
    original = path.read_bytes()
    app = create_app([demo_copy / NIGHTLY], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        _goto(wizard, lambda f: f.rule == "SG701" and f.step == "send_summary")
        await settle(pilot, app)
        panel = wizard.panel
        assert isinstance(panel, ConnectAccountPanel)
        assert "apply" in panel.actions() and "copy" in panel.actions()
        assert panel.reason_unavailable() is None
        preview = panel.preview()
        assert preview is not None and preview.language == "diff"
        assert '+    sendgrid: { type: "app", app: "sendgrid" },' in preview.text
        assert any("connect a SendGrid account" in n for n in preview.notes)
        button = wizard.query_one("#btn-apply", Button)
        assert str(button.label) == "Use the account" and not button.disabled

        await pilot.press("ctrl+a")
        await settle(pilot, app, rounds=6)
        text = path.read_text()
        assert "this.sendgrid.$auth.api_key" in text and "process.env" not in text
        assert wizard.progress.status(wizard.current.fingerprint) == "fixed"
        assert not [
            f for f in app.project.findings if f.rule == "SG701" and f.step == "send_summary"
        ]
        assert "connect a SendGrid account" in screen_text(app)

        await pilot.press("ctrl+z")
        await settle(pilot, app, rounds=6)
        assert path.read_bytes() == original
        assert wizard.progress.status(wizard.current.fingerprint) is None


async def test_a_refused_shape_says_why_and_keeps_the_copy(demo_copy: Path, services) -> None:
    """On the fresh demo the OpenAI key is still written in the code: migrate it first."""
    app = create_app([demo_copy / NIGHTLY], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        _goto(wizard, lambda f: f.rule == "SG701" and f.step == "build_report")
        await settle(pilot, app)
        panel = wizard.panel
        assert isinstance(panel, ConnectAccountPanel)
        assert panel.actions() == {"copy", "save"}
        reason = panel.reason_unavailable()
        assert reason is not None and "move it to the keyring first" in reason
        assert "move it to the keyring first" in screen_text(app)
        preview = panel.preview()
        assert preview is not None and preview.language == "python"
