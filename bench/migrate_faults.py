"""Fault injection for `secrets migrate`: SIGKILL at random moments, concurrent runs, an edit
during the keyring wait; after each, every invariant of tests/checks/migrate/faults.py.

Real processes against a real Secret Service (gnome-keyring); run it under the keyring script:

    .ci/with-keyring.sh uv run --locked python bench/migrate_faults.py [--kills 30] \
        [--concurrent 3] [--edits 3] [--files 4] [--seed N] [--json results.json]

Each kill waits a random 25-105 % of an undisturbed run's duration after starting the process,
then sends SIGKILL; the next start (`secrets list`) must finish or roll back the run. Exit
status 1 when any run breaks an invariant.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.checks.migrate.faults import (  # noqa: E402
    calibrate,
    concurrent_once,
    edit_during_keyring_wait,
    kill_once,
    make_project,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--concurrent", type=int, default=3)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    report: dict[str, object] = {"seed": seed}
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="sg-faults-") as tmp:
        work = Path(tmp)
        config = work / "config"
        template = work / "template"
        make_project(template, args.files)
        cal = calibrate(template, work, config)
        report["undisturbed_run_s"] = round(cal.seconds, 3)
        report["writing_phase_s"] = round(cal.writing, 3)
        began = time.monotonic()
        outcomes = []
        for i in range(args.kills):
            o = kill_once(template, work / f"kill{i}", config, cal, rng)
            outcomes.append(o)
            failures += [f"kill {i}: {p}" for p in o.problems]
            how = "killed in flight" if o.in_flight else "killed" if o.killed else "finished"
            extra = f"  PROBLEMS: {o.problems}" if o.problems else ""
            print(f"kill {i:3}: {how} -> {o.state}{extra}")
        report["kills"] = {
            "runs": len(outcomes),
            "killed": sum(o.killed for o in outcomes),
            "killed_in_flight": sum(o.in_flight for o in outcomes),
            "left_original": sum(o.state == "original" for o in outcomes),
            "left_migrated": sum(o.state == "migrated" for o in outcomes),
            "seconds": round(time.monotonic() - began, 1),
        }
        for i in range(args.concurrent):
            problems = concurrent_once(template, work / f"pair{i}", config, cal)
            failures += [f"concurrent {i}: {p}" for p in problems]
            print(f"concurrent {i}: {problems or 'ok'}")
        exits = []
        for i in range(args.edits):
            code, problems = edit_during_keyring_wait(template, work / f"edit{i}", config, cal)
            exits.append(code)
            failures += [f"edit {i}: {p}" for p in problems]
            print(f"edit {i}: exit {code} {problems or 'ok'}")
        report["edits"] = {"runs": len(exits), "refused_exit_2": exits.count(2)}
    report["failures"] = failures
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
