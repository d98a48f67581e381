"""Run one command and report its wall time and peak RSS (of the command's process tree).

`python bench/measure.py [--stdout FILE] [--cwd DIR] CMD...` prints one JSON line on stdout:
`{"wall": s, "cpu": s, "maxrss_mb": MB, "rc": code}`.
Running each measured tool under its own measure.py keeps RUSAGE_CHILDREN per tool.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    stdout_path = cwd = None
    while argv and argv[0] in ("--stdout", "--cwd"):
        if argv[0] == "--stdout":
            stdout_path = argv[1]
        else:
            cwd = argv[1]
        argv = argv[2:]
    sink = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL  # noqa: SIM115
    started = time.perf_counter()
    try:
        proc = subprocess.run(argv, stdout=sink, stderr=subprocess.PIPE, cwd=cwd, check=False)
    finally:
        if stdout_path:
            sink.close()  # type: ignore[union-attr]
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    doc = {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "maxrss_mb": usage.ru_maxrss / 1024,
        "rc": proc.returncode,
        "stderr": proc.stderr.decode("utf-8", "replace")[-400:] if proc.returncode else "",
    }
    sys.stdout.write(json.dumps(doc) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
