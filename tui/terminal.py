"""What the command line writes to a terminal: every stdout and stderr line redacted and escaped.

`main()` puts a `SafeStream` in front of stdout and one in front of stderr, so any message,
whoever prints it (argparse, a command, an exception handler), shows no secret value and no raw
control character from a file name. Output that has its own boundary (a scan report, already
made safe by `checks.reports.safe`; a snippet's code; the explicit `secrets export`) and
sequences stepguard itself emits (a progress line's `\\r`) go through `write_trusted`.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from typing import TextIO

from checks.escape import escape_controls
from checks.redact import redact_text
from checks.reports.safe import shown


def safe_lines(text: str) -> str:
    """Each line of `text` redacted and escaped; the line breaks themselves are kept."""
    return "\n".join(shown(line) for line in text.split("\n"))


class SafeStream(io.TextIOBase):
    """A text stream that redacts and escapes each line before it reaches `target`.

    `keep`: control characters passed through (stdout keeps tabs, so code previews line up).
    """

    def __init__(self, target: TextIO, *, keep: str = "") -> None:
        super().__init__()
        self.target = target
        self.keep = keep
        self._pending = ""
        self._crash: CrashFilter | None = None

    def shown(self, line: str) -> str | None:
        """`line` as the terminal may show it (None: a crash traceback line left out)."""
        if self._crash is not None:
            plain = self._crash.plain(line)
            if plain is None:
                return None
            line = plain
        return escape_controls(redact_text(line), keep=self.keep)

    @contextlib.contextmanager
    def crash_output(self) -> Iterator[None]:
        """While the TUI runs: its crash handler's Rich traceback is shown as plain text.

        Its colour codes (SGR) are dropped rather than escaped into visible `\\x1b[…m`, its
        locals panels (which may hold secret values in any form) are left out, and every line is
        still redacted and escaped.
        """
        self.flush()
        self._crash = CrashFilter()
        try:
            yield
        finally:
            self.flush()
            self._crash = None

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        self._pending += s
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            out = self.shown(line)
            if out is not None:
                self.target.write(out + "\n")
        return len(s)

    def flush(self) -> None:
        if self._pending:
            out = self.shown(self._pending)
            if out is not None:
                self.target.write(out)
            self._pending = ""
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()


# Select Graphic Rendition: colours and weights, the only sequences Rich's traceback writes.
_SGR = re.compile(r"\x1b\[[0-9;:]*m")
_LOCALS_TOP = re.compile(r"╭─+ locals ─+╮")


class CrashFilter:
    """Rich's traceback lines as plain text, its locals panels replaced by one line."""

    def __init__(self) -> None:
        self._locals_at: int | None = None  # column of the open locals panel's corner

    def plain(self, line: str) -> str | None:
        text = _SGR.sub("", line)
        if self._locals_at is not None:
            if text[self._locals_at : self._locals_at + 1] == "╰":
                self._locals_at = None
            return None
        top = _LOCALS_TOP.search(text)
        if top is not None:
            self._locals_at = top.start()
            note = "(locals not shown: they may hold secret values)"
            width = top.end() - top.start()
            return f"{text[: top.start()]}{note.ljust(width)}{text[top.end() :]}"
        return text


def write_trusted(stream: TextIO, text: str) -> None:
    """Write stepguard's own control sequences (never input text) past a `SafeStream`."""
    if isinstance(stream, SafeStream):
        stream.flush()
        stream.target.write(text)
        stream.target.flush()
    else:
        stream.write(text)
        stream.flush()
