"""Benchmark the assistant: time to the first interactive screen, peak memory, key latency.

    uv run python bench/tui_startup.py            # demo + generated 50x10 project
    uv run python bench/tui_startup.py --json

Startup is measured as a whole process (parent starts the interpreter → screen up, headless,
120x40): "first screen" is the scanning screen (it already answers keys: q, ?, Esc) and
"project ready" is the project/overview screen after the scan worker finished. Median of
`--runs`; peak RSS from the children's rusage. Key latency is measured in-process with
Textual's Pilot: the screen's handler time, the full round trip (key event → handled → every
widget idle) and, for scale, the round trip of a key bound to nothing (Pilot's own cost).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = """
import asyncio, json, sys, time
from pathlib import Path
from tui.app import create_app
from tui.services import Services
from screens.overview import OverviewScreen
from screens.project import ProjectScreen

async def main():
    t0 = float(sys.argv[3])
    app = create_app([Path(sys.argv[1])], services=Services(data_dir=Path(sys.argv[2])))
    first = None
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, (ProjectScreen, OverviewScreen)):
            if first is None and len(app.screen_stack) > 1:
                first = time.time() - t0
            await pilot.pause(0.002)
        await pilot.pause()
        ready = time.time() - t0
    print(json.dumps({"first": first if first is not None else ready, "ready": ready}))
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
    """A GitHub-Sync project with `workflows` x `steps` Node code steps."""
    for w in range(workflows):
        wdir = root / f"workflow-{w:02d}-p_Gen{w:04d}x"
        lines = [
            "schema: workflow/2022.04",
            f"name: Generated {w:02d}",
            "triggers:",
            f"- id: hi_Gen{w:04d}",
            "steps:",
        ]
        for s in range(steps):
            ns = f"step_{s:02d}"
            (wdir / ns).mkdir(parents=True, exist_ok=True)
            (wdir / ns / "entry.mjs").write_text(STEP.format(w=w, s=s), encoding="utf-8")
            lines += [f"- namespace: {ns}", "  runtime: nodejs20.x", f"  uses: ./{ns}/entry.mjs"]
        (wdir / "workflow.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (wdir / ".workflow.state").write_text(f"id: p_Gen{w:04d}x\n", encoding="utf-8")
    return root


def startup(path: Path, runs: int = 3, reopen: bool = False) -> dict[str, float]:
    """First opening (result cache off) or, with `reopen`, opening a project scanned before."""
    firsts: list[float] = []
    readies: list[float] = []
    peak_kb = 0
    with tempfile.TemporaryDirectory() as data:
        env = {
            **os.environ,
            "STEPGUARD_DATA_DIR": data,
            "STEPGUARD_CONFIG_DIR": data,
            "STEPGUARD_CACHE_DIR": data,
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as on a user's machine
        if reopen:
            env.pop("STEPGUARD_NO_CACHE", None)
            from checks.engine import ScanOptions, scan

            scan([path], ScanOptions(cache_dir=Path(data)))  # the earlier visit
        else:
            env["STEPGUARD_NO_CACHE"] = "1"
        for _ in range(runs):
            t0 = time.time()
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(path), data, repr(t0)],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            figures = json.loads(out.strip().splitlines()[-1])
            firsts.append(figures["first"])
            readies.append(figures["ready"])
            peak_kb = max(peak_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return {
        "first_screen_s": statistics.median(firsts),
        "project_ready_s": statistics.median(readies),
        "best_ready_s": min(readies),
        "peak_rss_mb": peak_kb / 1024,
    }


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return 1000 * ordered[int(q * (len(ordered) - 1))]


async def key_latency(path: Path, presses: int = 40) -> dict[str, float]:
    from screens.step import StepScreen
    from tui.app import create_app
    from tui.services import Services

    handler: list[float] = []
    round_trip: list[float] = []
    unbound: list[float] = []
    with tempfile.TemporaryDirectory() as data:
        app = create_app([path], services=Services(data_dir=Path(data)))
        app.animation_level = "none"
        async with app.run_test(size=(120, 40)) as pilot:
            while app.project is None:
                await pilot.pause(0.01)
            await app.workers.wait_for_complete()
            await pilot.pause()
            workflow = max(app.project.workflows, key=lambda w: len(w.steps))
            screen = StepScreen(workflow, 0)
            await app.push_screen(screen)
            await pilot.pause()
            actions = [
                screen.action_next_finding,
                screen.action_prev_finding,
                screen.action_next_step,
                screen.action_prev_step,
            ]
            keys = ["n", "p", "right_square_bracket", "left_square_bracket"]
            for i in range(presses):
                t0 = time.perf_counter()
                actions[i % 4]()
                handler.append(time.perf_counter() - t0)
                await pilot.pause()
                t0 = time.perf_counter()
                await pilot.press(keys[i % 4])
                round_trip.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                await pilot.press("f12")
                unbound.append(time.perf_counter() - t0)
    return {
        "handler_p50_ms": _pct(handler, 0.5),
        "handler_max_ms": _pct(handler, 1.0),
        "roundtrip_p50_ms": _pct(round_trip, 0.5),
        "roundtrip_p95_ms": _pct(round_trip, 0.95),
        "unbound_key_p50_ms": _pct(unbound, 0.5),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from checks.demo import write_demo

    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo"
        write_demo(demo)
        large = generate_project(Path(tmp) / "large")
        results["demo startup"] = startup(demo, args.runs)
        results["50x10 startup"] = startup(large, args.runs)
        results["50x10 reopen"] = startup(large, args.runs, reopen=True)
        results["demo keys"] = asyncio.run(key_latency(demo))
        results["50x10 keys"] = asyncio.run(key_latency(large))
    load = os.getloadavg()[0]
    if args.json:
        print(json.dumps({"results": results, "loadavg": load, "cpus": os.cpu_count()}, indent=2))
        return 0
    for name, figures in results.items():
        cells = [f"{k}={v:.2f}" if k.endswith("_s") else f"{k}={v:.1f}" for k, v in figures.items()]
        print(f"{name:<14} " + "  ".join(cells))
    print(f"(load average {load:.1f} on {os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
