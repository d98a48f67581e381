"""The project screen at scale: filter, only-with-findings, severity sort, compact paths, the
Findings column on screen at 120 columns; `o` opens the step in $EDITOR, then re-scans."""

from __future__ import annotations

import sys
from pathlib import Path

from textual.widgets import DataTable

from bench.tui_startup import generate_project
from screens.overview import OverviewScreen
from screens.project import ProjectScreen, middle_ellipsis, strip_common_prefix
from screens.step import StepScreen
from tests.tui.helpers import screen_text, settle
from tui.app import create_app
from tui.services import editor_command


def test_middle_ellipsis_and_common_prefix() -> None:
    assert middle_ellipsis("components/github/sources/new-issue/new-issue.mjs", 21) == (
        "components…-issue.mjs"
    )
    assert len(middle_ellipsis("x" * 100, 30)) == 30 and middle_ellipsis("short", 30) == "short"
    assert strip_common_prefix(["a/b/c.mjs", "a/b/d/e.mjs"]) == ["c.mjs", "d/e.mjs"]
    assert strip_common_prefix(["a/x.mjs", "b/y.mjs"]) == ["a/x.mjs", "b/y.mjs"]


def _names(screen: ProjectScreen) -> list[str]:
    table = screen.query_one("#workflows", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_filter_only_with_findings_and_sort(demo_copy: Path, services) -> None:
    app = create_app([demo_copy], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ProjectScreen)
        # severity first: the workflow with a critical finding leads
        rows = screen.visible_rows()
        worst = [r.counts.worst for r in rows]
        assert worst == sorted(worst, key=lambda w: -1 if w is None else int(w), reverse=True)
        await pilot.press("s")
        await settle(pilot, app)
        assert _names(screen) == sorted(_names(screen), key=str.lower)

        await pilot.press("slash", *"stripe")
        await settle(pilot, app)
        assert _names(screen) == ["Stripe orders"]
        assert "1 of 4 workflows" in screen_text(app)
        await pilot.press("escape")  # leaves the filter field, keeps the filter
        await settle(pilot, app)
        assert isinstance(app.screen, ProjectScreen) and _names(screen) == ["Stripe orders"]
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, OverviewScreen)


async def test_only_with_findings_hides_clean_workflows(write_tree, services) -> None:
    root = generate_project(write_tree({}), workflows=3, steps=1)
    wdir = root / "workflow-01-p_Gen0001x"
    (wdir / "step_00" / "entry.mjs").write_text(
        "export default defineComponent({ async run() { return 1; } });\n"
    )
    yaml = (wdir / "workflow.yaml").read_text()  # a timer trigger: nothing to report
    (wdir / "workflow.yaml").write_text(
        yaml.replace("- id: hi_Gen0001", "- id: ti_Gen0001\n  timer:\n    cron: 0 * * * *")
    )
    app = create_app([root], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert len(_names(screen)) == 3
        await pilot.press("f")
        await settle(pilot, app)
        assert "Generated 01" not in _names(screen) and len(_names(screen)) == 2


async def test_findings_column_visible_at_120_columns_with_long_paths(write_tree, services):
    deep = "components/" + "/".join(f"very-long-folder-name-{i}" for i in range(5))
    files = {
        f"{deep}/source-{i}/source-{i}-with-a-long-name.mjs": (
            'import axios from "axios";\nexport default { name: "S", key: "s-'
            f'{i}", version: "0.0.1", type: "source", async run() {{ '
            'await axios.get("http://example.com"); } };\n'
        )
        for i in range(3)
    }
    root = write_tree(files)
    app = create_app([root], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ProjectScreen)
        text = screen_text(app)
        assert "Findings" in text.splitlines()[3] or "Findings" in text
        header = next(line for line in text.splitlines() if "Workflow" in line)
        assert "Findings" in header and "Trigger" in header
        assert "very-long-folder-name-0" not in text  # the shared prefix is gone


def test_editor_command_uses_visual_then_editor() -> None:
    p = Path("/x/entry.mjs")
    assert editor_command(p, 7, {"EDITOR": "nano -w"}) == ["nano", "-w", "+7", "/x/entry.mjs"]
    assert editor_command(p, 7, {"VISUAL": "code --wait", "EDITOR": "vi"}) == [
        "code",
        "--wait",
        "/x/entry.mjs",
    ]
    assert editor_command(p, None, {}) == ["vi", "/x/entry.mjs"]


async def test_o_opens_the_step_in_the_editor_and_rescans(demo_copy: Path, services, monkeypatch):
    editor = demo_copy.parent / "fake-editor.py"
    editor.write_text(
        "import sys\n"
        "path = sys.argv[-1]\n"
        "data = open(path).read().replace('http://status.acme-ops.com', "
        "'https://status.acme-ops.com')\n"
        "open(path, 'w').write(data)\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    services.watch_interval = None  # only the editor's own re-scan may notice
    app = create_app([demo_copy / "stripe-orders-p_Dm3StrpO"], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert any(f.rule == "SG201" for f in app.project.findings)
        table = app.screen.query_one("#steps", DataTable)
        keys = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        table.move_cursor(row=keys.index("notify_slack"))
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, StepScreen)
        await pilot.press("o")
        await settle(pilot, app, rounds=5)
        path = demo_copy / "stripe-orders-p_Dm3StrpO" / "notify_slack" / "entry.mjs"
        assert "https://status.acme-ops.com" in path.read_text()
        assert not any(f.rule == "SG201" and f.step == "notify_slack" for f in app.project.findings)
