"""`walk_tree`: every file under the root, sorted; vendored folders skipped; folder symlinks not
followed (those leading outside reported); folders that cannot be listed reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checks.loaders import files
from checks.loaders.files import SKIP_DIRS, walk_tree


def _reference(root: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The same walk with `os.walk` (the earlier implementation): the specification."""
    found: list[Path] = []
    problems: list[tuple[Path, str]] = []
    real_root = Path(os.path.realpath(root))
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        kept = []
        for d in sorted(dirnames):
            if d in SKIP_DIRS:
                continue
            if (here / d).is_symlink():
                if not Path(os.path.realpath(here / d)).is_relative_to(real_root):
                    problems.append(
                        (here / d, "symlink to a folder outside the scanned folder; not followed")
                    )
                continue
            kept.append(d)
        dirnames[:] = kept
        found.extend(here / name for name in filenames)
    return sorted(found), sorted(problems)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.mjs").write_text("x")
    for rel in [
        "a-p_1/workflow.yaml",
        "a-p_1/step/entry.mjs",
        "b/deep/er/file.py",
        "node_modules/dep/index.js",
        ".git/config",
        "dist/bundle.js",
        "z.mjs",
    ]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    (root / "link-out").symlink_to(outside, target_is_directory=True)
    (root / "link-in").symlink_to(root / "b", target_is_directory=True)
    (root / "file-link.mjs").symlink_to(root / "z.mjs")
    (root / "broken.mjs").symlink_to(root / "missing.mjs")
    (root / "loop").symlink_to(root, target_is_directory=True)
    return root


def test_walk_lists_files_and_reports_links_out(project: Path) -> None:
    tree = walk_tree(project)
    rel = [p.relative_to(project).as_posix() for p in tree.files]
    assert rel == [
        "a-p_1/step/entry.mjs",
        "a-p_1/workflow.yaml",
        "b/deep/er/file.py",
        "broken.mjs",
        "file-link.mjs",
        "z.mjs",
    ]
    assert [(p.name, why) for p, why in tree.problems] == [
        ("link-out", "symlink to a folder outside the scanned folder; not followed")
    ]
    assert (tree.files, tree.problems) == _reference(project)


def test_walk_matches_os_walk_on_a_generated_tree(tmp_path: Path) -> None:
    from bench.scan_bench import generate_tree

    root = tmp_path / "tree"
    generate_tree(root, 300, 20240801)
    tree = walk_tree(root)
    assert len(tree.files) > 300
    assert (tree.files, tree.problems) == _reference(root)


def test_a_folder_that_cannot_be_listed_is_reported(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root can list anything, so listing `b/deep` fails through the walk's own call."""
    real_scandir = os.scandir
    blocked = os.fspath(project / "b" / "deep")

    def scandir(path: str) -> object:
        if os.fspath(path) == blocked:
            raise PermissionError(13, "Permission denied", blocked)
        return real_scandir(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    tree = walk_tree(project)
    assert (project / "b" / "deep", "permission denied") in tree.problems
    assert not any("deep" in p.parts for p in tree.files)
    assert project / "z.mjs" in tree.files
