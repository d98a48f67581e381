"""A TUI crash's Rich traceback on stderr: readable (no escaped colours), redacted, no locals."""

from __future__ import annotations

import io

import pytest
from textual.app import App

from tests.checks.migrate.helpers import github_token, stripe_key
from tui.terminal import SafeStream


class _Terminal(io.StringIO):
    """stderr as a colour terminal (so Rich writes its colour codes)."""

    def isatty(self) -> bool:
        return True


def _crash(stream: SafeStream, message: str, local_value: str) -> None:
    class Crashing(App[None]):
        def on_mount(self) -> None:
            api_key = local_value  # a local: Rich's traceback would print it in its locals panel
            raise ValueError(message + str(len(api_key)))

    import contextlib

    with contextlib.redirect_stderr(stream), stream.crash_output():
        Crashing().run(headless=True)
    stream.flush()


def test_crash_traceback_is_plain_redacted_and_without_locals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    token, local = github_token(), stripe_key()
    hostile = f"cannot read step\x1b]0;owned\x07\x1b[8m {token} "
    target = _Terminal()
    _crash(SafeStream(target), hostile, local)
    text = target.getvalue()
    assert "ValueError" in text and "Traceback" in text  # the crash is still reported
    assert "\x1b" not in text and "\x07" not in text  # nothing raw reaches the terminal
    assert "\\x1b[" not in text.replace("\\x1b[8m", "")  # the app's colours are not made visible
    assert "\\x1b]0;owned" in text  # the hostile sequence is shown as an escape
    leaked = [v for v in (token, local) if v in text or v[6:-4] in text]
    assert leaked == [], "a secret value reached stderr"
    assert "locals not shown" in text and "self =" not in text  # no locals panel
