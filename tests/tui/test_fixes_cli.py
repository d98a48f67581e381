"""`stepguard fixes list|undo`: the one fix journal from the command line."""

from __future__ import annotations

from pathlib import Path

from checks.fixes.journal import FileEdit, apply_edits, list_entries
from tui.cli import main


def _fix(path: Path, old: str, new: str, summary: str) -> str:
    data = path.read_bytes()
    at = data.index(old.encode())
    edit = FileEdit(path, at, at + len(old.encode()), new.encode(), old.encode())
    return apply_edits(path.parent, [edit], "edit", summary).id


def test_list_and_undo_in_any_order(write_tree, capsys) -> None:
    root = write_tree({"a.txt": "alpha beta gamma\n"})
    path = root / "a.txt"
    first = _fix(path, "alpha", "A", "shorten alpha")
    second = _fix(path, "gamma", "G", "shorten gamma")
    assert main(["fixes", "list", str(root)]) == 0
    out = capsys.readouterr().out
    assert "shorten alpha" in out and "shorten gamma" in out and first in out
    assert main(["fixes", "undo", "--id", first]) == 0  # the older one first: independent
    assert path.read_text() == "alpha beta G\n"
    assert main(["fixes", "undo", str(root)]) == 0
    assert path.read_text() == "alpha beta gamma\n"
    assert f"undone: shorten gamma ({second})" in capsys.readouterr().out
    assert main(["fixes", "list", str(root)]) == 0
    assert "no fixes to undo" in capsys.readouterr().out


def test_blocked_undo_names_the_later_fix_and_can_undo_it_first(write_tree, capsys) -> None:
    root = write_tree({"b.txt": "one two\n"})
    path = root / "b.txt"
    first = _fix(path, "two", "TWO", "upper two")
    second = _fix(path, "one TWO", "1 2", "digits")
    assert main(["fixes", "undo", "--id", first]) == 1
    err = capsys.readouterr().err
    assert "digits" in err and f"fixes undo --id {second}" in err
    assert path.read_text() == "1 2\n"
    assert main(["fixes", "undo", "--id", first, "--first"]) == 0
    assert path.read_text() == "one TWO\n"
    assert main(["fixes", "undo", "--id", first]) == 0
    assert path.read_text() == "one two\n"
    assert list_entries(root) == []


def test_undo_needs_a_target_and_reports_unknown_ids(capsys) -> None:
    assert main(["fixes", "undo"]) == 2
    assert "say which fix" in capsys.readouterr().err
    assert main(["fixes", "undo", "--id", "999999-nope"]) == 2
    assert "not in the journal" in capsys.readouterr().err
