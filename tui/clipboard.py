"""One clipboard for the TUI and the CLI: a system tool when there is one (wl-copy, xclip, xsel,
pbcopy, clip.exe), else the terminal's OSC 52 escape — and an honest account of which was used.

The text goes to a tool's stdin (never argv, never a file). OSC 52 cannot be confirmed: the
terminal (or tmux) may ignore it, so its message says what to do when nothing pastes.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from tui.terminal import write_trusted

# (command, arguments, environment variable that must be set: the display it talks to)
TOOLS: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("wl-copy", (), "WAYLAND_DISPLAY"),
    ("xclip", ("-selection", "clipboard"), "DISPLAY"),
    ("xsel", ("--clipboard", "--input"), "DISPLAY"),
    ("pbcopy", (), None),
    ("clip.exe", (), None),
)
TIMEOUT = 5.0


@dataclass(frozen=True)
class CopyResult:
    ok: bool
    method: str  # the tool's name, "OSC 52", or "" when nothing worked
    confirmed: bool  # a tool took the text; OSC 52 is sent blind

    def describe(self, what: str) -> str:
        """One sentence for the user: where `what` went, and what to do if it is not there."""
        if self.ok and self.confirmed:
            return f"Copied {what} to the clipboard (with {self.method})."
        if self.ok:
            return f"Sent {what} to the terminal's clipboard (OSC 52). " + osc52_advice()
        return (
            f"Could not copy {what}: no clipboard tool found (install wl-clipboard, xclip or "
            "xsel) and no terminal to send OSC 52 to."
        )


def osc52_advice(env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    if env.get("TMUX"):
        return (
            "If nothing pastes, tmux is not passing it on: run `tmux set -g set-clipboard on` "
            "(or install xclip / wl-clipboard)."
        )
    return (
        "If nothing pastes, your terminal ignores OSC 52: enable clipboard access in its "
        "settings, or install xclip / wl-clipboard."
    )


class Clipboard(Protocol):
    def copy(self, text: str) -> CopyResult: ...


def find_tool(env: Mapping[str, str] | None = None) -> list[str] | None:
    """The first usable clipboard tool on PATH (with its display, where it needs one)."""
    env = os.environ if env is None else env
    for name, args, display in TOOLS:
        if display is not None and not env.get(display):
            continue
        exe = shutil.which(name, path=env.get("PATH"))
        if exe is not None:
            return [exe, *args]
    return None


def terminal_osc52(text: str) -> bool:
    """Write OSC 52 to the controlling terminal (CLI use); False when there is none."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    if not sys.stdout.isatty():
        return False
    # Our own escape sequence: past the CLI's stdout filter, which would escape it.
    write_trusted(sys.stdout, f"\x1b]52;c;{payload}\x07")
    return True


@dataclass
class SystemClipboard:
    """System tool first, OSC 52 (through `osc52`) otherwise."""

    osc52: Callable[[str], bool] | None = terminal_osc52
    env: Mapping[str, str] | None = None

    def copy(self, text: str) -> CopyResult:
        cmd = find_tool(self.env)
        if cmd is not None:
            try:
                proc = subprocess.run(
                    cmd,
                    input=text.encode("utf-8"),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    timeout=TIMEOUT,
                    check=False,
                    env=dict(self.env) if self.env is not None else None,
                )
            except (OSError, subprocess.SubprocessError):
                proc = None
            if proc is not None and proc.returncode == 0:
                return CopyResult(True, os.path.basename(cmd[0]), True)
        if self.osc52 is not None and self.osc52(text):
            return CopyResult(True, "OSC 52", False)
        return CopyResult(False, "", False)
