"""Benchmark the project screen at scale: 500 generated workflows, open + filter + sort via Pilot.

    uv run python bench/tui_project.py                 # 500 workflows x 2 steps
    uv run python bench/tui_project.py --workflows 1000 --json

"open (scan)" is app start → project screen ready with the result cache empty; "open (cached)"
the same with the cache filled by an earlier visit (as when re-opening a project). "filter" is
`/` plus a 3-character query typed key by key until the table shows the match; "sort" and
"only with findings" are one key each. Median of `--runs`, in-process, headless, 120x40.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.tui_startup import generate_project  # noqa: E402


async def _one(path: Path, data: Path, cache: Path) -> dict[str, float]:
    from checks.engine import ScanOptions, scan_loaded
    from checks.loaders import load_paths
    from screens.project import ProjectScreen
    from tui.app import create_app
    from tui.services import Services

    def scanner(paths: list[Path]):
        return scan_loaded(load_paths(paths), ScanOptions(cache_dir=cache))

    app = create_app([path], services=Services(data_dir=data, scanner=scanner, watch_interval=None))
    t0 = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, ProjectScreen):
            await pilot.pause(0.005)
        await pilot.pause()
        opened = time.perf_counter() - t0
        screen = app.screen
        table = screen.query_one("#workflows")
        rows = table.row_count

        query = str(rows - 1)[-3:]  # "499": the last workflow's number
        t1 = time.perf_counter()
        await pilot.press("slash", *query)
        while screen.query_text != query:
            await pilot.pause(0.001)
        await pilot.pause()
        filtered = time.perf_counter() - t1
        assert 1 <= table.row_count < rows, table.row_count
        await pilot.press("escape")
        screen.query_one("#filter").value = ""
        await pilot.pause()

        t2 = time.perf_counter()
        await pilot.press("s")
        await pilot.pause()
        sort = time.perf_counter() - t2

        t3 = time.perf_counter()
        await pilot.press("f")
        await pilot.pause()
        only = time.perf_counter() - t3
    return {"open": opened, "filter": filtered, "sort": sort, "only": only, "rows": rows}


def run(workflows: int, steps: int, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        project = generate_project(base / "project", workflows, steps)
        cold: list[dict[str, float]] = []
        warm: list[dict[str, float]] = []
        for i in range(runs):
            cold.append(asyncio.run(_one(project, base / f"data{i}", base / f"cache{i}")))
            warm.append(asyncio.run(_one(project, base / f"data{i}", base / f"cache{i}")))

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    return {
        "workflows": workflows,
        "steps": workflows * steps,
        "rows": cold[0]["rows"],
        "open_scan_s": med(cold, "open"),
        "open_cached_s": med(warm, "open"),
        "filter_s": med(warm, "filter"),
        "sort_s": med(warm, "sort"),
        "only_with_findings_s": med(warm, "only"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workflows", type=int, default=500)
    parser.add_argument("--steps", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.workflows, args.steps, args.runs)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for key, value in result.items():
        print(f"{key:>22}  {value:.3f}" if isinstance(value, float) else f"{key:>22}  {value}")


if __name__ == "__main__":
    main()
