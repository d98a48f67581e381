"""The bundled demo project and its writable copy in the user's data directory."""

from __future__ import annotations

import base64
import re
import shutil
import tempfile
from pathlib import Path

from checks.dirs import data_dir

DEMO_NAME = "acme-ops-demo"


# The demo's fake credentials. They are stored base64-encoded and written into the project
# only when it is copied (`write_demo`): a repository holding strings that look like live tokens
# is stopped by push protection and flagged by every secret scanner.
_FAKE_SECRETS = {
    "linear-api-key": "bGluX2FwaV9DVWJ5TUpjeERXbzdocTVvbkgxYXAySXlsN1RZM0RqTjZvenpROU1Y",
    "openai-api-key": (
        "c2stcHJvai1meVhJOHE2a2VibGhuSW5YcFlzUFFRZ2RfMU9XVXlUQy1CYkU4OHJpampFMkZkS21UM0JsYmtGSnBT"
        "eDViLXA3Q1hKNHJjQ2hsU3hOQVZQTG9mOTZLQzdSSFhMYVpPVWZXMm5hV19tTw=="
    ),
    "slack-webhook-url": (
        "aHR0cHM6Ly9ob29rcy5zbGFjay5jb20vc2VydmljZXMvVDBSUlJBRFJWSS9CME5COTJVNUwxTi9Eb210UWhBMTRW"
        "cW5QYTVsd09vME9wR2M="
    ),
    "stripe-secret-key": (
        "c2tfbGl2ZV81MWJCUnNrMjljenRVWDFrbU9iZkVqZHB5SEdmWTVQQk5hTktOWWQ3cE1DYXBGVHpkYktCMUdhOEZQ"
        "SnNLYk1uWTBMY1V3RTRCb01NYzhiNlpHWmtXQnZLUVhmVnpV"
    ),
    "airtable-pat": (
        "cGF0U0R1SlpLTXZsc2J4RkguY2E1NmFkOTU0OGM1ZGZjMzQxOGM5ZWE4OTk5OGU5YWQ0MDE0NGVhZTU4OGQ0YmRk"
        "ZGVjNTA1NzkwZTcwZmZkNA=="
    ),
}
_MARKER = re.compile(r"«demo:([a-z-]+)»")


def demo_source() -> Path:
    """The demo project's template shipped inside the package (fake secrets not filled in:
    use `write_demo` for the project a user sees)."""
    return Path(__file__).resolve().parent / "project"


def write_demo(target: Path) -> Path:
    """Write the demo project to `target` (which must not exist), fake secrets in place."""
    shutil.copytree(demo_source(), target, ignore=shutil.ignore_patterns("__pycache__"))
    for path in target.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if "«demo:".encode() in data:
            text = _MARKER.sub(_fake_secret, data.decode("utf-8"))
            path.write_bytes(text.encode("utf-8"))
    return target


def _fake_secret(match: re.Match[str]) -> str:
    return base64.b64decode(_FAKE_SECRETS[match.group(1)]).decode("ascii")


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
        write_demo(fresh)
        if target.exists():
            old = staging / "old"
            target.rename(old)
        fresh.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
