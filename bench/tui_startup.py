"""Benchmark the assistant: time to the first interactive screen, peak memory, key latency.

    uv run python bench/tui_startup.py            # demo + generated 50×10 project
    uv run python bench/tui_startup.py --json

Startup is measured as a whole process (interpreter start → first project screen shown,
headless), three runs each, best and median reported; peak RSS comes from the child's
rusage. Key latency is measured in-process with Textual's Pilot: the time from a key press
until the app has processed it and refreshed (n/p/]/[ in the step view, ↓ in lists).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = """
import asyncio, sys, time
from pathlib import Path
from tui.app import create_app
from tui.services import Services
from screens.overview import OverviewScreen
from screens.project import ProjectScreen

async def main():
    app = create_app([Path(sys.argv[1])], services=Services(data_dir=Path(sys.argv[2])))
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, (ProjectScreen, OverviewScreen)):
            await pilot.pause(0.005)
        await pilot.pause()
asyncio.run(main())
"""

STEP = """import axios from "axios@1.7.2";

export default defineComponent({{
  async run({{ steps, $ }}) {{
    const event = steps.trigger.event;
    console.log("event", event.body);
    const res = await axios.get("http://internal-{w}.example.com/items/{s}");
    if (event.headers["x-api-key"] !== process.env.API_KEY_{w}) {{
      await $.respond({{ status: 401, body: "no" }});
      return $.flow.exit("unauthorized");
    }}
    return {{ count: res.data.length, step: {s} }};
  }},
}});
"""


def generate_project(root: Path, workflows: int = 50, steps: int = 10) -> Path:
    """A GitHub-Sync project with `workflows` × `steps` Node code steps."""
    for w in range(workflows):
        wdir = root / f"workflow-{w:02d}-p_Gen{w:04d}x"
        lines = ["schema: workflow/2022.04", f"name: Generated {w:02d}", "triggers:",
                 f"- id: hi_Gen{w:04d}", "steps:"]
        for s in range(steps):
            ns = f"step_{s:02d}"
            (wdir / ns).mkdir(parents=True, exist_ok=True)
            (wdir / ns / "entry.mjs").write_text(STEP.format(w=w, s=s), encoding="utf-8")
            lines += [f"- namespace: {ns}", "  runtime: nodejs20.x", f"  uses: ./{ns}/entry.mjs"]
        (wdir / "workflow.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (wdir / ".workflow.state").write_text(f"id: p_Gen{w:04d}x\n", encoding="utf-8")
    return root


def startup(path: Path, runs: int = 3) -> dict[str, float]:
    times: list[float] = []
    peak_kb = 0
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "STEPGUARD_DATA_DIR": data, "STEPGUARD_CONFIG_DIR": data}
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", CHILD, str(path), data], cwd=ROOT, env=env,
                           check=True)
            times.append(time.perf_counter() - t0)
            peak_kb = max(peak_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return {"best_s": min(times), "median_s": statistics.median(times), "peak_rss_mb": peak_kb / 1024}


async def key_latency(path: Path, presses: int = 40) -> dict[str, float]:
    from screens.step import StepScreen
    from tui.app import create_app
    from tui.services import Services

    samples: list[float] = []
    with tempfile.TemporaryDirectory() as data:
        app = create_app([path], services=Services(data_dir=Path(data)))
        async with app.run_test(size=(120, 40)) as pilot:
            while app.project is None:
                await pilot.pause(0.01)
            await app.workers.wait_for_complete()
            await pilot.pause()
            workflow = max(app.project.workflows, key=lambda w: len(w.steps))
            await app.push_screen(StepScreen(workflow, 0))
            await pilot.pause()
            keys = ["n", "p", "right_square_bracket", "left_square_bracket"]
            for i in range(presses):
                key = keys[i % len(keys)]
                t0 = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                samples.append(time.perf_counter() - t0)
    samples.sort()
    return {"p50_ms": 1000 * statistics.median(samples),
            "p95_ms": 1000 * samples[int(0.95 * (len(samples) - 1))],
            "max_ms": 1000 * samples[-1]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from checks.demo import demo_source

    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo"
        shutil.copytree(demo_source(), demo)
        large = generate_project(Path(tmp) / "large")
        results["demo startup"] = startup(demo, args.runs)
        results["50×10 startup"] = startup(large, args.runs)
        results["demo keys"] = asyncio.run(key_latency(demo))
        results["50×10 keys"] = asyncio.run(key_latency(large))
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for name, figures in results.items():
        print(f"{name:<16} " + "  ".join(f"{k}={v:.3f}" if k.endswith("_s") else f"{k}={v:.1f}"
                                         for k, v in figures.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
