"""Fault injection for `secrets migrate`: run it as a real process, SIGKILL it, check the aftermath.

Shared by tests/checks/migrate/test_kill.py (a handful of kills in CI) and
bench/migrate_faults.py (many). Everything runs against the keyring the environment provides
(`.ci/with-keyring.sh` starts a real gnome-keyring); values are made at run time.
"""

from __future__ import annotations

import contextlib
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
    """One undisturbed run: the migrated files' digests, how long the run took and how long
    its writing phase (from the intent to the end) took."""

    migrated: dict[str, str]
    seconds: float
    writing: float
    names: list[str] = field(default_factory=list)


def wait_for_intent(proc: subprocess.Popen[str], config: Path, timeout: float = 120) -> bool:
    """Poll until the manifest holds an intent (True) or the process ended (False)."""
    manifest = config / "secrets-manifest.json"
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            if '"pending"' in manifest.read_text():
                return True
        except OSError:
            pass
        time.sleep(0.002)
    return False


def calibrate(template: Path, work: Path, config: Path) -> Calibration:
    root = work / "calibration"
    shutil.copytree(template, root)
    began = time.monotonic()
    proc = start_migration(root, config)
    seen = wait_for_intent(proc, config)
    intent_at = time.monotonic()
    _out, err = proc.communicate(timeout=180)
    ended = time.monotonic()
    assert proc.returncode == 0, err[-400:]
    names = list(_manifest_names(config, root))
    migrated = digests(root)
    delete_entries(config, root)
    writing = ended - intent_at if seen else 0.05
    return Calibration(migrated, ended - began, writing, names)


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
    in_flight: bool  # killed while its intent was recorded (between intent and commit)
    state: str  # "original" | "migrated"
    problems: list[str]


def kill_once(
    template: Path,
    root: Path,
    config: Path,
    cal: Calibration,
    rng: random.Random,
    at_intent: bool = False,
) -> Outcome:
    """Migrate a copy of `template`, SIGKILL it at a random moment, start again, check.

    Half the runs are killed a random 25-105 % of an undisturbed run after the start, half a
    random 0-110 % of the writing phase after the intent appeared (where kills hurt most).
    """
    shutil.copytree(template, root)
    before = digests(template)
    proc = start_migration(root, config)
    if at_intent:  # right after the intent: the keyring writes are about to start
        wait_for_intent(proc, config)
        delay = 0.0
    elif rng.random() < 0.5:
        delay = rng.uniform(0.25, 1.05) * cal.seconds
    else:
        wait_for_intent(proc, config)
        delay = rng.uniform(0.0, 1.1) * cal.writing
    if delay > 0:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=delay)
    proc.kill()  # SIGKILL; does nothing when the run already ended
    proc.wait()
    killed = proc.returncode == -signal.SIGKILL
    _out, err = proc.communicate()
    in_flight = killed and "pending" in _manifest(config)
    state = "migrated" if digests(root) == cal.migrated else "original"
    problems = check_after(root, config, before, cal)
    if not killed and proc.returncode != 0:
        problems.append(f"exit {proc.returncode} without a kill: {err.strip()[-200:]}")
    delete_entries(config, root, cal.names)
    return Outcome(killed, in_flight, state, problems)


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


def concurrent_once(template: Path, work: Path, config: Path, cal: Calibration) -> list[str]:
    """Migrate two copies of `template` at the same time; both must be complete and listed."""
    roots = [work / "left", work / "right"]
    for root in roots:
        shutil.copytree(template, root)
    before = digests(template)
    procs = [start_migration(root, config) for root in roots]
    problems: list[str] = []
    for root, proc in zip(roots, procs, strict=True):
        _out, err = proc.communicate(timeout=180)
        if proc.returncode != 0:
            problems.append(f"{root.name}: exit {proc.returncode}: {err.strip()[-200:]}")
    for root in roots:
        listed = _manifest_names(config, root)
        if listed != sorted(cal.names):
            problems.append(f"{root.name}: manifest lists {listed}")
        if keyring_names(root, cal.names) != sorted(cal.names):
            problems.append(f"{root.name}: keyring entries missing")
        undo = run(stepguard("secrets", "undo", str(root)), config)
        if undo.returncode != 0 or digests(root) != before:
            problems.append(f"{root.name}: undo not byte-exact ({undo.stderr.strip()[-120:]})")
        delete_entries(config, root, cal.names)
    return problems


EDIT = "// edited while stepguard waited on the keyring\n"


def edit_during_keyring_wait(
    template: Path, root: Path, config: Path, cal: Calibration
) -> tuple[int, list[str]]:
    """Edit a step as soon as the migration recorded its intent (its keyring writes follow)."""
    shutil.copytree(template, root)
    target = sorted(root.glob("*.js"))[-1]
    proc = start_migration(root, config)
    wait_for_intent(proc, config)
    with target.open("a") as fh:
        fh.write(EDIT)
    _out, err = proc.communicate(timeout=180)
    problems: list[str] = []
    if not target.read_text().endswith(EDIT):
        problems.append("the edit made during the migration was lost")
    if proc.returncode == 2:
        lines = err.strip().splitlines()
        if len(lines) != 1 or "edited" not in lines[0]:
            problems.append(f"exit 2 without a one-line reason: {lines[-3:]}")
    elif proc.returncode != 0:
        problems.append(f"exit {proc.returncode}: {err.strip()[-200:]}")
    listed = _manifest_names(config, root)
    held = keyring_names(root, cal.names)
    if listed != held:
        problems.append(f"manifest lists {listed} but the keyring holds {held}")
    if proc.returncode == 2 and listed:
        problems.append("a refused migration left manifest entries")
    delete_entries(config, root, cal.names)
    return proc.returncode, problems
