"""Span edits across files: all or nothing, verified, undone byte for byte."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checks.fixes import journal
from checks.fixes.journal import FileEdit, FixError, apply_edits, list_entries, undo

A = 'const a = fetch("http://x.example.com/a") // é\nconst b = fetch("http://y.example.com")\n'
B = 'import requests\nrequests.get("http://z.example.com")\n'


def _edit(path: Path, needle: str, repl: str, nth: int = 0) -> FileEdit:
    data = path.read_bytes()
    start = -1
    for _ in range(nth + 1):
        start = data.index(needle.encode(), start + 1)
    return FileEdit(path, start, start + len(needle.encode()), repl.encode(), needle.encode())


def test_apply_and_undo_round_trip(write_tree) -> None:
    root = write_tree({"a.mjs": A, "b.py": B})
    a, b = root / "a.mjs", root / "b.py"
    edits = [
        _edit(a, "http://", "https://"),
        _edit(a, "http://", "https://", 1),
        _edit(b, "http://", "https://"),
    ]
    entry = apply_edits(root, edits, "https", "use https")
    assert a.read_text() == A.replace("http://", "https://")
    assert b.read_text() == B.replace("http://", "https://")
    assert [e.id for e in list_entries(root)] == [entry.id]
    undo(root)
    assert a.read_text() == A and b.read_text() == B
    assert list_entries(root) == []


def test_stale_file_is_refused(write_tree) -> None:
    root = write_tree({"a.mjs": A})
    edit = _edit(root / "a.mjs", "http://", "https://")
    (root / "a.mjs").write_text("// moved\n" + A)
    with pytest.raises(FixError, match="changed since it was scanned"):
        apply_edits(root, [edit], "https", "x")
    assert (root / "a.mjs").read_text() == "// moved\n" + A


def test_edit_that_breaks_parsing_is_refused(write_tree) -> None:
    root = write_tree({"a.mjs": A})
    edit = _edit(root / "a.mjs", '("http://x', '(("http://x')
    with pytest.raises(FixError, match="would not parse"):
        apply_edits(root, [edit], "x", "x")
    assert (root / "a.mjs").read_text() == A


def test_failure_on_second_file_rolls_back_the_first(write_tree, monkeypatch) -> None:
    root = write_tree({"a.mjs": A, "b.py": B})
    edits = [
        _edit(root / "a.mjs", "http://", "https://"),
        _edit(root / "b.py", "http://", "https://"),
    ]
    real = journal.atomic_write_bytes
    calls = {"n": 0}

    def flaky(
        path: Path, data: bytes, mode: int | None = None, expected: bytes | None = None
    ) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, os.strerror(28))
        real(path, data, mode, expected)

    monkeypatch.setattr(journal, "atomic_write_bytes", flaky)
    with pytest.raises(FixError, match="No space left on device"):
        apply_edits(root, edits, "https", "x")
    assert (root / "a.mjs").read_text() == A and (root / "b.py").read_text() == B
    assert list_entries(root) == []


def test_undo_refuses_when_file_changed_after_fix(write_tree) -> None:
    root = write_tree({"a.mjs": A})
    apply_edits(root, [_edit(root / "a.mjs", "http://", "https://")], "https", "x")
    (root / "a.mjs").write_text("changed")
    with pytest.raises(FixError, match="changed since the fix"):
        undo(root)
    assert (root / "a.mjs").read_text() == "changed"


def test_nothing_to_undo(tmp_path: Path) -> None:
    with pytest.raises(FixError, match="nothing to undo"):
        undo(tmp_path)


def test_journal_lives_in_the_config_folder_not_the_project(write_tree) -> None:
    root = write_tree({"a.mjs": A})
    entry = apply_edits(root, [_edit(root / "a.mjs", "http://", "https://")], "https", "x")
    assert not (root / ".stepguard").exists()
    assert entry.path == journal.journal_path()
    assert entry.path.stat().st_mode & 0o077 == 0
    assert entry.id in entry.path.read_text()


def test_unreadable_journal_is_reported_and_nothing_written(write_tree, tmp_path, monkeypatch):
    monkeypatch.setenv("STEPGUARD_CONFIG_DIR", str(tmp_path / "config"))
    root = write_tree({"a.mjs": A})
    journal.journal_path().parent.mkdir(parents=True)
    journal.journal_path().write_text("{not json")
    with pytest.raises(FixError, match=r"fix journal is unreadable.*move it aside"):
        apply_edits(root, [_edit(root / "a.mjs", "http://", "https://")], "https", "x")
    assert (root / "a.mjs").read_text() == A
