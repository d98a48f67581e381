"""Run the whole offline `stepguard scan` (the real CLI, every registered rule) on one folder.

`python bench/run_stepguard.py ROOT OUT.json [SCAN OPTION…]` — e.g. `--select secret` limits the
rules, `--no-cache` checks every workflow again.
Writes files/bytes/seconds and the findings (path, line, rule, category) as JSON; findings carry
no secret value.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.cli import main as stepguard


def main(argv: list[str]) -> int:
    root, out = Path(argv[0]), Path(argv[1])
    extra = argv[2:]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        started = time.perf_counter()
        code = stepguard(
            [
                "scan",
                str(root),
                "--format",
                "json",
                "--output",
                str(report),
                "--fail-on",
                "never",
                *extra,
            ]
        )
        seconds = time.perf_counter() - started
        if code != 0:
            return code
        doc = json.loads(report.read_text(encoding="utf-8"))
    out.write_text(
        json.dumps(
            {
                "files": doc["stats"]["files"],
                "bytes": doc["stats"]["bytes"],
                "seconds": seconds,
                "findings": [
                    [f["path"], f["line"], f["rule"], f["category"]] for f in doc["findings"]
                ],
            }
        ),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
