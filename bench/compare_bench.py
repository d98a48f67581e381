"""Before/after bench: first scans of several stepguard checkouts and detect-secrets, one run.

Each checkout is a folder with its own `.venv` (`uv sync --group bench` in it), e.g. the commit
before a change and the branch after it. Datasets:

- `components`: the `@pipedream/*` packages of `tests/fixtures/fetch_components.py`, as unpacked;
- `tree`: the generated GitHub-Sync tree of `bench/scan_bench.py` (`--steps`, `--seed`);
- `large`: the larger real set of `tests/fixtures/fetch_bench_components.py`, reduced to the code
  files stepguard scans, so that stepguard and detect-secrets read exactly the same files
  (`dist/` and `build/` folders, which stepguard skips by default, renamed to `dist-code/` …).

Every measured command is a whole process (`python -m tui.cli scan ROOT --no-cache --format json`,
all rules, default `--jobs`) under `bench/measure.py`. Each tool runs once untimed (bytecode
compiled, files in the page cache); then `--repeat` rounds run every tool once each, in an order
rotated per round so that load from other processes falls on all tools alike; the median is
reported. Findings of every checkout are compared with the first one's (path, line, rule).

    uv run --group bench python bench/compare_bench.py base=/work/wt/bench-base after=. \\
        [--datasets components,tree,large] [--repeat 3] [--json results.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scan_bench import generate_tree  # noqa: E402

CODE_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".py", ".sh", ".go")
NOT_CODE = (".d.ts", ".min.js")
SKIPPED_DIRS = ("dist", "build", "node_modules")
DETECT_SECRETS = "detect-secrets 1.5.0"


@dataclass(frozen=True)
class Checkout:
    label: str
    path: Path

    @property
    def python(self) -> Path:
        return self.path / ".venv" / "bin" / "python"


@dataclass
class Dataset:
    label: str
    root: Path
    files: int = 0
    distinct: int = 0
    size: int = 0


@dataclass
class Timing:
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    findings: list[tuple[str, int, str]] | None = None
    report: str = ""  # findings and skipped entries as JSON, to compare byte for byte
    skipped: int = 0
    files: int = 0


def _checkout(spec: str) -> Checkout:
    label, _, path = spec.rpartition("=")
    where = Path(path).resolve()
    co = Checkout(label or where.name, where)
    if not co.python.exists():
        raise SystemExit(f"{where}: no .venv — run `uv sync --group bench` in it first")
    return co


def _env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("VIRTUAL_ENV", None)
    env["STEPGUARD_CACHE_DIR"] = str(cache)
    return env


def _measure(cmd: list[str], env: dict[str, str], cwd: Path, stdout: Path | None = None) -> dict:
    wrapper = [sys.executable, str(ROOT / "bench" / "measure.py"), "--cwd", str(cwd)]
    if stdout is not None:
        wrapper += ["--stdout", str(stdout)]
    out = subprocess.run(wrapper + cmd, capture_output=True, text=True, check=True, env=env)
    doc: dict = json.loads(out.stdout)
    if doc["rc"] not in (0, 1):
        raise RuntimeError(f"{cmd[0]} failed ({doc['rc']}): {doc['stderr']}")
    return doc


def scan_stepguard(co: Checkout, data: Dataset, work: Path) -> tuple[dict, dict]:
    report = work / f"report-{co.label}.json"
    cmd = [str(co.python), "-m", "tui.cli", "scan", str(data.root), "--format", "json"]
    cmd += ["--output", str(report), "--fail-on", "never", "--no-cache"]
    m = _measure(cmd, _env(work / f"cache-{co.label}"), co.path)
    return m, json.loads(report.read_text(encoding="utf-8"))


def scan_detect_secrets(data: Dataset, work: Path) -> dict:
    exe = shutil.which("detect-secrets")
    if exe is None:
        raise SystemExit("detect-secrets is not installed: run with `uv run --group bench`")
    out = work / "detect-secrets.json"
    return _measure([exe, "scan", "--all-files"], _env(work / "cache-ds"), data.root, out)


def code_only(src: Path, dest: Path) -> Dataset:
    """Copy the files stepguard scans (code, not `.d.ts`/`.min.js`) from `src` into `dest`."""
    data = Dataset("large", dest)
    digests: set[str] = set()
    for f in sorted(src.rglob("*")):
        if not f.is_file() or f.is_symlink():
            continue
        if not f.name.endswith(CODE_SUFFIXES) or f.name.endswith(NOT_CODE):
            continue
        # stepguard does not descend into dist/ and build/ (SKIP_DIRS); the renamed folders
        # keep the published SDK code in the set, read by both tools.
        rel = [
            f"{part}-code" if part in SKIPPED_DIRS else part for part in f.relative_to(src).parts
        ]
        target = dest.joinpath(*rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        blob = f.read_bytes()
        target.write_bytes(blob)
        digests.add(hashlib.sha256(blob).hexdigest())
        data.files += 1
        data.size += len(blob)
    data.distinct = len(digests)
    return data


def _findings(doc: dict) -> list[tuple[str, int, str]]:
    return sorted((f["path"], f["line"], f["rule"]) for f in doc["findings"])


def bench_dataset(
    data: Dataset, checkouts: list[Checkout], work: Path, repeat: int, with_ds: bool
) -> list[dict]:
    tools: list[str] = [co.label for co in checkouts] + ([DETECT_SECRETS] if with_ds else [])
    timings = {t: Timing() for t in tools}
    by_label = {co.label: co for co in checkouts}

    def run(tool: str, timed: bool) -> None:
        t = timings[tool]
        if tool == DETECT_SECRETS:
            m = scan_detect_secrets(data, work)
        else:
            m, doc = scan_stepguard(by_label[tool], data, work)
            t.findings, t.skipped = _findings(doc), len(doc.get("skipped", []))
            t.report = json.dumps([doc["findings"], doc.get("skipped", [])], sort_keys=True)
            t.files = doc["stats"]["files"]
        if timed:
            t.walls.append(m["wall"])
            t.cpus.append(m["cpu"])
            t.rss.append(m["maxrss_mb"])
        note = "" if timed else " (warm-up)"
        sys.stderr.write(f"  {data.label} {tool}: {m['wall']:.2f} s{note}\n")

    for tool in tools:
        run(tool, timed=False)
    for r in range(repeat):
        for tool in tools[r % len(tools) :] + tools[: r % len(tools)]:
            run(tool, timed=True)
    reference = timings[checkouts[0].label].findings or []
    reference_report = timings[checkouts[0].label].report
    ds_wall = statistics.median(timings[DETECT_SECRETS].walls) if with_ds else None
    ds_cpu = statistics.median(timings[DETECT_SECRETS].cpus) if with_ds else None
    rows = []
    for tool in tools:
        t = timings[tool]
        wall = statistics.median(t.walls)
        row: dict = {
            "dataset": data.label,
            "tool": tool,
            "files": t.files or data.files,
            "mb": round(data.size / 1e6, 2),
            "wall_s": round(wall, 2),
            "walls": [round(w, 2) for w in t.walls],
            "cpu_s": round(statistics.median(t.cpus), 2),
            "peak_mb": round(max(t.rss), 1),
        }
        if t.findings is not None:
            row["findings"] = len(t.findings)
            row["skipped"] = t.skipped
            row["same_findings_as_first"] = t.findings == reference
            row["diff"] = len(set(t.findings) ^ set(reference))
            row["identical_report"] = t.report == reference_report
        if ds_wall is not None and ds_cpu is not None and tool != DETECT_SECRETS:
            row["vs_detect_secrets"] = round(ds_wall / wall, 1)
            row["cpu_vs_detect_secrets"] = round(ds_cpu / statistics.median(t.cpus), 1)
        rows.append(row)
    return rows


def table(rows: list[dict]) -> str:
    head = (
        "| dataset | tool | files | MB | wall s (median) | wall s (runs) | CPU s | peak MB | "
        "findings | same findings | detect-secrets ÷ tool, wall / CPU |\n"
        "|---|---|--:|--:|--:|---|--:|--:|--:|---|--:|\n"
    )
    body = ""
    for r in rows:
        same = r.get("same_findings_as_first")
        same_txt = "" if same is None else ("yes" if same else f"no ({r['diff']} differ)")
        if same and not r["identical_report"]:
            same_txt += " (messages or fingerprints differ)"
        body += (
            f"| {r['dataset']} | {r['tool']} | {r['files']} | {r['mb']} | {r['wall_s']} | "
            f"{', '.join(map(str, r['walls']))} | {r['cpu_s']} | {r['peak_mb']} | "
            f"{r.get('findings', '')} | {same_txt} | "
            f"{_ratio(r)} |\n"
        )
    return head + body


def _ratio(row: dict) -> str:
    if "vs_detect_secrets" not in row:
        return ""
    return f"{row['vs_detect_secrets']}× / {row['cpu_vs_detect_secrets']}×"


def _dir_stats(data: Dataset) -> Dataset:
    files = [f for f in data.root.rglob("*") if f.is_file()]
    data.size = sum(f.stat().st_size for f in files)
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "checkouts", nargs="*", default=[str(ROOT)], help="[LABEL=]PATH of each checkout"
    )
    parser.add_argument("--datasets", default="components,tree,large")
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=20240801)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    checkouts = [_checkout(spec) for spec in args.checkouts]
    wanted = args.datasets.split(",")
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="stepguard-compare-") as tmp:
        work = Path(tmp)
        for name in wanted:
            if name == "components":
                from tests.fixtures.fetch_components import fetch

                data = _dir_stats(Dataset("components", fetch()))
            elif name == "tree":
                tree = generate_tree(work / "tree", args.steps, args.seed)
                data = _dir_stats(Dataset("generated tree", tree.root))
            elif name == "large":
                from tests.fixtures.fetch_bench_components import fetch as fetch_large

                data = code_only(fetch_large(), work / "large")
                sys.stderr.write(
                    f"large set: {data.files} code files ({data.distinct} distinct by content), "
                    f"{data.size / 1e6:.1f} MB\n"
                )
            else:
                raise SystemExit(f"unknown dataset {name!r}")
            rows += bench_dataset(data, checkouts, work, args.repeat, with_ds=name == "large")
    sys.stdout.write(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
