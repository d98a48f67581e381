"""`stepguard snippet …` through its own argparse registration."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from checks.snippets import list_snippets, render
from tests.checks.snippets.test_insert import make_workflow, snapshot
from tui.commands import snippet as command


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="stepguard")
    command.register(parser.add_subparsers(dest="command"))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code)
    return args.func(args)


def test_list_prints_name_kind_title(capsys) -> None:
    assert run_cli(["snippet", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    snippets = list(list_snippets())
    nw = max(len(s.name) for s in snippets)
    kw = max(len(s.kind) for s in snippets)
    expected = [f"{s.name:<{nw}}  {s.kind:<{kw}}  {s.title}" for s in snippets]
    assert lines == expected
    assert lines[0].split()[0] == "basic"


def test_prints_code_to_stdout(capsys) -> None:
    assert run_cli(["snippet", "stripe", "--lang", "python", "--secret-env", "MY_STRIPE"]) == 0
    assert capsys.readouterr().out == render("stripe", "python", "MY_STRIPE")


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["snippet", "stripee"], "unknown snippet 'stripee'"),
        (["snippet", "stripe", "--secret-env", "PIPEDREAM_X"], "reserved"),
        (["snippet", "stripe", "--secret-env", "9bad"], "invalid environment variable"),
        (["snippet", "stripe", "--lang", "ruby"], "invalid choice"),
        (["snippet", "undo-insert"], "usage"),
        (["snippet", "stripe", "extra"], "unexpected argument"),
        (["snippet", "stripe", "--namespace", "x"], "--namespace only applies"),
    ],
)
def test_errors_are_one_line_and_exit_2(capsys, argv: list[str], fragment: str) -> None:
    assert run_cli(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("stepguard: error: "), captured.err
    assert fragment in lines[0]
    assert "Traceback" not in captured.err and captured.out == ""


def test_out_writes_the_file_and_refuses_overwrite(tmp_path: Path, capsys) -> None:
    out = tmp_path / "verify.mjs"
    assert run_cli(["snippet", "github", "--out", str(out)]) == 0
    assert out.read_text() == render("github", "node")
    assert "GITHUB_WEBHOOK_SECRET" in capsys.readouterr().out
    assert run_cli(["snippet", "github", "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_insert_and_undo_insert(tmp_path: Path, capsys) -> None:
    wf = make_workflow(tmp_path)
    before = snapshot(wf)
    assert run_cli(["snippet", "slack", "--lang", "python", "--insert", str(wf)]) == 0
    out = capsys.readouterr().out
    assert "verify_slack" in out and "undo-insert" in out
    assert (wf / "verify_slack" / "entry.py").read_text() == render("slack", "python")
    assert "- namespace: verify_slack" in (wf / "workflow.yaml").read_text()

    assert run_cli(["snippet", "bearer", "--insert", str(wf), "--namespace", "verify_slack"]) == 2
    assert "already has a step" in capsys.readouterr().err

    assert run_cli(["snippet", "undo-insert", str(wf)]) == 0
    assert snapshot(wf) == before
    assert run_cli(["snippet", "undo-insert", str(wf)]) == 2
    assert "nothing to undo" in capsys.readouterr().err


def test_insert_with_custom_namespace(tmp_path: Path) -> None:
    wf = make_workflow(tmp_path)
    assert run_cli(["snippet", "api-key", "--insert", str(wf), "--namespace", "gate"]) == 0
    assert (wf / "gate" / "entry.mjs").is_file()


def test_full_cli_discovers_the_command(capsys) -> None:
    from tui import cli

    assert cli.main(["snippet", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[0].split()[:2] == ["basic", "auth"]
