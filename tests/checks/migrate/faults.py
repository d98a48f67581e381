"""Fault injection for `secrets migrate`: run it as a real process, SIGKILL it, check the aftermath.

Shared by tests/checks/migrate/test_kill.py (a handful of kills in CI) and
bench/migrate_faults.py (many). Everything runs against the keyring the environment provides
(`.ci/with-keyring.sh` starts a real gnome-keyring); values are made at run time.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.checks.migrate.helpers import digests, github_token, slack_token, stripe_key

REPO = Path(__file__).resolve().parents[3]
MAKERS = (stripe_key, github_token, slack_token)


def make_project(root: Path, n_files: int = 4) -> list[str]:
    """A project of `n_files` JS and Python steps, two secrets each; returns the values."""
    root.mkdir(parents=True)
    values: list[str] = []
    for i in range(n_files):
        a, b = MAKERS[i % 3](), MAKERS[(i + 1) % 3]()
        values += [a, b]
        if i % 2:
            (root / f"step{i}.py").write_text(
                f'def handler(pd):\n    key = "{a}"\n    return key, "token {b}"\n'
            )
        else:
            (root / f"step{i}.js").write_text(
                "export default defineComponent({\n  async run({ $ }) {\n"
                f'    const key = "{a}";\n    const auth = `Bearer {b}`;\n'
                "    return [key, auth];\n  },\n});\n"
            )
    return values


def environment(config: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        STEPGUARD_CONFIG_DIR=str(config),
        STEPGUARD_NO_CACHE="1",
        PYTHON_KEYRING_BACKEND="keyring.backends.SecretService.Keyring",
        PYTHONPATH=str(REPO),
    )
    return env


def stepguard(*args: str) -> list[str]:
    return [sys.executable, "-m", "tui.cli", *args]


def run(args: list[str], config: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        env=environment(config),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def start_migration(root: Path, config: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        stepguard("secrets", "migrate", str(root), "--yes"),
        env=environment(config),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@dataclass
class Calibration:
    """One undisturbed run: the migrated files' digests and how long the run took."""

    migrated: dict[str, str]
    seconds: float
    names: list[str] = field(default_factory=list)


def calibrate(template: Path, work: Path, config: Path) -> Calibration:
    root = work / "calibration"
    shutil.copytree(template, root)
    began = time.monotonic()
    proc = run(stepguard("secrets", "migrate", str(root), "--yes"), config)
    seconds = time.monotonic() - began
    assert proc.returncode == 0, proc.stderr[-400:]
    names = [n for n in _manifest_names(config, root)]
    migrated = digests(root)
    delete_entries(config, root)
    return Calibration(migrated, seconds, names)


def _manifest(config: Path) -> dict:
    path = config / "secrets-manifest.json"
    return json.loads(path.read_text()) if path.exists() else {"projects": {}}


def _project_key(root: Path) -> str:
    from checks.vault import project_key

    return project_key(root)


def _manifest_names(config: Path, root: Path) -> list[str]:
    project = _manifest(config)["projects"].get(_project_key(root), {})
    return sorted(project.get("secrets", {}))


def keyring_names(root: Path, names: list[str]) -> list[str]:
    from keyring.backends import SecretService

    backend = SecretService.Keyring()
    key = _project_key(root)
    return sorted(n for n in names if backend.get_password("stepguard", f"{key}:{n}") is not None)


def delete_entries(config: Path, root: Path, names: list[str] | None = None) -> None:
    from keyring.backends import SecretService

    backend = SecretService.Keyring()
    key = _project_key(root)
    for name in names if names is not None else _manifest_names(config, root):
        if backend.get_password("stepguard", f"{key}:{name}") is not None:
            backend.delete_password("stepguard", f"{key}:{name}")


@dataclass
class Outcome:
    killed: bool
    state: str  # "original" | "migrated"
    problems: list[str]


def kill_once(
    template: Path, root: Path, config: Path, cal: Calibration, rng: random.Random
) -> Outcome:
    """Migrate a copy of `template`, SIGKILL it after a random delay, start again, check."""
    shutil.copytree(template, root)
    before = digests(template)
    delay = rng.uniform(0.25, 1.05) * cal.seconds
    proc = start_migration(root, config)
    try:
        proc.wait(timeout=delay)
        killed = False
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        killed = True
    proc.communicate()
    problems = check_after(root, config, before, cal)
    state = "migrated" if digests(root) == cal.migrated else "original"
    delete_entries(config, root, cal.names)
    return Outcome(killed, state, problems)


def check_after(root: Path, config: Path, before: dict[str, str], cal: Calibration) -> list[str]:
    """The next start (`secrets list`), then every invariant; returns what is wrong."""
    problems: list[str] = []
    nxt = run(stepguard("secrets", "list"), config)
    if nxt.returncode != 0:
        problems.append(f"next start failed: {nxt.stderr.strip()[-200:]}")
    now = digests(root)
    stray = sorted(p.name for p in root.rglob("*.sgtmp"))
    if stray:
        problems.append(f"temp files left in the project: {stray}")
    now = {k: v for k, v in now.items() if not k.endswith(".sgtmp")}
    for rel, digest in now.items():
        if digest not in (before.get(rel), cal.migrated.get(rel)):
            problems.append(f"{rel} is neither original nor migrated")
    if now not in (before, cal.migrated):
        problems.append("the project is partly migrated")
    if "pending" in _manifest(config):
        problems.append("an intent is still pending after the next start")
    listed = _manifest_names(config, root)
    held = keyring_names(root, cal.names)
    if listed != held:
        problems.append(f"manifest lists {listed} but the keyring holds {held}")
    if now == cal.migrated and listed != sorted(cal.names):
        problems.append("migrated files but the manifest lacks their variables")
    if now == cal.migrated:
        undo = run(stepguard("secrets", "undo", str(root)), config)
        if undo.returncode != 0:
            problems.append(f"undo failed: {undo.stderr.strip()[-200:]}")
        elif digests(root) != before:
            problems.append("undo is not byte-exact")
    return problems
