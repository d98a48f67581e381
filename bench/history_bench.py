"""Benchmark: `stepguard scan --history` against a full-history scan by detect-secrets 1.5.0.

Generates a git repository (`git fast-import`) with N commits, each appending to one of 20 step
files, a fresh seeded secret every `--plant-every` commits (six provider formats) and every
planted secret added again in another file a few commits later (so each must be reported once,
at its first commit, with a count of 2). Then, each in its own process under
`bench/measure.py` (wall, CPU, peak RSS):

- stepguard: the real CLI, `stepguard scan REPO --history --format json --no-cache`
  (this includes the ordinary scan of the checked-out tree);
- detect-secrets: it has no git-history mode, so `bench/history_detect_secrets.py` reads the
  same single `git log --all -p --unified=0` stream with the same parser and feeds each file's
  added lines of each commit to detect-secrets' own line scanner (default plugins and filters,
  the path `detect-secrets scan` uses per file). Both therefore pay for git once and differ in
  detection only.

Checks that stepguard reports every planted secret exactly once, at the commit that added it,
with the right path, line and commit count; for detect-secrets, how many planted secrets it
found at all.

    uv run --group bench python bench/history_bench.py [--commits 5000] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.redact import secret_fingerprint  # noqa: E402
from tests.checks.history_repo import generate_repo  # noqa: E402


def _measure(cmd: list[str], stdout: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "measure.py"), "--stdout", str(stdout), *cmd],
        capture_output=True,
        check=True,
        env=env,
    )
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


def _median(runs: list[dict]) -> dict:
    return {k: statistics.median(r[k] for r in runs) for k in ("wall", "cpu", "maxrss_mb")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--plant-every", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="sg-history-bench-"))
    try:
        repo = generate_repo(
            tmp / "repo", args.commits, plant_every=args.plant_every, readd_every=7, seed=20240801
        )
        planted = {secret_fingerprint(p.value): p for p in repo.planted}
        values = {p.value for p in repo.planted}
        sg_cmd = [
            sys.executable,
            "-m",
            "tui.cli",
            "scan",
            str(repo.root),
            "--history",
            "--format",
            "json",
            "--no-cache",
            "--fail-on",
            "never",
        ]
        ds_cmd = [sys.executable, str(ROOT / "bench" / "history_detect_secrets.py"), str(repo.root)]
        results: dict[str, list[dict]] = {"stepguard": [], "detect-secrets": []}
        outputs = {"stepguard": tmp / "sg.json", "detect-secrets": tmp / "ds.json"}
        for name, cmd in (("stepguard", sg_cmd), ("detect-secrets", ds_cmd)):
            _measure(cmd, outputs[name])  # warm-up: bytecode, page cache
            for _ in range(args.repeat):
                results[name].append(_measure(cmd, outputs[name]))

        (history,) = json.loads(outputs["stepguard"].read_text())["history"]
        found = history["secrets"]
        ids = [s["secret_id"] for s in found]
        problems: list[str] = []
        if len(ids) != len(set(ids)):
            problems.append("a secret was reported more than once")
        for sid, p in planted.items():
            entry = next((s for s in found if s["secret_id"] == sid), None)
            if entry is None:
                problems.append(f"missed the {p.detector} planted in commit {p.commit_index}")
            elif (entry["commit"], entry["path"], entry["line"], entry["commits"]) != (
                p.commit,
                p.path,
                p.line,
                1 + len(p.also_in),
            ):
                problems.append(f"wrong place for the {p.detector} of commit {p.commit_index}")
        extra = [s for s in found if s["secret_id"] not in planted]
        ds = json.loads(outputs["detect-secrets"].read_text())
        ds_found = sum(1 for h in ds["hashes"] if h in {_sha1(v) for v in values})

        sg, dsm = _median(results["stepguard"]), _median(results["detect-secrets"])
        figures = {
            "commits": history["commits"],
            "planted": len(planted),
            "stepguard": {
                **sg,
                "history_seconds": history["seconds"],  # the history part of the last run
                "found_planted": len(planted) - sum("missed" in p for p in problems),
                "reported": len(found),
                "unplanted": len(extra),
                "problems": problems,
            },
            "detect-secrets": {
                **dsm,
                "found_planted": ds_found,
                "reported": ds["distinct"],
                "findings": ds["findings"],
            },
        }
        print(json.dumps(figures, indent=2))
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2) + "\n")
        return 1 if problems else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _sha1(value: str) -> str:
    import hashlib

    return hashlib.sha1(value.encode()).hexdigest()  # detect-secrets' own secret hash


if __name__ == "__main__":
    raise SystemExit(main())
