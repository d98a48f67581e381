"""Time the logging data-flow analysis on big generated steps (it must stay roughly linear).

uv run python bench/dataflow_bench.py [--lines 1500]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checks.dataflow import analyze
from checks.model import Language
from checks.parsing import parse_code
from tests.checks.logging.test_big_steps import _big_js, _big_py, _chain


def _time(text: str, language: Language) -> float:
    code = parse_code(text, language)
    _ = code.js_tree if language.is_js else code.py_tree  # parse outside the timed part
    started = time.perf_counter()
    analyze(code, use_secret_detectors=False)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1500)
    n = parser.parse_args().lines
    for label, text, lang in (
        (f"js {n} chained objects", _big_js(n), Language.NODE),
        (f"python {n} chained dicts", _big_py(n), Language.PYTHON),
        ("js 3000-step alias chain", _chain(3000), Language.NODE),
    ):
        print(f"{label:<28} {_time(text, lang):.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
