"""Hostile-input fixtures: trees built at test time, the CLI run in a bounded subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.checks.migrate.conftest import config_home, memory_keyring
from tests.checks.migrate.helpers import Redacted, stripe_key

__all__ = ["config_home", "memory_keyring"]

REPO = Path(__file__).resolve().parents[3]
TIMEOUT = 60  # seconds; a hang or a runaway read fails the test instead of the run
MEMORY = 1 << 30  # bytes of address space for the CLI process (RLIMIT_AS)

_BOUNDED_MAIN = """\
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def run_cli(*args: str, cwd: Path | None = None, stdin: str = "") -> Run:
    """`stepguard ARGS` in a subprocess with a timeout and an address-space limit."""
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "STEPGUARD_NO_CACHE": "1",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "NO_COLOR": "1",
    }
    env.pop("STEPGUARD_DEBUG", None)
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _BOUNDED_MAIN.format(limit=MEMORY), *args],
            cwd=cwd or REPO,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"stepguard {' '.join(args[:1])} did not finish within {TIMEOUT}s")
    return Run(proc.returncode, proc.stdout, proc.stderr)


def assert_one_line_error(run: Run, *needles: str) -> None:
    """Exit 2 and exactly one `stepguard: error:` line on stderr (no traceback)."""
    assert run.code == 2, (run.code, run.err[-500:])
    assert len(run.err_lines) == 1, run.err[-500:]
    assert run.err_lines[0].startswith("stepguard: error: "), run.err_lines[0]
    for needle in needles:
        assert needle in run.err_lines[0], run.err_lines[0]


def step_js(value: str) -> str:
    return (
        "export default defineComponent({\n"
        "  async run({ $ }) {\n"
        f'    const key = "{value}";\n'
        "    return key.length;\n"
        "  },\n"
        "});\n"
    )


@pytest.fixture
def secret() -> Redacted:
    return stripe_key()


@pytest.fixture
def box(tmp_path: Path) -> tuple[Path, Path]:
    """(project root, a folder beside it that stands for "outside the project")."""
    root = tmp_path / "project"
    outside = tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    return root, outside


def sync_workflow(wdir: Path, steps_yaml: str) -> Path:
    """A GitHub-Sync workflow folder holding `steps_yaml` (already indented list items)."""
    wdir.mkdir(parents=True, exist_ok=True)
    (wdir / "workflow.yaml").write_text(
        "schema: workflow/2022.04\nname: hostile\ntriggers:\n- id: hi_abc123\nsteps:\n" + steps_yaml
    )
    return wdir


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every regular file under `folder` (not following links) → its bytes."""
    out: dict[str, bytes] = {}
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            p = Path(dirpath) / name
            if p.is_file() and not p.is_symlink():
                out[p.relative_to(folder).as_posix()] = p.read_bytes()
    return out
