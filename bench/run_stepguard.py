"""Run the whole offline stepguard scan (every registered rule, default options) on one folder.

`python bench/run_stepguard.py ROOT OUT.json [SELECT]` — SELECT (e.g. `secret`) limits the rules;
writes files/bytes/seconds and the findings
(path, line, rule, category) as JSON; no secret value is written (findings carry none).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checks.engine import ScanOptions, scan


def main(argv: list[str]) -> int:
    root, out = Path(argv[0]), Path(argv[1])
    options = ScanOptions(select=argv[2].split(",")) if len(argv) > 2 else ScanOptions()
    started = time.perf_counter()
    result = scan([root], options)
    seconds = time.perf_counter() - started
    doc = {
        "files": result.files,
        "bytes": result.bytes,
        "seconds": seconds,
        "findings": [[f.path, f.line, f.rule, f.category.value] for f in result.findings],
    }
    out.write_text(json.dumps(doc), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
