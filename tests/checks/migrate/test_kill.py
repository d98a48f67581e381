"""kill -9 during `secrets migrate` (real process, real gnome-keyring): nothing half-done survives
the next start. The benchmark bench/migrate_faults.py runs the same with many more kills."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.checks.migrate.faults import (
    calibrate,
    concurrent_once,
    edit_during_keyring_wait,
    kill_once,
    make_project,
)

pytestmark = pytest.mark.keyring

KILLS = 5


def test_sigkill_at_random_points_leaves_files_manifest_and_keyring_consistent(
    tmp_path: Path, secret_service, config_home
) -> None:
    template = tmp_path / "template"
    make_project(template)
    cal = calibrate(template, tmp_path, config_home)
    rng = random.Random()
    seed = rng.randrange(2**32)
    rng.seed(seed)
    outcomes = [
        kill_once(template, tmp_path / f"run{i}", config_home, cal, rng, at_intent=i == 0)
        for i in range(KILLS)
    ]
    failures = [(i, o.problems) for i, o in enumerate(outcomes) if o.problems]
    assert failures == [], f"seed {seed}: {failures}"
    assert any(o.killed for o in outcomes), "no run was killed (calibration too short?)"


def test_two_migration_processes_at_once_both_complete_and_listed(
    tmp_path: Path, secret_service, config_home
) -> None:
    template = tmp_path / "template"
    make_project(template, 2)
    cal = calibrate(template, tmp_path, config_home)
    assert concurrent_once(template, tmp_path / "pair", config_home, cal) == []


def test_edit_during_keyring_wait_of_a_migration_process_is_kept(
    tmp_path: Path, secret_service, config_home
) -> None:
    template = tmp_path / "template"
    make_project(template, 2)
    cal = calibrate(template, tmp_path, config_home)
    code, problems = edit_during_keyring_wait(template, tmp_path / "edit", config_home, cal)
    assert problems == []
    assert code in (0, 2)
