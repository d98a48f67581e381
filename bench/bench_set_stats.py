"""Print what the larger bench set holds: per pinned version, its code files and how many are new.

Fetches `tests/fixtures/fetch_bench_components.py` (cached), then counts code files the way
`compare_bench.code_only` selects them: per added version (in `OLDER + MORE` order) the files new
by content to everything before it, and for the whole set files, distinct files and size.
Run: `uv run python bench/bench_set_stats.py`.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.compare_bench import CODE_SUFFIXES, NOT_CODE, code_only
from tests.fixtures.fetch_bench_components import LATEST, MORE, OLDER, fetch


def digests(folder: Path) -> list[str]:
    """sha256 of every code file under `folder` (same selection as `code_only`)."""
    out = []
    for f in sorted(folder.rglob("*")):
        if not f.is_file() or f.is_symlink() or f.name.endswith(NOT_CODE):
            continue
        if f.name.endswith(CODE_SUFFIXES):
            out.append(hashlib.sha256(f.read_bytes()).hexdigest())
    return out


def main() -> int:
    root = fetch()
    seen: set[str] = set()
    for name, version in LATEST.items():
        seen.update(digests(root / f"{name.split('/')[1]}-{version}"))
    print(f"latest versions of {len(LATEST)} packages: {len(seen)} distinct")
    for name, version in OLDER + MORE:
        found = digests(root / f"{name.split('/')[1]}-{version}")
        new = set(found) - seen
        seen |= new
        print(f"{name}@{version}: {len(new)}/{len(found)} new, {len(seen)} distinct so far")
    with tempfile.TemporaryDirectory() as tmp:
        data = code_only(root, Path(tmp) / "large")
    versions = len(LATEST) + len(OLDER) + len(MORE)
    print(
        f"{len(LATEST)} packages, {versions} package versions: {data.files} code files, "
        f"{data.distinct} distinct, {data.size / 1e6:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
