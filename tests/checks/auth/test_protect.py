"""checks.protect: marking a GitHub-Sync trigger protected in .stepguard.toml."""

from __future__ import annotations

import tomllib

import pytest

from checks.errors import InputError
from checks.loaders.github_sync import load_workflow_dir
from checks.protect import is_marked_protected, mark_protected, undo_mark
from tests.checks.auth.helpers import node_step, sync_files

FOLDER = "proj/incoming-p_AbC123"


@pytest.fixture
def wdir(write_tree):
    root = write_tree(
        sync_files([("save", node_step("await axios.post('https://x.example', {});"))])
    )
    return root / FOLDER


def test_creates_the_file_and_the_loader_honours_it(wdir):
    result = mark_protected(wdir)
    assert result.changed and result.before is None
    assert (wdir / ".stepguard.toml").read_text() == "[trigger]\nprotected = true\n"
    assert is_marked_protected(wdir)
    workflow, _ = load_workflow_dir(wdir)
    assert workflow.trigger.marked_protected is True


def test_keeps_other_content_and_comments(wdir):
    original = (
        "# stepguard settings for this workflow\n"
        '[scan]\nignore = ["SG601"]  # noisy\n\n'
        '[trigger]\nnote = "custom token set in the UI"\nprotected = false # set by hand\n\n'
        "[other]\nx = 1\n"
    )
    (wdir / ".stepguard.toml").write_text(original)
    mark_protected(wdir)
    text = (wdir / ".stepguard.toml").read_text()
    assert text == original.replace(
        "protected = false # set by hand", "protected = true # set by hand"
    )
    data = tomllib.loads(text)
    assert data["scan"] == {"ignore": ["SG601"]} and data["other"] == {"x": 1}
    assert data["trigger"] == {"note": "custom token set in the UI", "protected": True}


def test_adds_the_key_to_an_existing_table_and_appends_a_missing_table(wdir):
    (wdir / ".stepguard.toml").write_text('[trigger]\nnote = "x"\n[scan]\nignore = []\n')
    mark_protected(wdir)
    assert tomllib.loads((wdir / ".stepguard.toml").read_text())["trigger"] == {
        "note": "x",
        "protected": True,
    }
    (wdir / ".stepguard.toml").write_text("[scan]\nignore = []")  # no final newline
    mark_protected(wdir)
    text = (wdir / ".stepguard.toml").read_text()
    assert text == "[scan]\nignore = []\n\n[trigger]\nprotected = true\n"


def test_unmark_and_undo(wdir):
    first = mark_protected(wdir)
    second = mark_protected(wdir, protected=False)
    assert not is_marked_protected(wdir)
    assert tomllib.loads((wdir / ".stepguard.toml").read_text())["trigger"]["protected"] is False
    undo_mark(second)
    assert is_marked_protected(wdir)
    undo_mark(first)
    assert not (wdir / ".stepguard.toml").exists()


def test_idempotent(wdir):
    mark_protected(wdir)
    again = mark_protected(wdir)
    assert not again.changed


def test_malformed_file_is_not_touched(wdir):
    bad = "[trigger\nprotected = true\n"
    (wdir / ".stepguard.toml").write_text(bad)
    with pytest.raises(InputError) as exc:
        mark_protected(wdir)
    assert "malformed TOML" in str(exc.value) and "\n" not in str(exc.value)
    assert (wdir / ".stepguard.toml").read_text() == bad


def test_unusual_layout_is_refused_rather_than_guessed(wdir):
    inline = "trigger = { protected = false }\n"
    (wdir / ".stepguard.toml").write_text(inline)
    with pytest.raises(InputError, match="edit it by hand"):
        mark_protected(wdir)
    assert (wdir / ".stepguard.toml").read_text() == inline


def test_not_a_workflow_folder(tmp_path):
    with pytest.raises(InputError, match="not a GitHub-Sync workflow folder"):
        mark_protected(tmp_path)
    assert not (tmp_path / ".stepguard.toml").exists()


def test_undo_refuses_when_changed_since(wdir):
    result = mark_protected(wdir)
    (wdir / ".stepguard.toml").write_text("[trigger]\nprotected = false\n")
    with pytest.raises(InputError, match="changed since"):
        undo_mark(result)
    assert (wdir / ".stepguard.toml").read_text() == "[trigger]\nprotected = false\n"
