"""`relative_path`: the string fast path gives what pathlib gives, and falls back outside root."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.loaders import relative_path


@pytest.mark.parametrize(
    ("path", "root", "expected"),
    [
        ("/scan/a/b.mjs", "/scan", "a/b.mjs"),
        ("/scan/a/b.mjs", "/", "scan/a/b.mjs"),
        ("/scan/a/../b.mjs", "/scan", "a/../b.mjs"),
        ("/scan", "/scan", "scan"),  # the root itself: its name, as before
    ],
)
def test_under_root_matches_pathlib(path: str, root: str, expected: str) -> None:
    p, r = Path(path), Path(root)
    assert relative_path(p, r) == expected
    if p != r:
        assert relative_path(p, r) == p.relative_to(r).as_posix()


def test_sibling_with_the_root_as_name_prefix_is_not_under_it(tmp_path: Path) -> None:
    root = tmp_path / "scan"
    sibling = tmp_path / "scanner" / "x.mjs"
    assert relative_path(sibling, root) == sibling.resolve().as_posix()


def test_relative_path_argument_is_resolved_against_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "wf").mkdir()
    assert relative_path(Path("wf/step.mjs"), tmp_path.resolve()) == "wf/step.mjs"
