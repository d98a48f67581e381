"""Property: fixes of every kind compose on one file, and undo in any order either restores the
bytes exactly or names the fix to undo first (and undoing that one first then succeeds).

Random sequences of real fixes (secret migrations into an in-memory keyring, package pins,
https rewrites, header-case and `return` edits, logging fixes, snippet insertions) are applied
to one GitHub-Sync workflow, each after a fresh scan; then the journal is undone in many random
orders from the same state. Seeded `random.Random`; STEPGUARD_PROPERTY_RUNS scales the runs.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from checks.fixes import journal
from checks.fixes.journal import FileEdit, UndoBlocked, apply_edits, list_entries
from tests.checks.fixes.composition import apply_random, snapshot, write_workflow
from tests.checks.migrate.conftest import config_home, memory_keyring

__all__ = ["config_home", "memory_keyring"]

RUNS = int(os.environ.get("STEPGUARD_PROPERTY_RUNS", "6"))
ORDERS = 8  # undo orders tried per sequence


def _restore(folder: Path, files: dict[str, bytes], config: Path, saved_config: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and rel not in files:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    shutil.rmtree(config)
    shutil.copytree(saved_config, config)


def _undo_all(rng: random.Random, folder: Path, applied: list[str]) -> list[str]:
    """Undo every entry in a random order; returns the log of what happened."""
    live = list(applied)
    log: list[str] = []
    while live:
        entry_id = rng.choice(live)
        try:
            journal.undo(folder, entry_id)
        except UndoBlocked as exc:
            # The refusal names a live fix that is not this one, and offers it (undo that first).
            assert exc.blocker.id in live and exc.blocker.id != entry_id, log
            assert exc.blocker.id in str(exc)
            assert journal.blocker(entry_id) == exc.blocker
            journal.undo(folder, exc.blocker.id)
            live.remove(exc.blocker.id)
            log.append(f"blocked {entry_id}; undid {exc.blocker.id} first")
            continue
        live.remove(entry_id)
        log.append(f"undid {entry_id}")
    return log


@pytest.mark.parametrize("seed", range(RUNS))
def test_random_fixes_undo_in_random_orders(
    seed: int, tmp_path: Path, memory_keyring, config_home: Path
) -> None:
    rng = random.Random(seed)
    folder = write_workflow(tmp_path / "orders-p_Q7rVbN2")
    original = snapshot(folder)
    namespaces: set[str] = set()
    applied: list[str] = []
    for _ in range(rng.randint(2, 7)):
        step = apply_random(rng, folder, namespaces)
        if step is None:
            break
        applied.append(step.entry_id)
    assert [e.id for e in list_entries(folder)] == applied
    fixed = snapshot(folder)
    assert fixed != original
    saved = tmp_path / "saved-config"
    shutil.copytree(config_home, saved)
    for order in range(ORDERS):
        _restore(folder, fixed, config_home, saved)
        log = _undo_all(random.Random(seed * 1000 + order), folder, applied)
        assert snapshot(folder) == original, log
        assert list_entries(folder) == []


def test_migrate_then_pin_both_undo_in_either_order(
    tmp_path: Path, memory_keyring, config_home: Path
) -> None:
    """The issue's case: a secret migration and a pin in the same file, undone either way."""
    from checks.fixes.fixer import PinFixer, SecretFixer
    from tests.checks.fixes.composition import scan_folder

    for first in ("secret", "pin"):
        folder = write_workflow(tmp_path / f"wf-{first}")
        original = snapshot(folder)
        findings, workflows = scan_folder(folder)
        secret = next(f for f in findings if f.rule == "SG101")
        SecretFixer(folder, findings, workflows).apply(secret)
        findings, workflows = scan_folder(folder)
        pinned = next(f for f in findings if f.rule == "SG501")
        PinFixer(folder, lambda f: "1.7.2").apply(pinned)
        step = folder / "notify" / "entry.mjs"
        assert b'"axios@1.7.2"' in step.read_bytes()
        kinds = {e.kind: e.id for e in list_entries(folder)}
        order = ["migrate-secret", "pin"] if first == "secret" else ["pin", "migrate-secret"]
        journal.undo(folder, kinds[order[0]])
        assert step.read_bytes() != original["notify/entry.mjs"]
        journal.undo(folder, kinds[order[1]])
        assert snapshot(folder) == original


def test_overlapping_fix_names_the_later_one(write_tree) -> None:
    root = write_tree({"a.txt": "one two three\n"})
    path = root / "a.txt"
    first = apply_edits(root, [FileEdit(path, 4, 7, b"TWO", b"two")], "edit", "upper two")
    second = apply_edits(root, [FileEdit(path, 0, 7, b"1 2", b"one TWO")], "edit", "digits")
    with pytest.raises(UndoBlocked, match="digits") as info:
        journal.undo(root, first.id)
    assert info.value.blocker.id == second.id
    assert path.read_text() == "1 2 three\n"
    journal.undo(root, second.id)
    journal.undo(root, first.id)
    assert path.read_text() == "one two three\n"


def test_independent_fixes_undo_in_any_order(write_tree) -> None:
    text = "alpha beta gamma delta\n"
    for order in ((0, 1, 2), (2, 0, 1), (1, 2, 0)):
        root = write_tree({f"f{order}.txt": text})
        path = root / f"f{order}.txt"
        entries = []
        for word, repl in (("alpha", "A"), ("gamma", "GAMMA!!"), ("delta", "")):
            data = path.read_bytes()
            at = data.index(word.encode())
            edit = FileEdit(path, at, at + len(word), repl.encode(), word.encode())
            entries.append(apply_edits(root, [edit], "edit", word))
        assert path.read_text() == "A beta GAMMA!! \n"
        for i in order:
            journal.undo(root, entries[i].id)  # never blocked: the spans do not touch
        assert path.read_text() == text


def test_journal_survives_a_restart_and_holds_no_secret_values(
    tmp_path: Path, memory_keyring, config_home: Path
) -> None:
    import subprocess
    import sys

    from checks.fixes.fixer import SecretFixer
    from tests.checks.fixes.composition import scan_folder

    folder = write_workflow(tmp_path / "wf")
    original = snapshot(folder)
    findings, workflows = scan_folder(folder)
    values = [
        original["notify/entry.mjs"][f.start_byte : f.end_byte]
        for f in findings
        if f.rule == "SG101" and f.start_byte is not None
    ]
    assert len(values) == 2
    entry = SecretFixer(folder, findings, workflows).apply(
        next(f for f in findings if f.rule == "SG101")
    )
    text = journal.journal_path().read_bytes()
    assert not any(v.strip(b"\"'") in text for v in values)
    # Another process (a restart) sees the same journal.
    listed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from checks.fixes.journal import list_entries as l; print([e.id for e in l()])",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "STEPGUARD_CONFIG_DIR": str(config_home)},
    ).stdout
    assert entry.id in listed


def _random_edits(rng: random.Random, path: Path) -> list[FileEdit]:
    """One to three non-overlapping replacements, deletions or insertions at random spots."""
    data = path.read_bytes()
    n = rng.randint(1, 3)
    points = sorted(rng.randint(0, len(data)) for _ in range(2 * n))
    edits = []
    for i in range(n):
        start, end = points[2 * i], points[2 * i + 1]
        if rng.random() < 0.3:
            end = start
        new = "".join(rng.choice("XYZ") for _ in range(rng.choice([0, 0, 1, 3]))) or (
            "Q" if start == end else ""
        )
        edits.append(FileEdit(path, start, end, new.encode(), data[start:end]))
    return edits


@pytest.mark.parametrize("block", range(4))
def test_random_span_edits_undo_in_random_orders(
    block: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adjacent, nested, empty and overlapping spans: the journal's span arithmetic alone."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # durability is not what is tested here
    for seed in range(block * 150, (block + 1) * 150):
        rng = random.Random(seed)
        path = tmp_path / f"f{seed}.txt"
        original = "".join(rng.choice("abcdefgh\n") for _ in range(rng.randint(0, 40))).encode()
        path.write_bytes(original)
        applied = [
            apply_edits(tmp_path, _random_edits(rng, path), "edit", f"edit {i}").id
            for i in range(rng.randint(1, 10))
        ]
        live = [e.id for e in list_entries(path)]
        assert live == applied
        log = []
        while live:
            entry_id = rng.choice(live)
            try:
                journal.undo(tmp_path, entry_id)
            except UndoBlocked as exc:
                assert exc.blocker.id in live and exc.blocker.id != entry_id
                log.append(f"blocked {entry_id} by {exc.blocker.id}")
                continue
            live.remove(entry_id)
            log.append(f"undid {entry_id}")
        assert path.read_bytes() == original, (seed, log)
