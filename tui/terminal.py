"""What the command line writes to a terminal: every stderr line redacted and escaped.

`main()` puts a `SafeStream` in front of stderr, so any message, whoever prints it (argparse,
a command, an exception handler), shows no secret value and no raw control character from a
file name. Sequences stepguard itself emits (a progress line's `\\r`) go through `write_trusted`.
"""

from __future__ import annotations

import io
from typing import TextIO

from checks.reports.safe import shown


def safe_lines(text: str) -> str:
    """Each line of `text` redacted and escaped; the line breaks themselves are kept."""
    return "\n".join(shown(line) for line in text.split("\n"))


class SafeStream(io.TextIOBase):
    """A text stream that redacts and escapes each line before it reaches `target`."""

    def __init__(self, target: TextIO) -> None:
        super().__init__()
        self.target = target
        self._pending = ""

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        self._pending += s
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            self.target.write(shown(line) + "\n")
        return len(s)

    def flush(self) -> None:
        if self._pending:
            self.target.write(shown(self._pending))
            self._pending = ""
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()


def write_trusted(stream: TextIO, text: str) -> None:
    """Write stepguard's own control sequences (never input text) past a `SafeStream`."""
    if isinstance(stream, SafeStream):
        stream.flush()
        stream.target.write(text)
        stream.target.flush()
    else:
        stream.write(text)
        stream.flush()
