"""`stepguard secrets …`: move inline secrets into keyring-backed env vars, and use them.

secrets migrate PATH [--yes] [--name OLD=NEW …]   plan, confirm, keyring, rewrite
secrets list [PATH]                                from the manifest (never values)
secrets undo PATH                                  restore the files of the last migration
secrets rm NAME [PATH]                             remove the keyring entry + manifest line
secrets copy NAME [PATH]                           value → clipboard (never printed)
secrets run PATH -- CMD …                          CMD with the project's variables set
secrets export PATH --format dotenv [--output F]   explicit plain-text export (mode 0600)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from checks.errors import StepguardError
from checks.escape import code_text
from tui.args import path_arg
from tui.clipboard import SystemClipboard
from tui.terminal import write_trusted

if TYPE_CHECKING:
    from checks.fixes.secrets import MigrationPlan, PlannedSecret
    from checks.vault import ManifestEntry

PROG = "stepguard"


def _error(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "secrets",
        help="move inline secrets into keyring-backed environment variables",
        description="Migrate inline secrets to environment variables whose values live in the "
        "OS keyring, and use them (list, copy, run, export, undo, rm).",
    )
    commands = parser.add_subparsers(dest="secrets_command", metavar="ACTION")
    parser.set_defaults(func=lambda args: _usage(parser))

    migrate = commands.add_parser("migrate", help="replace inline secrets by env var references")
    migrate.add_argument("path", type=path_arg, metavar="PATH")
    migrate.add_argument("--yes", "-y", action="store_true", help="migrate every secret found")
    migrate.add_argument(
        "--name",
        action="append",
        default=[],
        metavar="OLD=NEW",
        help="rename a proposed variable (repeatable)",
    )
    migrate.set_defaults(func=run_migrate)

    list_ = commands.add_parser("list", help="list migrated variables (no values)")
    _project_arg(list_, "only this project's variables")
    list_.set_defaults(func=run_list)

    undo = commands.add_parser("undo", help="restore the files changed by the last migration")
    undo.add_argument("path", type=path_arg, metavar="PATH")
    undo.set_defaults(func=run_undo)

    rm = commands.add_parser("rm", help="remove a variable from the keyring and the manifest")
    rm.add_argument("name", metavar="NAME")
    _project_arg(rm, "the project the variable belongs to (when several have it)")
    rm.set_defaults(func=run_rm)

    copy = commands.add_parser("copy", help="copy a variable's value to the clipboard")
    copy.add_argument("name", metavar="NAME")
    _project_arg(copy, "the project the variable belongs to (when several have it)")
    copy.set_defaults(func=run_copy)

    run = commands.add_parser("run", help="run a command with the project's variables set")
    run.add_argument("path", type=path_arg, metavar="PATH")
    run.add_argument("command", nargs=argparse.REMAINDER, metavar="-- CMD …")
    run.set_defaults(func=run_run)

    export = commands.add_parser("export", help="write the project's variables in plain text")
    export.add_argument("path", type=path_arg, metavar="PATH")
    export.add_argument("--format", choices=("dotenv",), required=True)
    export.add_argument("--output", "-o", type=path_arg, metavar="FILE")
    export.set_defaults(func=run_export)


def _project_arg(parser: argparse.ArgumentParser, help: str) -> None:
    """PATH as a positional, like the other `secrets` commands (`--project PATH` still works)."""
    parser.add_argument("path", nargs="?", type=path_arg, metavar="PATH", help=help)
    parser.add_argument("--project", type=path_arg, metavar="PATH", help=argparse.SUPPRESS)


def _project(args: argparse.Namespace) -> Path | None:
    if args.path is not None and args.project is not None and args.path != args.project:
        raise StepguardError("give the project once: PATH or --project PATH")
    return args.path if args.path is not None else args.project


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _guard(fn: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn stepguard errors and OS errors into one line and exit code 2."""

    def wrapped(args: argparse.Namespace) -> int:
        try:
            return fn(args)
        except StepguardError as exc:
            return _error(str(exc))
        except OSError as exc:
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            return _error(f"{where}{exc.strerror or type(exc).__name__}")

    wrapped.__name__ = fn.__name__
    wrapped.__doc__ = fn.__doc__
    return wrapped


def _recover(required: bool = True) -> None:
    """Finish or roll back migrations that were killed (their intents are in the manifest)."""
    from checks.fixes.secrets.recover import recover
    from checks.vault import VaultError

    try:
        lines = recover()
    except VaultError as exc:
        if required:
            raise
        print(f"{PROG}: warning: interrupted migrations not reconciled: {exc}", file=sys.stderr)
        return
    for line in lines:
        print(f"{PROG}: {line}", file=sys.stderr)


# -- migrate ----------------------------------------------------------------------------------


def _apply_renames(plan: MigrationPlan, renames: list[str]) -> str | None:
    for item in renames:
        old, sep, new = item.partition("=")
        if not sep or not old or not new:
            return f"--name expects OLD=NEW, got {item!r}"
        try:
            plan.secret(old.strip())
        except KeyError:
            names = ", ".join(s.name for s in plan.secrets) or "none"
            return f"--name: no planned variable {old.strip()!r} (planned: {names})"
        reason = plan.rename(old.strip(), new.strip())
        if reason:
            return f"--name {item}: {reason}"
    return None


def _describe(plan: MigrationPlan, s: PlannedSecret, index: int, total: int) -> str:
    lines = [
        f"Secret {index}/{total}: {s.redacted}" + (f"  ({s.provider})" if s.provider else ""),
        f"  variable: {s.name}"
        + ("  (already in the keyring for this project)" if s.reused else ""),
        f"  used at:  {', '.join(s.locations)}",
        "",
        plan.preview(s.secret_id).rstrip("\n"),
        "",
    ]
    return "\n".join(lines)


def _ask(prompt: str) -> str | None:
    try:
        return input(prompt).strip()
    except EOFError:
        return None


def _confirm(plan: MigrationPlan) -> bool:
    """Ask about each secret; False when the user quits (nothing will change)."""
    total = len(plan.secrets)
    for i, s in enumerate(plan.secrets, 1):
        print(_describe(plan, s, i, total))
        while True:
            answer = _ask(f"Migrate {s.name}? [y]es / [n]o / [r]ename / [q]uit: ")
            if answer is None or answer.lower() in ("q", "quit"):
                return False
            key = answer.lower()[:1]
            if key == "y":
                s.include = True
                break
            if key == "n":
                s.include = False
                break
            if key == "r":
                new = _ask("New variable name: ")
                if new is None:
                    return False
                reason = plan.rename(s.secret_id, new)
                print(f"  {reason}" if reason else f"  renamed to {s.name}")
                if reason is None:
                    print(plan.preview(s.secret_id).rstrip("\n"))
                continue
            print("  please answer y, n, r or q")
    return True


@_guard
def run_migrate(args: argparse.Namespace) -> int:
    from checks.fixes.secrets import apply_migration, plan_migration
    from checks.vault import Vault

    _recover()
    plan = plan_migration([args.path])
    for refusal in plan.refused:
        print(f"skipped {refusal}", file=sys.stderr)
    if not plan.secrets:
        print("no inline secrets to migrate")
        return 1
    problem = _apply_renames(plan, args.name)
    if problem:
        return _error(problem)
    if not args.yes and not _confirm(plan):
        print("nothing changed")
        return 1
    if not plan.selected:
        print("nothing selected; nothing changed")
        return 1
    vault = Vault()
    result = apply_migration(plan, vault=vault)
    print(f"stored {len(result.names)} variable(s) in the keyring ({vault.describe()}):")
    for s in plan.selected:
        print(f"  {s.name:<28} {s.redacted}")
    print(f"rewrote {len(result.files)} file(s): {', '.join(result.files)}")
    print(
        "next: create these variables in Pipedream (Settings → Environment Variables, marked "
        f"secret); `{PROG} secrets copy NAME` puts a value on the clipboard"
    )
    print(f"undo: {PROG} secrets undo {args.path}")
    _print_rotation(plan)
    return 0


def _print_rotation(plan: MigrationPlan) -> None:
    """Every migrated value was readable in the code: say where to rotate it, and whether the
    repository's git history still holds it."""
    from checks.history import HistoryLimits
    from checks.secrets.rotation import ROTATE_SENTENCE, advise, history_for

    history = history_for(plan.root, HistoryLimits(max_seconds=120.0))
    print("rotate: " + ROTATE_SENTENCE)
    for s in plan.selected:
        advice = advise(s.secret_id, s.provider, plan.root, history)
        print(f"  {s.name:<28} {advice.message}")


# -- list / undo / rm -------------------------------------------------------------------------


@_guard
def run_list(args: argparse.Namespace) -> int:
    from checks.vault import Manifest, project_key, project_root

    _recover(required=False)
    manifest = Manifest()
    key = project_key(project_root(project)) if (project := _project(args)) else None
    entries = manifest.entries(key)
    if not entries:
        print("no migrated secrets" + (" for this project" if key else ""))
        return 0
    root = None
    for e in entries:
        if e.root != root:
            root = e.root
            print(f"{e.root}  ({e.project_key})")
        uses = ", ".join(f"{u.path}:{u.line}" for u in e.uses) or "-"
        provider = e.provider or "-"
        print(
            f"  {e.name:<28} {provider:<12} fp {e.secret_id}  stored {e.stored_at}  used at {uses}"
        )
    return 0


@_guard
def run_undo(args: argparse.Namespace) -> int:
    from checks.fixes.secrets import undo_migration

    result = undo_migration(args.path)
    if result.files:
        print(f"restored {len(result.files)} file(s): {', '.join(result.files)}")
    if result.unchanged:
        print(f"already as before: {', '.join(result.unchanged)}")
    print(f"the keyring entries stay; remove them with `{PROG} secrets rm NAME`")
    return 0


def _one_entry(name: str, project: Path | None) -> ManifestEntry:
    from checks.vault import Manifest, project_key, project_root

    manifest = Manifest()
    found = manifest.find(name)
    if project is not None:
        key = project_key(project_root(project))
        found = [e for e in found if e.project_key == key]
    if not found:
        where = f" in {project}" if project is not None else ""
        raise StepguardError(f"no migrated secret named {name}{where} (see `{PROG} secrets list`)")
    if len(found) > 1:
        roots = ", ".join(e.root for e in found)
        raise StepguardError(f"{name} exists in several projects ({roots}); pass --project PATH")
    return found[0]


@_guard
def run_rm(args: argparse.Namespace) -> int:
    from checks.vault import Manifest, Vault

    _recover()
    entry = _one_entry(args.name, _project(args))
    existed = Vault().delete(entry.project_key, entry.name)
    manifest = Manifest()
    with manifest.transaction():
        manifest.remove(entry.project_key, entry.name)
    what = "removed keyring entry" if existed else "keyring entry was already gone:"
    print(f"{what} {entry.keyring_entry}; removed {entry.name} from the manifest")
    return 0


# -- copy -------------------------------------------------------------------------------------


@_guard
def run_copy(args: argparse.Namespace) -> int:
    from checks.vault import Vault

    entry = _one_entry(args.name, _project(args))
    value = Vault().require(entry.project_key, entry.name)
    result = SystemClipboard().copy(value)
    message = result.describe(f"the value of {entry.name}")
    if not result.ok:
        return _error(message)
    print(message)
    return 0


# -- run / export -----------------------------------------------------------------------------


@_guard
def run_run(args: argparse.Namespace) -> int:
    from checks.fixes.secrets import project_environment

    command = list(args.command)
    if command and command[0] == "--":
        command = command[1:]
    if not command:
        return _error("secrets run: give a command after --, e.g. secrets run . -- node step.js")
    variables = project_environment(args.path)
    if not variables:
        print(f"{PROG}: warning: no migrated variables for {args.path}", file=sys.stderr)
    env = dict(os.environ)
    env.update(variables)
    try:
        proc = subprocess.run(command, env=env, check=False)
    except FileNotFoundError:
        return _error(f"command not found: {command[0]}")
    except PermissionError:
        return _error(f"cannot execute: {command[0]}")
    return proc.returncode


@_guard
def run_export(args: argparse.Namespace) -> int:
    from checks.fixes.secrets import project_environment
    from checks.fixes.secrets.vars import dotenv
    from checks.fsutil import atomic_write_bytes

    variables = project_environment(args.path)
    if not variables:
        print(f"no migrated variables for {args.path}", file=sys.stderr)
        return 1
    text = dotenv(variables)
    target = str(args.output) if args.output else "standard output"
    print(
        f"{PROG}: warning: writing {len(variables)} secret value(s) in plain text to {target}; "
        "keep it out of version control and delete it when done",
        file=sys.stderr,
    )
    if args.output is None:
        # Values on purpose (the user asked for them), but no raw control character.
        write_trusted(sys.stdout, code_text(text))
        return 0
    atomic_write_bytes(args.output, text.encode("utf-8"), mode=0o600)
    os.chmod(args.output, 0o600)
    print(f"wrote {args.output} (mode 0600)", file=sys.stderr)
    return 0
