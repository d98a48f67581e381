"""Argument types shared by every subcommand."""

from __future__ import annotations

import argparse
from pathlib import Path

EMPTY_PATH = "empty path (name a file or folder, e.g. `.`)"


def path_text(text: str) -> str:
    """A PATH (or `p_…` id) argument as given: an empty one is a usage error, never `.`.

    `Path("")` is the current folder, so `secrets migrate ""` would rewrite whatever is here.
    """
    if not text.strip():
        raise argparse.ArgumentTypeError(EMPTY_PATH)
    return text


def path_arg(text: str) -> Path:
    """A PATH argument (file or folder) that must not be empty."""
    return Path(path_text(text))
