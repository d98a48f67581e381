"""The `stepguard` command line: the TUI by default, plus headless subcommands for CI."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from checks.errors import StepguardError

PROG = "stepguard"
_BUILTIN = ("scan", "rules", "explain", "demo", "open")


def error(message: str) -> int:
    """Print a one-line error (redacted, control characters escaped); the usage/input exit code."""
    print(f"{PROG}: error: {terminal_line(message)}", file=sys.stderr)
    return 2


def terminal_line(text: str) -> str:
    """A message as stderr may show it: secrets redacted, control characters escaped."""
    from checks.reports.safe import shown

    return shown(text)


class Parser(argparse.ArgumentParser):
    """Usage errors are one line plus a hint (not argparse's usage block), exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: error: {terminal_line(message)} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog=PROG,
        description=(
            "Audit and fix the security of Pipedream workflows and components. "
            "Run `stepguard PATH` to open the assistant, `stepguard demo` to try it."
        ),
    )
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    from tui.commands import core

    core.register(sub)
    import tui.commands as commands_pkg

    for info in sorted(pkgutil.iter_modules(commands_pkg.__path__), key=lambda i: i.name):
        if info.name == "core":
            continue
        module = importlib.import_module(f"tui.commands.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(sub)
    return parser


class _VersionAction(argparse.Action):
    """`--version`, looking the version up only when asked (importlib.metadata is slow)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        print(f"{parser.prog} {_version()}")
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("stepguard")
    except PackageNotFoundError:
        return "0.0.0"


def _normalise(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """`stepguard` → `open`; `stepguard PATH` → `open PATH`."""
    commands: set[str] = set()
    for action in parser._subparsers._group_actions if parser._subparsers else []:
        commands.update(getattr(action, "choices", {}) or {})
    if not argv:
        return ["open"]
    first = argv[0]
    if first in commands or first.startswith("-"):
        return argv
    return ["open", *argv]


def main(argv: Sequence[str] | None = None) -> int:
    from tui.terminal import SafeStream

    stdout = SafeStream(sys.stdout, keep="\t")
    stderr = SafeStream(sys.stderr)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            return _main(argv)
    finally:
        for stream in (stdout, stderr):
            with contextlib.suppress(BrokenPipeError):
                stream.flush()


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(_normalise(args_list, parser))
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args) or 0)
    except StepguardError as exc:
        return error(str(exc))
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        return error(f"{where}{exc.strerror or type(exc).__name__}")
    except Exception as exc:
        if os.environ.get("STEPGUARD_DEBUG"):
            raise
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        where = f" in {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}" if tb else ""
        print(
            f"{PROG}: internal error: {type(exc).__name__}{where} "
            "(set STEPGUARD_DEBUG=1 for details and please report it)",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())
