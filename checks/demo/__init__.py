"""The bundled demo project and its writable copy in the user's data directory."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from checks.dirs import data_dir

DEMO_NAME = "acme-ops-demo"


def demo_source() -> Path:
    """The read-only demo project shipped inside the package."""
    return Path(__file__).resolve().parent / "project"




def demo_copy_path() -> Path:
    return data_dir() / DEMO_NAME


def prepare_demo_copy(reset: bool = False) -> Path:
    """Return a writable copy of the demo, creating it (or restoring it with `reset`)."""
    target = demo_copy_path()
    if target.exists() and not reset:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # Copy next to the target first, then swap, so a failure never leaves half a demo.
    staging = Path(tempfile.mkdtemp(prefix=".demo-", dir=target.parent))
    try:
        fresh = staging / DEMO_NAME
        shutil.copytree(demo_source(), fresh, ignore=shutil.ignore_patterns("__pycache__"))
        if target.exists():
            old = staging / "old"
            target.rename(old)
        fresh.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
