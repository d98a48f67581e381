"""Errors the engine raises for the CLI and the TUI to show as one line."""

from __future__ import annotations

from pathlib import Path


class StepguardError(Exception):
    """Base class: `str(exc)` is a complete one-line message for the user."""


class InputError(StepguardError):
    """An input path that cannot be used at all (exit code 2)."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class UnreadableFile(StepguardError):
    """A file that was skipped; `reason` says why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)
