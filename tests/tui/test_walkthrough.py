"""Issue 15's bar, driven through the wizard with Pilot: demo → apply every fix the wizard offers
→ every item is fixed (gone from the re-scan) and no new findings appear → undo all through the
wizard (oldest or newest first, accepting "undo … first" when a later fix blocks) → every demo
file is byte-identical to a fresh demo copy.

Package pins look the version up on a local registry server (127.0.0.1) answering with recorded
npm/PyPI responses (`tests.recorded_registry`); no live network."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from checks.demo import write_demo
from checks.engine import ScanOptions, scan
from checks.fixes.journal import FileEdit, JournalEntry, apply_edits, list_entries
from checks.model import Category, Finding
from screens.dialogs import ConfirmDialog
from screens.wizard import WizardScreen, journal_id
from tests.recorded_registry import base_urls, install
from tests.tui.helpers import settle
from tests.tui.test_wizard import STRIPE, _goto, _open_wizard
from tui.app import create_app
from tui.services import Services


@pytest.fixture
def walk_services(services: Services, httpserver: HTTPServer, tmp_path: Path) -> Services:
    """The app's services with the package registries on a local recorded server."""
    install(httpserver)
    services.package_audit_options = {
        **base_urls(httpserver),
        "cache_dir": tmp_path / "registry-cache",
        "retries": 0,
    }
    return services


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".stepguard" not in p.relative_to(root).parts
    }


def _open_count(wizard: WizardScreen) -> int:
    return sum(1 for f in wizard.items if wizard.is_open(f))


def _where(f: Finding) -> str:
    return f"{f.rule} {f.path}:{f.line} {f.message}"


async def _apply_all(
    pilot, app, wizard: WizardScreen
) -> tuple[list[Finding], dict[str, str], list[str]]:
    """Apply every item the wizard offers a fix for; (applied, skipped → why, findings that
    appeared on lines a fix wrote)."""
    applied: list[Finding] = []
    on_written: list[str] = []
    skipped: dict[str, str] = {}
    tried: set[str] = set()
    for _ in range(200):
        todo = [f for f in wizard.items if f.fingerprint not in tried and wizard.is_open(f)]
        if not todo:
            break
        f = todo[0]
        tried.add(f.fingerprint)
        _goto(wizard, lambda g, fp=f.fingerprint: g.fingerprint == fp)
        await settle(pilot, app)
        panel = wizard.panel
        if panel is None or "apply" not in panel.actions():
            reason = panel.reason_unavailable() if panel is not None else None
            skipped[_where(f)] = reason or "no Apply for this fix (copy/save only)"
            continue
        known = {g.fingerprint for g in app.project.findings}
        before = _open_count(wizard)
        await pilot.press("ctrl+a")
        await settle(pilot, app, rounds=6)
        assert wizard.progress is not None
        assert wizard.progress.entry(f.fingerprint).get("undo"), f"no undo for {_where(f)}"
        assert wizard.status(f) == "fixed", (
            f"the re-scan still reports {_where(f)} ({wizard.status(f)}): {wizard._status_text}"
        )
        came = [g for g in app.project.findings if g.fingerprint not in known]
        on_written += [
            f"{_where(g)} (after fixing {f.rule} {f.path}:{f.line})"
            for g in came
            if _on_lines(g, list_entries()[-1])
        ]
        # Findings the fix uncovered elsewhere (e.g. a token now read from the environment and
        # printed) become items of their own; every other item still counts down.
        still = sum(1 for g in wizard.items if g.fingerprint in known and wizard.is_open(g))
        assert still < before, f"the open count did not go down: {_where(f)}"
        applied.append(f)
    return applied, skipped, on_written


def _on_lines(f: Finding, entry: JournalEntry) -> bool:
    """Whether `f` is on a line that `entry` wrote."""
    for change in entry.files:
        if f.abs_path is None or f.abs_path.resolve() != change.path:
            continue
        data = change.path.read_bytes()
        for span in change.spans:
            first = data[: span.start].count(b"\n") + 1
            last = data[: span.end].count(b"\n") + 1
            if first <= f.line <= last:
                return True
    return False


@pytest.mark.parametrize("order", ["newest-first", "oldest-first"])
async def test_demo_fix_everything_then_undo_all(
    demo_copy: Path, walk_services: Services, tmp_path: Path, order: str
) -> None:
    fresh = tmp_path / "fresh-demo"
    write_demo(fresh)
    assert _tree(demo_copy) == _tree(fresh)
    app = create_app([demo_copy], services=walk_services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        assert app.project is not None
        opened = _open_count(wizard)
        assert opened > 0
        initial = {f.fingerprint for f in app.project.findings}

        applied, skipped, _ = await _apply_all(pilot, app, wizard)
        assert applied, f"nothing was applied; skipped: {skipped}"
        entries = list_entries(demo_copy)
        assert len(entries) == len(applied)  # one journal entry per Apply: nothing twice
        print(f"applied {len(applied)}; skipped {len(skipped)}:", *skipped.items(), sep="\n  ")
        # The count reaches zero, and a fresh scan of the files agrees: nothing is left, nothing
        # new came up.
        assert skipped == {}, skipped
        left = [f for f in wizard.items if wizard.is_open(f)]
        assert left == [], [_where(f) for f in left]
        rescan = scan([demo_copy], ScanOptions()).findings
        extra = [_where(f) for f in rescan]
        assert extra == [], "\n".join(extra)
        new = [_where(f) for f in rescan if f.fingerprint not in initial]
        assert new == [], "\n".join(new)
        # Undo all through the wizard, newest or oldest fix first: a later fix that changed the
        # same code is offered ("Undo … first") and accepted.
        if order == "newest-first":
            entries.reverse()
        by_entry = {
            journal_id(wizard.progress.entry(f.fingerprint).get("undo")): f for f in applied
        }
        for entry in entries:
            if entry.id not in {e.id for e in list_entries(demo_copy)}:
                continue  # undone already, as the blocker of an older one
            f = by_entry[entry.id]
            _goto(wizard, lambda g, fp=f.fingerprint: g.fingerprint == fp)
            await settle(pilot, app)
            assert wizard.current is not None and wizard.current.fingerprint == f.fingerprint
            await pilot.press("ctrl+z")
            await settle(pilot, app, rounds=6)
            while isinstance(app.screen, ConfirmDialog):
                await pilot.click("#yes")
                await settle(pilot, app, rounds=6)
            assert entry.id not in {e.id for e in list_entries(demo_copy)}, wizard._status_text
        assert list_entries(demo_copy) == []
        assert _open_count(wizard) == opened
    assert _tree(demo_copy) == _tree(fresh), "undo all did not restore the demo byte for byte"


async def test_fixes_bring_up_no_findings_on_the_lines_they_wrote(
    demo_copy: Path, walk_services: Services
) -> None:
    app = create_app([demo_copy], services=walk_services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        applied, _, on_written = await _apply_all(pilot, app, wizard)
        assert applied
        print("findings on written lines:", *on_written, sep="\n  ")
        assert on_written == []


async def test_blocked_undo_offers_the_blocker_first(demo_copy: Path, services) -> None:
    """A later fix over the migrated line blocks the migration's undo: the wizard names it,
    Keep both leaves both, Undo … first undoes it and then the migration."""
    app = create_app([demo_copy / STRIPE], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        _goto(wizard, lambda f: f.category is Category.SECRET and f.step == "parse_event")
        await settle(pilot, app)
        path = wizard.current.abs_path
        original = path.read_bytes()
        await pilot.press("ctrl+a")
        await settle(pilot, app, rounds=6)
        migrated = path.read_bytes()
        ref = b"process.env.STRIPE_SECRET_KEY"
        at = migrated.index(ref)
        later = apply_edits(
            demo_copy,
            [FileEdit(path, at, at + len(ref), ref + b' ?? ""', expected=ref)],
            "edit",
            "later edit of the key line",
        )
        await pilot.press("ctrl+z")
        await settle(pilot, app, rounds=6)
        assert isinstance(app.screen, ConfirmDialog)
        assert "later edit of the key line" in app.screen.question
        await pilot.click("#no")  # keep both
        await settle(pilot, app)
        assert [e.id for e in list_entries(demo_copy)][-1] == later.id
        assert path.read_bytes() != migrated
        await pilot.press("ctrl+z")
        await settle(pilot, app, rounds=6)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#yes")
        await settle(pilot, app, rounds=6)
        assert not isinstance(app.screen, ConfirmDialog)
        assert list_entries(demo_copy) == []
        assert wizard.is_open(wizard.current)
    assert path.read_bytes() == original
