"""`stepguard packages PATH…`: audit the npm/PyPI packages that code steps import."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap

from checks.packages.report import PackageReport, Verdict
from tui.args import path_text
from tui.terminal import safe_lines, write_trusted

FAIL_LEVELS = {"risky": Verdict.RISKY, "review": Verdict.REVIEW, "never": None}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "packages",
        help="audit the npm/PyPI packages code steps import (asks the registries)",
        description="List every package the code steps import with a verdict (ok, review, risky, "
        "unknown) and the reasons: known vulnerabilities, deprecation, install scripts, look-alike "
        "names, missing pins and more. See docs/packages.md.",
    )
    p.add_argument(
        "paths", nargs="+", type=path_text, metavar="PATH", help="file, folder or p_… workflow id"
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--offline", action="store_true", help="use cached registry answers only")
    p.add_argument("--org", metavar="ORG_ID", help="workspace id for p_… workflow ids")
    p.add_argument(
        "--fail-on",
        choices=tuple(FAIL_LEVELS),
        default="never",
        help="exit 1 when a package is at least this bad (default: never)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from checks.packages import audit_sync
    from checks.packages.client import ClientOptions
    from tui.sources import load_inputs

    loaded = load_inputs(args.paths, org_id=args.org)
    progress = _progress_printer() if args.format == "text" and sys.stderr.isatty() else None
    report = audit_sync(loaded.workflows, ClientOptions(offline=args.offline), progress=progress)
    if progress is not None:
        write_trusted(sys.stderr, "\r\033[K")
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
    else:
        sys.stdout.write(safe_lines(render_text(report)))
    for skipped in loaded.skipped:
        print(f"skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    threshold = FAIL_LEVELS[args.fail_on]
    if threshold is not None and any(p.verdict.rank >= threshold.rank for p in report.packages):
        return 1
    return 2 if loaded.skipped else 0  # as `scan`: an input not read is not a clean result


def _progress_printer():
    def show(done: int, total: int) -> None:
        write_trusted(sys.stderr, f"\rchecking packages {done}/{total}")

    return show


def render_text(report: PackageReport) -> str:
    if not report.packages:
        return "No npm or PyPI packages imported.\n"
    rows = [(p.name, p.ecosystem, p.pin_label, p.verdict.value) for p in report.packages]
    widths = [
        max(len(h), *(len(r[i]) for r in rows))
        for i, h in enumerate(("PACKAGE", "ECOSYSTEM", "VERSION/PIN", "VERDICT"))
    ]
    indent = " " * (sum(widths) + 2 * len(widths))
    lines = [_row(("PACKAGE", "ECOSYSTEM", "VERSION/PIN", "VERDICT", "REASONS"), widths)]
    for p, row in zip(report.packages, rows, strict=True):
        reasons = [r.message for r in p.reasons if r.level is not Verdict.OK] or [
            "no problems found"
        ]
        first, *rest = reasons
        lines.append(_row((*row, _clip(first)), widths))
        lines.extend(indent + _clip(r) for r in rest)
        for v in p.vulnerabilities[:5]:
            lines.append(f"{indent}  {v.id}: {_clip(v.summary, 70)} <{v.url}>")
        links = " ".join(f"<{u}>" for k, u in p.links.items() if k in ("registry", "repository"))
        lines.append(f"{indent}used in {', '.join(p.steps)}" + (f"  {links}" if links else ""))
    counts = report.counts()
    summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    lines.append("")
    lines.append(
        f"{len(report.packages)} packages: {summary}"
        + (" (offline: cached answers only)" if report.offline else "")
    )
    lines.extend(f"note: {n}" for n in report.notes)
    return "\n".join(lines) + "\n"


def _row(cells: tuple[str, ...], widths: list[int]) -> str:
    head = "  ".join(c.ljust(w) for c, w in zip(cells[:-1], widths, strict=True))
    return f"{head}  {cells[-1]}".rstrip()


def _clip(text: str, width: int = 110) -> str:
    return textwrap.shorten(text, width=width, placeholder="…")
