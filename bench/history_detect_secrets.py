"""A full-history scan with detect-secrets 1.5.0 (which has no git-history mode).

`python bench/history_detect_secrets.py REPO` reads one `git log --all -p --unified=0` stream
(the same command and parser as `stepguard scan --history`) and runs detect-secrets' per-file
line scanner (default plugins and filters) over each file's added lines in each commit.
Prints JSON: findings, distinct secrets, and the SHA-1 hashes detect-secrets keeps (no values).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from detect_secrets.core.scan import _process_line_based_plugins
from detect_secrets.settings import default_settings

from checks.history import HistoryLimits, iter_patches, log_command


def main(repo: str) -> int:
    limits = HistoryLimits()
    args = log_command(Path(repo).resolve(), ".", limits)
    proc = subprocess.Popen(args, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    findings = 0
    hashes: set[str] = set()
    with default_settings():
        for item in iter_patches(proc.stdout, limits):
            if isinstance(item, tuple):
                continue
            lines = [
                (i, body.decode("utf-8", "replace")) for i, body in enumerate(item.lines, start=1)
            ]
            for secret in _process_line_based_plugins(lines=lines, filename=item.path):
                findings += 1
                hashes.add(secret.secret_hash)
    proc.wait()
    print(json.dumps({"findings": findings, "distinct": len(hashes), "hashes": sorted(hashes)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
