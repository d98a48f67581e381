"""File names with terminal escapes are shown escaped in the assistant (issue 14.6)."""

from __future__ import annotations

from pathlib import Path

from screens.overview import OverviewScreen
from screens.step import StepScreen
from tests.tui.helpers import screen_text, settle
from tui.app import create_app

NAME = "evil\x1b]0;owned\x07\u202e"
RAW = ("\x1b", "\x07", "\u202e")
# The URL (quoted in the finding's message and evidence) carries raw escapes too.
REQUEST = 'export default { async run() { await fetch("http://example.com/\x1b[2J\rhook"); } };\n'


async def test_project_overview_and_step_screens_escape_names(tmp_path: Path, services) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    (root / f"{NAME}.mjs").write_text(REQUEST, encoding="utf-8")
    app = create_app([root], services=services)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, app)
        seen = [screen_text(app)]
        wf = app.project.workflows[0]
        await app.push_screen(OverviewScreen(wf))
        await settle(pilot, app)
        seen.append(screen_text(app))
        await app.push_screen(StepScreen(wf, 0))
        await settle(pilot, app)
        seen.append(screen_text(app))
        assert "SG201" in seen[-1] and "example.com/\\x1b[2J\\rhook" in seen[-1]
    for text in seen:
        assert not [ch for ch in RAW if ch in text], "a raw control character reached the screen"
    assert any("evil\\x1b]0;owned\\x07" in text for text in seen), "the name is shown, escaped"


async def test_error_notifications_are_redacted_and_escaped(services) -> None:
    token = "gh" + "p_" + "Vb7Rk2Qm9XzL4wNp8sTc3YhJ6dFa1GeUq5Ko"
    app = create_app(None, services=services)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, app)
        app.show_error(f"could not read {token}\x1b]0;owned\x07 in evil\u202e.js\nsecond line")
        await settle(pilot, app)
        shown = app.last_error
        text = screen_text(app)
    assert token not in shown and token[8:20] not in text
    assert not [ch for ch in RAW if ch in shown + text]
    assert "ghp_…(40 chars, fp " in shown and "\\x1b]0;owned\\x07" in shown
