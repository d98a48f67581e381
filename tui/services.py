"""The services the Textual app reaches outside itself that tests swap: the keyring backend, the
clipboard, the clock and token source, the package registries (network), the data folder and
how paths are shown. Everything else is imported plainly where it is used."""

from __future__ import annotations

import os
import secrets
import shlex
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from checks import dirs
from checks.engine import ScanOptions, ScanResult, scan_loaded
from checks.loaders import load_paths
from tui.clipboard import Clipboard

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend


class Clock(Protocol):
    """Seconds since the epoch (`time.time`)."""

    def __call__(self) -> float: ...


class TokenFactory(Protocol):
    """A new random token (`secrets.token_urlsafe(32)`)."""

    def __call__(self) -> str: ...


class PathDisplay(Protocol):
    def __call__(self, path: Path, /) -> str: ...


class Scanner(Protocol):
    """Loads and scans a project's paths (tests swap it for a slow or failing scan)."""

    def __call__(self, paths: list[Path], /) -> ScanResult: ...


class EditorRunner(Protocol):
    """Runs an editor command line (the app is suspended meanwhile); returns its exit code."""

    def __call__(self, argv: list[str], /) -> int: ...


def scan_project(paths: list[Path]) -> ScanResult:
    """Load and scan `paths` with the default options (no network rules), reusing the results
    of unchanged workflows: re-opening a project, or re-scanning after a fix, only checks what
    changed."""
    return scan_loaded(load_paths(paths), ScanOptions(cache_dir=dirs.scan_cache_dir()))


def default_display_path(path: Path) -> str:
    """`~/…` for paths under the home folder, else the absolute path."""
    try:
        home = Path.home()
        rel = path.resolve().relative_to(home)
        return "~/" + rel.as_posix() if rel.parts else "~"
    except (ValueError, RuntimeError, OSError):
        return str(path)


LINE_ARG_EDITORS = frozenset({"vi", "vim", "nvim", "view", "nano", "emacs", "micro", "kak", "joe"})


def editor_command(
    path: Path, line: int | None = None, env: dict[str, str] | None = None
) -> list[str]:
    """`$VISUAL` / `$EDITOR` (else vi) on `path`, at `line` for editors that take `+N`."""
    env = dict(os.environ) if env is None else env
    argv = shlex.split(env.get("VISUAL") or env.get("EDITOR") or "vi")
    if line and Path(argv[0]).name in LINE_ARG_EDITORS:
        argv.append(f"+{line}")
    return [*argv, str(path)]


def default_run_editor(argv: list[str]) -> int:
    return subprocess.run(argv, check=False).returncode


@dataclass
class Services:
    """Swappable services, all with working defaults."""

    scanner: Scanner = scan_project
    data_dir: Path | None = None  # user data dir (recent projects, wizard progress)
    keyring_backend: KeyringBackend | None = None  # installed with keyring.set_keyring()
    clipboard: Clipboard | None = None  # None: a system tool, else OSC 52 through the app
    # Network: `checks.packages.ClientOptions` fields (registry base URLs, offline, cache, …).
    package_audit_options: dict[str, Any] = field(default_factory=dict)
    display_path: PathDisplay = default_display_path
    token_factory: TokenFactory | None = None  # None: secrets.token_urlsafe(32)
    clock: Clock | None = None  # None: time.time
    watch_interval: float | None = 1.0  # seconds between file checks; None: no watching
    run_editor: EditorRunner = default_run_editor  # runs $EDITOR (app suspended)

    def resolved_data_dir(self) -> Path:
        return self.data_dir or dirs.data_dir()

    def install(self) -> None:
        """Apply process-wide settings (keyring backend, data dir) before the app starts."""
        if self.keyring_backend is not None:
            import keyring

            keyring.set_keyring(self.keyring_backend)
        if self.data_dir is not None:
            os.environ.setdefault("STEPGUARD_DATA_DIR", str(self.data_dir))

    def now(self) -> float:
        return self.clock() if self.clock else time.time()

    def new_token(self) -> str:
        return self.token_factory() if self.token_factory else secrets.token_urlsafe(32)
