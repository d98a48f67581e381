"""Regenerate the bundled lists of popular package names used by the look-alike (typosquat) check.

Run by hand, now and then (it needs the network):

    uv run python scripts/update_popular_packages.py [--npm-size 300] [--pypi-size 500]

Sources
- PyPI: Hugo van Kemenade's "top PyPI packages" dataset (https://hugovk.github.io/top-pypi-packages/),
  built monthly from PyPI's public download statistics in BigQuery; the top N projects are kept.
- npm: candidates come from the registry search API sorted by popularity
  (`GET {registry}/-/v1/search?text=…&popularity=1.0`), plus the names already bundled; each
  candidate is ranked by its last-week downloads from the npm downloads API
  (`GET {api}/downloads/point/last-week/a,b,c`, up to 128 unscoped names per request; scoped names
  one at a time) and the top N are kept.

Base URLs follow the same environment variables as the audit (STEPGUARD_NPM_REGISTRY,
STEPGUARD_NPM_DOWNLOADS) plus STEPGUARD_TOP_PYPI (the dataset's JSON URL).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "checks" / "packages" / "data"
TOP_PYPI = "https://hugovk.github.io/top-pypi-packages/top-pypi-packages-30-days.min.json"
SEARCH_TEXTS = ("keywords:http", "keywords:api", "keywords:util", "keywords:sdk", "not:insecure")
BULK_LIMIT = 128


def _env(name: str, default: str) -> str:
    return (os.environ.get(name) or default).rstrip("/")


def top_pypi(client: httpx.Client, size: int) -> list[str]:
    doc = client.get(_env("STEPGUARD_TOP_PYPI", TOP_PYPI)).raise_for_status().json()
    rows = sorted(doc["rows"], key=lambda r: -int(r.get("download_count", 0)))
    return [str(r["project"]) for r in rows[:size]]


def npm_candidates(client: httpx.Client, current: list[str], pages: int = 2) -> set[str]:
    registry = _env("STEPGUARD_NPM_REGISTRY", "https://registry.npmjs.org")
    names = set(current)
    for text in SEARCH_TEXTS:
        for page in range(pages):
            params = {
                "text": text,
                "size": 250,
                "from": page * 250,
                "popularity": 1.0,
                "quality": 0.0,
                "maintenance": 0.0,
            }
            response = client.get(f"{registry}/-/v1/search", params=params)
            if response.status_code != 200:
                break
            names.update(o["package"]["name"] for o in response.json().get("objects", []))
    return names


def npm_downloads(client: httpx.Client, names: set[str]) -> dict[str, int]:
    api = _env("STEPGUARD_NPM_DOWNLOADS", "https://api.npmjs.org")
    counts: dict[str, int] = {}
    unscoped = sorted(n for n in names if not n.startswith("@"))
    for start in range(0, len(unscoped), BULK_LIMIT):
        batch = unscoped[start : start + BULK_LIMIT]
        response = client.get(f"{api}/downloads/point/last-week/{','.join(batch)}")
        if response.status_code != 200:
            continue
        doc = response.json()
        if len(batch) == 1:  # a single name answers with the point object itself
            doc = {batch[0]: doc}
        for name, entry in doc.items():
            if isinstance(entry, dict) and isinstance(entry.get("downloads"), int):
                counts[name] = entry["downloads"]
    for name in sorted(n for n in names if n.startswith("@")):
        response = client.get(f"{api}/downloads/point/last-week/{name}")
        if response.status_code == 200 and isinstance(response.json().get("downloads"), int):
            counts[name] = response.json()["downloads"]
    return counts


def read_names(path: Path) -> list[str]:
    if not path.exists():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def write_names(path: Path, names: list[str], source: str) -> None:
    sys.path.insert(0, str(ROOT))
    from checks.fsutil import atomic_write_text

    header = [
        "# Popular package names (one per line), used to spot look-alike (typosquat) names.",
        "# Regenerate with: uv run python scripts/update_popular_packages.py",
        f"# Source: {source}; generated {dt.date.today().isoformat()}.",
    ]
    atomic_write_text(path, "\n".join([*header, *names]) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--npm-size", type=int, default=300)
    parser.add_argument("--pypi-size", type=int, default=500)
    parser.add_argument("--out-dir", type=Path, default=DATA)
    parser.add_argument("--skip-npm", action="store_true")
    parser.add_argument("--skip-pypi", action="store_true")
    args = parser.parse_args(argv)
    headers = {"User-Agent": "stepguard popular-package list updater"}
    with httpx.Client(timeout=30.0, headers=headers, follow_redirects=True) as client:
        if not args.skip_pypi:
            names = top_pypi(client, args.pypi_size)
            write_names(
                args.out_dir / "popular-pypi.txt",
                names,
                "top PyPI projects by 30-day downloads (hugovk.github.io/top-pypi-packages)",
            )
            print(f"popular-pypi.txt: {len(names)} names")
        if not args.skip_npm:
            current = read_names(args.out_dir / "popular-npm.txt")
            counts = npm_downloads(client, npm_candidates(client, current))
            ranked = sorted(counts, key=lambda n: (-counts[n], n))[: args.npm_size]
            write_names(
                args.out_dir / "popular-npm.txt",
                sorted(ranked),
                "npm search by popularity + current list, ranked by last-week downloads",
            )
            print(f"popular-npm.txt: {len(ranked)} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
