"""No secret value from the demo appears on any screen, in any snapshot or in any export."""

from __future__ import annotations

from pathlib import Path

from checks.engine import ScanOptions, scan_loaded
from checks.loaders import load_paths
from checks.model import Category
from screens.step import StepScreen
from tests.tui.helpers import screen_text, settle
from tui.app import create_app

SNAPSHOTS = Path(__file__).parent / "__snapshots__"


def demo_secrets(root: Path) -> list[str]:
    """The raw secret values the engine finds in the demo (kept in memory only)."""
    result = scan_loaded(load_paths([root]), ScanOptions())
    values: set[str] = set()
    for f in result.findings:
        if f.category is not Category.SECRET or f.abs_path is None or f.start_byte is None:
            continue
        step = next(
            (
                s
                for wf in result.workflows
                for s in wf.steps
                if s.path == f.abs_path and s.namespace == f.step
            ),
            None,
        )
        # A step's code, or (SG106) the workflow.yaml whose props hold the value.
        data = step.code.encode() if step is not None else f.abs_path.read_bytes()
        raw = data[f.start_byte : f.end_byte].decode().strip("\"'`")
        if len(raw) >= 8:
            values.add(raw)
    return sorted(values, key=len)


def test_demo_has_secrets_to_hide(demo_copy: Path) -> None:
    assert len(demo_secrets(demo_copy)) >= 2, "the demo should contain detectable fake secrets"


def test_no_secret_in_snapshots(demo_copy: Path) -> None:
    secrets = demo_secrets(demo_copy)
    svgs = list(SNAPSHOTS.rglob("*.svg"))
    assert svgs, "snapshot files are missing"
    for svg in svgs:
        text = svg.read_text(encoding="utf-8").replace("&#160;", " ")
        for i, value in enumerate(secrets):
            assert value not in text, f"secret #{i} appears in {svg.name}"
            # SVG text is split into spans; check a long enough inner piece too
            assert value[4:20] not in text, f"part of secret #{i} appears in {svg.name}"


async def test_no_secret_on_any_step_or_in_exports(demo_copy: Path, services) -> None:
    secrets = demo_secrets(demo_copy)
    app = create_app([demo_copy], services=services)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, app)
        seen = 0
        for wf in app.project.workflows:
            for index in range(-1, len(wf.steps)):
                screen = StepScreen(wf, index)
                await app.push_screen(screen)
                await settle(pilot, app)
                for _ in range(max(1, len(screen.findings))):
                    text = screen_text(app)
                    for i, value in enumerate(secrets):
                        assert value not in text, f"secret #{i} on {wf.name} step {index}"
                    await pilot.press("n")
                    seen += 1
                app.pop_screen()
                await settle(pilot, app)
        assert seen > 10
        from checks.reports import render

        for fmt in ("json", "sarif", "markdown", "text"):
            out = render(app.project.result, fmt)
            for i, value in enumerate(secrets):
                assert value not in out, f"secret #{i} in the {fmt} export"
