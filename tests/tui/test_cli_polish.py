"""CLI polish: aligned `snippet list`, help for --format/--color, PATH for secrets list/copy/rm."""

from __future__ import annotations

import pytest

from tui.cli import main


def test_snippet_list_columns_line_up(capsys) -> None:
    assert main(["snippet", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 10
    kind_cols = {
        line.index(" auth ") if " auth " in line else line.index(" signature ") for line in lines
    }
    title_cols = {len(line) - len(line.split("  ")[-1].lstrip()) for line in lines}
    assert len(kind_cols) == 1 and len(title_cols) == 1


@pytest.mark.parametrize("option", ["--format", "--color", "--no-color"])
def test_scan_options_have_help(option: str, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["scan", "--help"])
    out = capsys.readouterr().out
    block = out[out.index(f"  {option}") :].splitlines()
    assert len(" ".join(block[:2]).split()) > 3, f"{option} has no help text"


@pytest.mark.parametrize("action", ["list", "copy", "rm"])
def test_secrets_commands_take_path(action: str, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["secrets", action, "--help"])
    usage = capsys.readouterr().out.split("\n\n")[0]
    assert "[PATH]" in usage and "--project" not in usage
