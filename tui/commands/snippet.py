"""`stepguard snippet …`: print, save or insert tested auth / signature-verification code steps."""

from __future__ import annotations

import argparse
import sys
import types
from pathlib import Path
from typing import NoReturn

from checks.escape import code_text
from tui.args import path_arg, path_text
from tui.terminal import write_trusted

PROG = "stepguard"
_SPECIAL = ("list", "undo-insert")


def _fail(message: str) -> int:
    print(f"{PROG}: error: {' '.join(str(message).split())}", file=sys.stderr)
    return 2


def _one_line_error(self: argparse.ArgumentParser, message: str) -> NoReturn:
    _fail(message)
    raise SystemExit(2)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `snippet` subcommand."""
    parser = subparsers.add_parser(
        "snippet",
        help="tested auth / webhook-signature code steps (Node.js or Python)",
        description="Print a complete Pipedream code step that authenticates the caller or "
        "verifies a provider's webhook signature. `stepguard snippet list` shows them all; "
        "`--insert WORKFLOW_DIR` adds it as the first step of a GitHub-Sync workflow folder "
        "(undo with `stepguard snippet undo-insert WORKFLOW_DIR`). See docs/snippets.md.",
    )
    parser.error = types.MethodType(_one_line_error, parser)
    parser.add_argument("name", metavar="NAME", help="snippet name, `list` or `undo-insert`")
    parser.add_argument(
        "workflow_dir",
        nargs="?",
        type=path_text,
        metavar="WORKFLOW_DIR",
        help="workflow folder (only with undo-insert)",
    )
    parser.add_argument("--lang", choices=("node", "python"), default="node")
    parser.add_argument(
        "--secret-env",
        metavar="VAR",
        help="environment variable holding the secret (default: per snippet)",
    )
    parser.add_argument("--out", metavar="FILE", type=path_arg, help="write the code to FILE")
    parser.add_argument(
        "--copy",
        action="store_true",
        help="put the code on the clipboard (a system tool, else the terminal's OSC 52)",
    )
    parser.add_argument(
        "--insert",
        metavar="WORKFLOW_DIR",
        type=path_arg,
        help="add the code as the first step of this GitHub-Sync workflow folder",
    )
    parser.add_argument(
        "--namespace",
        metavar="NS",
        help="step name for --insert (default: verify_<name> / auth_<name>)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Execute `stepguard snippet …`; returns the exit code."""
    from checks.snippets import SnippetError

    try:
        if args.name == "list":
            return _list(args)
        if args.name == "undo-insert":
            return _undo(args)
        if args.workflow_dir is not None:
            return _fail(f"unexpected argument {args.workflow_dir!r}; use --insert WORKFLOW_DIR")
        return _emit(args)
    except (SnippetError, OSError) as exc:
        return _fail(_reason(exc, args))


def _reason(exc: BaseException, args: argparse.Namespace) -> str:
    """The error in one line; a parser library's text (it quotes the input) in our words."""
    from checks.parse_errors import library_error_reason

    ours = library_error_reason(exc.__cause__)
    if ours is None:
        return str(exc)
    folder = args.insert if args.insert is not None else Path(args.workflow_dir or ".")
    return f"{folder / 'workflow.yaml'} does not parse: {ours}"


def _list(args: argparse.Namespace) -> int:
    from checks.snippets import list_snippets

    if args.workflow_dir is not None:
        return _fail("`snippet list` takes no further arguments")
    snippets = list(list_snippets())
    name_w = max((len(s.name) for s in snippets), default=0)
    kind_w = max((len(s.kind) for s in snippets), default=0)
    for snippet in snippets:
        print(f"{snippet.name:<{name_w}}  {snippet.kind:<{kind_w}}  {snippet.title}")
    return 0


def _undo(args: argparse.Namespace) -> int:
    from checks.snippets.insert import undo_insert

    if args.workflow_dir is None:
        return _fail("usage: stepguard snippet undo-insert WORKFLOW_DIR")
    undo_insert(Path(args.workflow_dir))
    print(f"restored {Path(args.workflow_dir) / 'workflow.yaml'} and removed the inserted step")
    return 0


def _emit(args: argparse.Namespace) -> int:
    from checks.fsutil import atomic_write_bytes
    from checks.snippets import get_snippet, render
    from checks.snippets.insert import insert_step

    snippet = get_snippet(args.name)
    if args.namespace is not None and args.insert is None:
        return _fail("--namespace only applies with --insert WORKFLOW_DIR")
    code = render(snippet.name, args.lang, args.secret_env)
    env = args.secret_env or snippet.default_env
    if args.copy:
        from tui.clipboard import SystemClipboard

        result = SystemClipboard().copy(code)
        message = result.describe(f"the {snippet.name} snippet")
        if not result.ok:
            return _fail(message)
        print(message)
        if args.out is None and args.insert is None:
            return 0
    if args.out is None and args.insert is None:
        # Byte-exact for piping; a control character other than \n and \t would be escaped.
        write_trusted(sys.stdout, code_text(code))
        return 0
    if args.out is not None:
        if args.out.exists():
            return _fail(f"{args.out} already exists; remove it or choose another --out")
        atomic_write_bytes(args.out, code.encode("utf-8"))
        print(f"wrote {args.out}")
    if args.insert is not None:
        prefix = "verify" if snippet.kind == "signature" else "auth"
        namespace = args.namespace or f"{prefix}_{snippet.name.replace('-', '_')}"
        inserted = insert_step(args.insert, namespace, code, args.lang)
        print(f"inserted step {namespace!r} first in {inserted.workflow_yaml}")
        print(f"wrote {inserted.entry_file}")
        print(f"undo with: {PROG} snippet undo-insert {args.insert}")
    print(
        f"next: create the Pipedream environment variable {env} (mark it secret) and set the "
        'HTTP trigger to "Return a custom response from your workflow"'
    )
    return 0
