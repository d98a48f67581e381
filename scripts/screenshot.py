"""Regenerate docs/screenshot.svg: the step view of the demo's Stripe workflow.

uv run python scripts/screenshot.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checks.demo import write_demo  # noqa: E402
from tui.app import create_app  # noqa: E402
from tui.services import Services  # noqa: E402


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "acme-ops-demo"
        write_demo(project)
        services = Services(data_dir=Path(tmp) / "data", display_path=lambda p: "acme-ops-demo")
        app = create_app([project], services=services)
        async with app.run_test(size=(130, 38)) as pilot:
            for _ in range(50):
                await app.workers.wait_for_complete()
                await pilot.pause(0.05)
                if type(app.screen).__name__ == "ProjectScreen":
                    break
            for key in ("enter",):  # the list is sorted by severity: Stripe orders comes first
                await pilot.press(key)
                await pilot.pause(0.1)
            for key in ("down", "enter"):
                await pilot.press(key)
                await pilot.pause(0.2)
            await app.workers.wait_for_complete()
            await pilot.pause(0.3)
            app.save_screenshot(filename="screenshot.svg", path=str(ROOT / "docs"))
    print(ROOT / "docs" / "screenshot.svg")


if __name__ == "__main__":
    asyncio.run(main())
