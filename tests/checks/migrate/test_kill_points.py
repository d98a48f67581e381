"""SIGKILL at each step of a migration (forked child, real gnome-keyring), then the next start.

The child applies the plan with one function wrapped to kill the process with SIGKILL at a
chosen point; nothing in stepguard knows about it. The parent then reconciles (what every
`secrets` command does first) and checks: files all original or all migrated, manifest and
keyring agree, no intent left, no temp file in the project, undo byte-exact.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path

import pytest

from checks.fixes.secrets import apply as apply_module
from checks.fixes.secrets import apply_migration, plan_migration, undo_migration
from checks.fixes.secrets.recover import reconcile
from checks.fixes.secrets.undo import UndoRecord, records
from checks.vault import Manifest, Vault, project_key
from tests.checks.migrate.helpers import digests, github_token, stripe_key

pytestmark = pytest.mark.keyring


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _arm(point: str, files: list[Path]) -> None:
    """In the child: make the process kill itself at `point`."""
    if point == "after-first-keyring-write":
        real_store = Vault.store

        def store(self: Vault, key: str, name: str, value: str) -> None:
            real_store(self, key, name, value)
            _die()

        Vault.store = store  # type: ignore[method-assign]
    elif point == "after-undo-record":
        real_save = UndoRecord.save

        def save(self: UndoRecord) -> Path:
            real_save(self)
            _die()
            raise AssertionError

        UndoRecord.save = save  # type: ignore[method-assign]
    elif point == "temp-file-written":
        real_replace = os.replace

        def replace(src: str, dst: str, *a: object, **kw: object) -> None:
            if Path(dst) in files:
                _die()
            real_replace(src, dst, *a, **kw)  # type: ignore[arg-type]

        os.replace = replace  # type: ignore[assignment]
    else:  # after-file-N
        limit = int(point.rsplit("-", 1)[1])
        real_write = apply_module.atomic_write_bytes
        count = [0]

        def write(path: Path, data: bytes, *a: object, **kw: object) -> None:
            real_write(path, data, *a, **kw)  # type: ignore[arg-type]
            if Path(path) in files:
                count[0] += 1
                if count[0] == limit:
                    _die()

        apply_module.atomic_write_bytes = write  # type: ignore[assignment]


def _child(root: str, point: str) -> None:
    plan = plan_migration([Path(root)])
    _arm(point, sorted(plan.files()))
    apply_migration(plan)
    os._exit(0)


POINTS = {
    "after-first-keyring-write": "original",
    "after-undo-record": "original",
    "temp-file-written": "original",
    "after-file-1": "original",
    "after-file-2": "migrated",
}
NAMES = ["GITHUB_TOKEN", "STRIPE_SECRET_KEY"]


@pytest.mark.parametrize("point", list(POINTS))
def test_sigkill_point_is_reconciled_at_next_start(
    point: str, tmp_path: Path, secret_service, config_home
) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    s, g = stripe_key(), github_token()
    (root / "a.js").write_text(
        f'export default defineComponent({{ async run() {{ return ["{s}", "{g}"]; }} }});\n'
    )
    (root / "b.py").write_text(f'def handler(pd):\n    return "{g}", "token {s}"\n')
    before = digests(root)
    key = project_key(root)
    vault = Vault()
    try:
        child = multiprocessing.get_context("fork").Process(target=_child, args=(str(root), point))
        child.start()
        child.join(60)
        assert child.exitcode == -signal.SIGKILL, f"the child was not killed at {point}"
        assert Manifest().pending() != {}, "no intent was recorded before the keyring write"
        lines = reconcile()
        assert len(lines) == 1 and "\n" not in lines[0]
        now = digests(root)
        assert list(root.rglob("*.sgtmp")) == []
        manifest = Manifest()
        assert manifest.pending() == {}
        listed = sorted(e.name for e in manifest.entries(key))
        held = sorted(n for n in NAMES if vault.get(key, n) is not None)
        assert listed == held
        if POINTS[point] == "original":
            assert now == before and listed == [] and records(key) == []
        else:
            assert now != before and listed == NAMES and len(records(key)) == 1
            undo_migration(root, vault=vault)
            assert digests(root) == before
    finally:
        for name in NAMES:
            vault.delete(key, name)


def test_killed_run_whose_file_was_edited_is_finished_not_overwritten(
    tmp_path: Path, secret_service, config_home
) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    s, g = stripe_key(), github_token()
    (root / "a.js").write_text(f'export default {{ k: "{s}", g: "{g}" }};\n')
    (root / "b.py").write_text(f'def handler(pd):\n    return "{g}", "{s}"\n')
    key = project_key(root)
    vault = Vault()
    try:
        child = multiprocessing.get_context("fork").Process(
            target=_child, args=(str(root), "after-file-1")
        )
        child.start()
        child.join(60)
        assert child.exitcode == -signal.SIGKILL
        a = root / "a.js"
        a.write_text(a.read_text() + "// the user's edit after the crash\n")
        edited = digests(root)
        (line,) = reconcile()
        assert "finished" in line
        assert digests(root) == edited
        listed = sorted(e.name for e in Manifest().entries(key))
        assert listed == NAMES
        assert sorted(n for n in NAMES if vault.get(key, n) is not None) == NAMES
        assert Manifest().pending() == {} and len(records(key)) == 1
    finally:
        for name in NAMES:
            vault.delete(key, name)
