"""`stepguard fixes …`: the fix journal shared with the assistant — list applied fixes, undo one.

fixes list [PATH]                 applied fixes still undoable (all projects without PATH)
fixes undo [PATH] [--id ID]       undo one fix (default: the latest under PATH), in any order
                                  the code allows; a later fix of the same code is named first
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checks.errors import StepguardError

PROG = "stepguard"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fixes",
        help="list the fixes applied (CLI and assistant) and undo any of them",
        description="Every fix stepguard applies (https rewrites, pins, logging and header "
        "fixes, secret migrations, inserted snippets) is kept in one journal in your config "
        "folder. List them, and undo any one: fixes that touched other code undo in any order; "
        "when a later fix changed the same code, undo names it so you can undo it first.",
    )
    commands = parser.add_subparsers(dest="fixes_command", metavar="ACTION", required=True)
    listing = commands.add_parser("list", help="applied fixes that can still be undone")
    listing.add_argument("path", type=Path, nargs="?", metavar="PATH", help="only under PATH")
    listing.set_defaults(func=run_list)
    undo = commands.add_parser("undo", help="undo one fix (default: the latest under PATH)")
    undo.add_argument("path", type=Path, nargs="?", metavar="PATH", help="project or file")
    undo.add_argument("--id", dest="entry_id", metavar="ID", help="the fix to undo (see list)")
    undo.add_argument(
        "--first",
        action="store_true",
        help="when a later fix blocks this one, undo that later fix first (one at a time)",
    )
    undo.set_defaults(func=run_undo)


def _error(message: str) -> int:
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)
    return 2


def run_list(args: argparse.Namespace) -> int:
    from checks.fixes.journal import list_entries

    try:
        entries = list_entries(args.path)
    except StepguardError as exc:
        return _error(str(exc))
    if not entries:
        print("no fixes to undo" + (f" under {args.path}" if args.path else ""))
        return 0
    width = max(len(e.id) for e in entries)
    for e in entries:
        after = f"  (undo {', '.join(e.depends_on)} after this)" if e.depends_on else ""
        print(f"{e.id:<{width}}  {e.created}  {e.summary}{after}")
    return 0


def run_undo(args: argparse.Namespace) -> int:
    from checks.fixes.journal import UndoBlocked, undo

    if args.path is None and args.entry_id is None:
        return _error(
            "say which fix: PATH (its latest fix) or --id ID (see `stepguard fixes list`)"
        )
    try:
        entry = undo(args.path, args.entry_id)
    except UndoBlocked as exc:
        if not args.first:
            print(f"{PROG}: {exc}", file=sys.stderr)
            print(f"undo it first: {PROG} fixes undo --id {exc.blocker.id}", file=sys.stderr)
            return 1
        try:
            entry = undo(None, exc.blocker.id)
        except StepguardError as inner:
            return _error(str(inner))
    except StepguardError as exc:
        return _error(str(exc))
    print(f"undone: {entry.summary} ({entry.id})")
    return 0
