"""Injectable services the Textual app uses, so tests can swap keyring, clipboard, clock, …

Every engine service other engineers provide is looked up lazily with `optional()`: when a module
does not exist yet (or fails to import) the screens show a clear "not available" state instead
of crashing.
"""

from __future__ import annotations

import importlib
import os
import shlex
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from checks import dirs
from checks.engine import ScanOptions, ScanResult, scan_loaded
from checks.loaders import load_paths
from tui.clipboard import Clipboard


def optional(module: str) -> ModuleType | None:
    """Import an engine module if it exists; None when it is missing or broken."""
    try:
        return importlib.import_module(module)
    except Exception:  # a missing or broken optional service must not crash the UI
        return None


def default_scan(paths: list[Path]) -> ScanResult:
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
    """Everything the app reaches outside itself. All fields have working defaults."""

    scanner: Callable[[list[Path]], ScanResult] = default_scan
    data_dir: Path | None = None  # user data dir (recent projects, wizard progress)
    keyring_backend: Any | None = None  # installed with keyring.set_keyring() at startup
    vault: Any | None = None  # the vault module/object (checks.vault) — None: import lazily
    clipboard: Clipboard | None = None  # None: a system tool, else OSC 52 through the app
    snippet_renderer: Callable[..., str] | None = None  # None: checks.snippets.render
    remote_loader: Callable[..., Any] | None = None  # None: checks.pipedream.load_remote_workflow
    package_audit_options: dict[str, Any] = field(default_factory=dict)  # base URLs, client opts
    demo_copy: Callable[[], Path] | None = None  # None: checks.demo.prepare_demo_copy
    display_path: Callable[[Path], str] = default_display_path
    token_factory: Callable[[], str] | None = None  # None: secrets.token_urlsafe(32)
    clock: Callable[[], float] | None = None  # None: time.time
    watch_interval: float | None = 1.0  # seconds between file checks; None: no watching
    run_editor: Callable[[list[str]], int] = default_run_editor  # runs $EDITOR (app suspended)

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
        import time

        return self.clock() if self.clock else time.time()

    def new_token(self) -> str:
        import secrets

        return self.token_factory() if self.token_factory else secrets.token_urlsafe(32)

    # -- engine services that appear while the project grows ----------------------------------

    def snippets(self) -> ModuleType | None:
        return optional("checks.snippets")

    def render_snippet(self, name: str, lang: str = "node", secret_env: str | None = None) -> str:
        if self.snippet_renderer is not None:
            return self.snippet_renderer(name, lang=lang, secret_env=secret_env)
        mod = self.snippets()
        if mod is None:
            raise LookupError("snippets are not available in this build")
        return mod.render(name, lang=lang, secret_env=secret_env)

    def load_remote(self, workflow_id: str, org_id: str | None = None) -> Any:
        if self.remote_loader is not None:
            return self.remote_loader(workflow_id, org_id=org_id)
        mod = optional("checks.pipedream")
        if mod is None or not hasattr(mod, "load_remote_workflow"):
            raise LookupError("loading workflows from the Pipedream API is not available yet")
        return mod.load_remote_workflow(workflow_id, org_id=org_id)

    def prepare_demo(self) -> Path:
        if self.demo_copy is not None:
            return self.demo_copy()
        mod = optional("checks.demo")
        if mod is None or not hasattr(mod, "prepare_demo_copy"):
            raise LookupError("the bundled demo project is not available in this build")
        return mod.prepare_demo_copy()

    def vault_module(self) -> Any | None:
        return self.vault if self.vault is not None else optional("checks.vault")

    def reports(self) -> ModuleType | None:
        return optional("checks.reports")
