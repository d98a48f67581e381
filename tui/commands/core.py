"""Core subcommands: scan, rules, explain, demo, open."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from checks.errors import InputError, StepguardError
from checks.model import Category, Severity
from tui.args import path_arg, path_text
from tui.terminal import write_trusted

FAIL_ON_DEFAULT = "high"
PROG = "stepguard"


def register(sub: argparse._SubParsersAction) -> None:
    scan = sub.add_parser(
        "scan",
        help="scan workflows, steps or components headlessly (for CI)",
        description="Scan paths (GitHub-Sync project folders, step/component files, workflow JSON) "
        "or Pipedream workflow ids (p_…) and report findings.",
    )
    scan.add_argument(
        "paths", nargs="+", type=path_text, metavar="PATH", help="file, folder or p_… workflow id"
    )
    scan.add_argument(
        "--format",
        choices=("text", "json", "sarif", "markdown"),
        default="text",
        help="report format (default: text; json/sarif for CI, markdown for a PR comment)",
    )
    scan.add_argument("--output", "-o", type=path_arg, help="write the report to FILE")
    scan.add_argument(
        "--fail-on",
        default=FAIL_ON_DEFAULT,
        metavar="SEVERITY",
        help="exit 1 when a finding is at or above SEVERITY "
        "(critical, high, medium, low, info, never; default: high)",
    )
    scan.add_argument(
        "--select", metavar="IDS", help="comma-separated rule ids, prefixes or categories"
    )
    scan.add_argument(
        "--ignore", metavar="IDS", help="comma-separated rule ids, prefixes or categories"
    )
    scan.add_argument(
        "--baseline", type=path_arg, metavar="FILE", help="hide findings listed in FILE"
    )
    scan.add_argument(
        "--write-baseline",
        type=path_arg,
        metavar="FILE",
        help="write current findings to FILE and exit 0",
    )
    scan.add_argument("--packages", action="store_true", help="audit npm/PyPI packages (network)")
    scan.add_argument("--offline", action="store_true", help="with --packages: use the cache only")
    scan.add_argument("--org", metavar="ORG_ID", help="workspace id for p_… workflow ids")
    scan.add_argument(
        "--history",
        action="store_true",
        help="also scan every commit of the paths' git repositories for secrets",
    )
    scan.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=0,
        metavar="N",
        help="processes for large scans (default: one per CPU; 1 turns it off)",
    )
    scan.add_argument(
        "--no-cache",
        action="store_true",
        help="check every workflow again (also: STEPGUARD_NO_CACHE=1)",
    )
    color = scan.add_mutually_exclusive_group()
    color.add_argument(
        "--color",
        dest="color",
        action="store_true",
        default=None,
        help="colour the text report (default: when stdout is a terminal and NO_COLOR is unset)",
    )
    color.add_argument("--no-color", dest="color", action="store_false", help="plain text report")
    scan.set_defaults(func=run_scan)

    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="output format (default: text)",
    )
    rules.set_defaults(func=run_rules)

    explain = sub.add_parser("explain", help="explain one rule (e.g. stepguard explain SG101)")
    explain.add_argument("rule", metavar="RULE")
    explain.set_defaults(func=run_explain)

    demo = sub.add_parser("demo", help="open the bundled demo project in the assistant")
    demo.add_argument(
        "--reset", action="store_true", help="restore the demo copy to its original state"
    )
    demo.add_argument("--scan", action="store_true", help="scan the demo headlessly instead")
    demo.set_defaults(func=run_demo)

    open_ = sub.add_parser("open", help="open the assistant (default when no command is given)")
    open_.add_argument("paths", nargs="*", type=path_text, metavar="PATH")
    open_.set_defaults(func=run_open)


def _split(value: str | None) -> list[str]:
    return [p.strip() for p in (value or "").split(",") if p.strip()]


def _fail_threshold(text: str) -> Severity | None:
    if text.strip().lower() in ("never", "none", "off"):
        return None
    try:
        return Severity.parse(text)
    except ValueError as exc:
        raise InputError("--fail-on", str(exc)) from None


def run_scan(args: argparse.Namespace) -> int:
    from checks.baseline import read_baseline, write_baseline
    from checks.engine import ScanOptions, scan, scan_loaded, validate_rule_patterns
    from checks.reports import render
    from tui.sources import check_arguments, is_remote_id, load_inputs

    check_arguments(args.paths)
    threshold = _fail_threshold(args.fail_on)
    if args.history and any(is_remote_id(a) for a in args.paths):
        raise InputError("--history", "needs local git repositories, not workflow ids")
    select = _split(args.select) or None
    ignore = _split(args.ignore)
    unknown = validate_rule_patterns([*(select or []), *ignore])
    if unknown:
        raise InputError(
            "--select/--ignore", f"no rule matches {', '.join(unknown)} (see `stepguard rules`)"
        )
    baseline = read_baseline(args.baseline) if args.baseline else set()
    from checks.dirs import scan_cache_dir
    from checks.engine import default_jobs

    if args.jobs < 0:
        raise InputError("--jobs", "must be 0 (automatic) or a positive number")
    options = ScanOptions(
        select=select,
        ignore=ignore,
        network=args.packages,
        baseline=baseline,
        offline=args.offline,
        jobs=args.jobs or default_jobs(),
        cache_dir=None if args.no_cache else scan_cache_dir(),
    )
    if any(is_remote_id(a) for a in args.paths):
        result = scan_loaded(load_inputs(args.paths, org_id=args.org), options)
    else:
        result = scan([Path(a) for a in args.paths], options)
    if args.history:
        from checks.history import scan_histories

        result.history = scan_histories([Path(a) for a in args.paths])
    if args.write_baseline:
        write_baseline(args.write_baseline, result.findings)
        print(
            f"wrote {len(result.findings)} findings to baseline {args.write_baseline}",
            file=sys.stderr,
        )
        return 0
    if args.output:
        from checks.fsutil import atomic_write_text

        text = render(result, args.format, color=False)
        try:
            atomic_write_text(args.output, text)
        except OSError as exc:
            raise InputError(args.output, exc.strerror or "cannot be written") from None
        print(
            f"wrote {args.format} report ({len(result.findings)} findings) to {args.output}",
            file=sys.stderr,
        )
    else:
        color = args.color
        if color is None:
            color = args.format == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        # The report has its own boundary (checks/reports/safe.py) and may carry colour codes.
        write_trusted(sys.stdout, render(result, args.format, color=bool(color)))
    severities = [f.severity for f in result.findings]
    severities += [s.severity for r in result.history or () for s in r.secrets]
    if threshold is not None and any(sev >= threshold for sev in severities):
        return 1
    if result.unread:
        # Not a clean "0 findings": part of the input was not scanned (see docs/cli.md).
        n = result.unread
        first = result.skipped[0]
        print(
            f"{PROG}: error: {n} input{'s' if n != 1 else ''} could not be read "
            f"(first: {first.path}: {first.reason}); the scan is incomplete, see Skipped",
            file=sys.stderr,
        )
        return 2
    return 0


def run_rules(args: argparse.Namespace) -> int:
    from checks.rulebase import all_rules

    rules = all_rules()
    if args.format == "json":
        import json

        doc = [
            {
                "id": r.id,
                "name": r.name,
                "category": r.category.value,
                "severity": r.severity.label,
                "title": r.title,
                "practice": r.practice.value,
                "fix": r.fix,
                "network": r.network,
            }
            for r in rules
        ]
        print(json.dumps(doc, indent=2))
        return 0
    if args.format == "markdown":
        from checks.reports.rules_doc import rules_markdown

        sys.stdout.write(rules_markdown(rules))
        return 0
    width = max((len(r.name) for r in rules), default=10)
    for r in rules:
        fix = " [fix]" if r.fix else ""
        print(
            f"{r.id}  {r.category.value:<9} {r.severity.label:<8} {r.name:<{width}}  {r.title}{fix}"
        )
    return 0


def run_explain(args: argparse.Namespace) -> int:
    from checks.rulebase import get_rule

    try:
        r = get_rule(args.rule)
    except KeyError as exc:
        raise InputError(args.rule, str(exc.args[0]).split(": ", 1)[-1]) from None
    print(f"{r.id} {r.name} — {r.title}")
    print(f"category: {r.category.value}   default severity: {r.severity.label}")
    print(f"best practice: {r.practice.value}")
    print()
    print(_wrap(r.explanation))
    if r.fix:
        print()
        print(_wrap(f"Fix: {r.fix}"))
    if r.network:
        print()
        print("Runs only with `stepguard scan --packages` (it asks the package registries).")
    if r.category is Category.SECRET:
        _explain_rotation()
    return 0


def _explain_rotation() -> None:
    from checks.secrets.catalog import ROTATE_URLS
    from checks.secrets.rotation import ROTATE_SENTENCE

    print()
    print(_wrap(f"Rotate: {ROTATE_SENTENCE}"))
    print(
        _wrap(
            "If the code was ever committed, the value is also in the git history, where "
            "removing it from the code does not reach: `stepguard scan --history PATH` lists "
            "every secret ever committed, with the commit that added it."
        )
    )
    print("Where each provider's keys are revoked or rotated:")
    width = max(len(p) for p in ROTATE_URLS)
    for provider, url in sorted(ROTATE_URLS.items(), key=lambda kv: kv[0].lower()):
        print(f"  {provider:<{width}}  {url}")


def _wrap(text: str) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width=88))


def run_demo(args: argparse.Namespace) -> int:
    from checks.demo import prepare_demo_copy

    path = prepare_demo_copy(reset=args.reset)
    if args.scan:
        # Parsed by the real `scan` parser, so the demo scan gets every option's default.
        from tui.cli import build_parser

        ns = build_parser().parse_args(["scan", str(path), "--fail-on", "never"])
        return run_scan(ns)
    if args.reset and not sys.stdout.isatty():
        print(f"demo restored at {path}")
        return 0
    return _run_tui([path], demo_path=path)


def run_open(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] if args.paths else None
    return _run_tui(paths)


def _run_tui(paths: list[Path] | None, demo_path: Path | None = None) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise StepguardError(
            "the assistant needs an interactive terminal; in scripts and CI use "
            "`stepguard scan PATH` (or `stepguard demo --scan`)"
        )
    if paths:
        from checks.loaders import check_path
        from tui.sources import is_remote_id

        for p in paths:
            if not is_remote_id(str(p)):
                check_path(p)
    from tui.app import run_app
    from tui.terminal import SafeStream

    if not isinstance(sys.stderr, SafeStream):
        return run_app(paths, demo_path=demo_path)
    with sys.stderr.crash_output():  # a crash's Rich traceback: plain, redacted, no locals
        return run_app(paths, demo_path=demo_path)
