"""One clipboard for TUI and CLI: a system tool when present (here a fake `xclip` on PATH that
records its stdin), OSC 52 otherwise, and wording that says which was used."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.tui.helpers import settle
from tui.cli import main
from tui.clipboard import SystemClipboard

FAKE_XCLIP = """#!/bin/sh
[ "$1 $2" = "-selection clipboard" ] || exit 3
cat > "{record}"
exit {code}
"""


@pytest.fixture
def fake_xclip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A fake xclip first on PATH; returns the file that receives what it was given."""

    def install(code: int = 0) -> Path:
        bindir = tmp_path / "bin"
        bindir.mkdir(exist_ok=True)
        record = tmp_path / "xclip-stdin"
        tool = bindir / "xclip"
        tool.write_text(FAKE_XCLIP.format(record=record, code=code))
        tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
        monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}/usr/bin:/bin")
        monkeypatch.setenv("DISPLAY", ":0")
        monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
        return record

    return install


def test_system_tool_gets_the_text_on_stdin(fake_xclip) -> None:
    record = fake_xclip()
    sent: list[str] = []
    result = SystemClipboard(osc52=lambda t: sent.append(t) or True).copy("héllo\nwörld")
    assert (result.ok, result.method, result.confirmed) == (True, "xclip", True)
    assert record.read_text(encoding="utf-8") == "héllo\nwörld"
    assert sent == []
    assert result.describe("the token") == "Copied the token to the clipboard (with xclip)."


def test_no_display_falls_back_to_osc52_and_says_so(fake_xclip, monkeypatch) -> None:
    record = fake_xclip()
    monkeypatch.delenv("DISPLAY")
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    sent: list[str] = []
    result = SystemClipboard(osc52=lambda t: sent.append(t) or True).copy("abc")
    assert (result.ok, result.method, result.confirmed) == (True, "OSC 52", False)
    assert sent == ["abc"] and not record.exists()
    text = result.describe("the snippet")
    assert "OSC 52" in text and "set -g set-clipboard on" in text


def test_failing_tool_falls_back_and_nothing_is_an_error(fake_xclip, monkeypatch) -> None:
    fake_xclip(code=1)
    monkeypatch.delenv("TMUX", raising=False)
    result = SystemClipboard(osc52=lambda t: True).copy("abc")
    assert result.method == "OSC 52" and "terminal ignores OSC 52" in result.describe("x")
    nothing = SystemClipboard(osc52=lambda t: False).copy("abc")
    assert not nothing.ok and nothing.describe("x").startswith("Could not copy x")


def test_cli_snippet_copy_uses_the_same_service(fake_xclip, capsys) -> None:
    from checks.snippets import render

    record = fake_xclip()
    assert main(["snippet", "github", "--copy"]) == 0
    assert record.read_text(encoding="utf-8") == render("github", "node", None)
    assert "Copied the github snippet to the clipboard (with xclip)." in capsys.readouterr().out


async def test_tui_copy_goes_through_the_tool_and_the_toast_names_it(
    fake_xclip, demo_copy: Path, services
) -> None:
    from screens.wizard import WizardScreen
    from tests.tui.test_wizard import _goto, _open_wizard
    from tui.app import create_app

    record = fake_xclip()
    app = create_app([demo_copy / "stripe-orders-p_Dm3StrpO"], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        assert isinstance(wizard, WizardScreen)
        _goto(wizard, lambda f: f.rule == "SG401")
        await settle(pilot, app)
        await pilot.press("ctrl+y")
        await settle(pilot, app)
        assert record.read_text(encoding="utf-8") == wizard.panel.rendered
        toasts = [n.message for n in app._notifications]
        assert any("with xclip" in m for m in toasts)


async def test_footer_copy_key_only_when_it_can_act(demo_copy: Path, services) -> None:
    from tests.tui.helpers import screen_text
    from tests.tui.test_wizard import _goto, _open_wizard
    from tui.app import create_app

    app = create_app([demo_copy / "stripe-orders-p_Dm3StrpO"], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        _goto(wizard, lambda f: f.rule == "SG201")  # https fix: apply, nothing to copy
        await settle(pilot, app)
        footer = screen_text(app).splitlines()[-1]
        assert "^a Apply" in footer and "^y Copy" not in footer
        _goto(wizard, lambda f: f.rule == "SG401")  # a snippet: copy acts
        await settle(pilot, app)
        footer = screen_text(app).splitlines()[-1]
        assert "^y Copy" in footer
