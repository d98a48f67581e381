"""Findings snapshot: the safety net for refactoring the analyses.

Scans four corpora with the real CLI (`stepguard scan --no-cache --format json`) and stores their
findings normalised (no fingerprints, no absolute paths, sorted), so that a refactoring can be
checked to change nothing — or exactly what it means to change:

    uv run python scripts/findings_snapshot.py save  SNAPSHOT.json
    uv run python scripts/findings_snapshot.py diff  SNAPSHOT.json   # exit 1 on any difference

Corpora: the demo project (`checks.demo.write_demo`), the labelled secret corpus of the tests, a
generated GitHub-Sync tree (`bench.scan_bench.generate_tree`, fixed seed) and the fetched
`@pipedream/*` component code (`tests/fixtures/fetch_components.py`, cached in ~/.cache).
Findings carry no secret values (evidence is redacted by the report writer).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scan_bench import generate_tree  # noqa: E402
from checks.demo import write_demo  # noqa: E402
from tests.checks.secrets.generate_corpus import write as write_corpus  # noqa: E402

COMPONENTS = Path.home() / ".cache" / "stepguard-tests" / "components"
KEYS = ("rule", "path", "line", "column", "end_line", "end_column", "step", "message", "evidence")


def _corpora(work: Path, steps: int) -> dict[str, Path]:
    corpora = {
        "demo": write_demo(work / "demo"),
        "corpus": work / "corpus",
        "tree": work / "tree",
    }
    write_corpus(corpora["corpus"])
    generate_tree(corpora["tree"], steps, 20240801)
    if not COMPONENTS.is_dir():
        raise SystemExit("component code not fetched: run tests/fixtures/fetch_components.py")
    corpora["components"] = COMPONENTS
    return corpora


def _scan(root: Path, work: Path) -> dict[str, object]:
    out = work / "report.json"
    cmd = [sys.executable, "-m", "tui.cli", "scan", str(root), "--no-cache", "--format", "json"]
    cmd += ["--output", str(out), "--fail-on", "never"]
    subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)
    doc = json.loads(out.read_text(encoding="utf-8"))
    findings = sorted(
        ({k: f.get(k) for k in KEYS} | {"extra": f.get("extra")} for f in doc["findings"]),
        key=lambda f: json.dumps(f, sort_keys=True),
    )
    skipped = sorted(json.dumps(s, sort_keys=True) for s in doc.get("skipped", []))
    return {"findings": findings, "skipped": skipped}


def snapshot(steps: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="stepguard-snapshot-") as tmp:
        work = Path(tmp)
        corpora = _corpora(work, steps)
        return {name: _scan(root, work) for name, root in corpora.items()}


def _key(f: dict[str, object]) -> str:
    return json.dumps(f, sort_keys=True)


def diff(old: dict[str, object], new: dict[str, object]) -> list[str]:
    lines: list[str] = []
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name, {}), new.get(name, {})
        for part in ("findings", "skipped"):
            ka = {_key(f) if isinstance(f, dict) else f for f in a.get(part, [])}  # type: ignore[union-attr]
            kb = {_key(f) if isinstance(f, dict) else f for f in b.get(part, [])}  # type: ignore[union-attr]
            lines += [f"- {name} {part}: {x}" for x in sorted(ka - kb)]
            lines += [f"+ {name} {part}: {x}" for x in sorted(kb - ka)]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("save", "diff"))
    parser.add_argument("snapshot", type=Path)
    parser.add_argument("--steps", type=int, default=1500, help="generated tree size (1500)")
    args = parser.parse_args(argv)
    current = snapshot(args.steps)
    if args.mode == "save":
        args.snapshot.write_text(json.dumps(current, indent=1, sort_keys=True), encoding="utf-8")
        counts = {k: len(v["findings"]) for k, v in current.items()}  # type: ignore[index]
        print(f"saved {counts} to {args.snapshot}")
        return 0
    lines = diff(json.loads(args.snapshot.read_text(encoding="utf-8")), current)
    print("\n".join(lines) if lines else "findings identical")
    return 1 if lines else 0


if __name__ == "__main__":
    raise SystemExit(main())
