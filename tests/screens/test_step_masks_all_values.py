"""The step screen masks every known secret value, whatever survived suppression (issue 14.4)."""

from __future__ import annotations

import random
import string
from pathlib import Path

from checks.model import Language
from screens.code import render_code
from screens.step import StepScreen
from tests.tui.helpers import screen_text, settle
from tui.app import create_app


def _values() -> tuple[str, str]:
    """A GitHub token and a generic random key, made at test time (never committed)."""
    rng = random.Random(1414)
    alnum = string.ascii_letters + string.digits
    token = "gh" + "p_" + "".join(rng.choice(alnum) for _ in range(36))
    generic = "".join(rng.choice(alnum) for _ in range(32))
    return token, generic


def _step_code(token: str, generic: str) -> str:
    return (
        "export default defineComponent({\n"
        "  async run({ steps, $ }) {\n"
        f'    const apiKey = "{generic}"; // stepguard: ignore[SG102]\n'
        f'    const gh = "{token}"; // stepguard: ignore[SG101]\n'
        f'    console.log("{generic}");\n'
        f'    const copy = ["{token}"];\n'
        "    return [apiKey, gh, copy];\n"
        "  },\n"
        "});\n"
    )


def _leaked(text: str, values: tuple[str, ...]) -> list[str]:
    return [v[:4] + "…" for v in values if v in text or v[6:22] in text]


def test_render_code_masks_values_without_findings() -> None:
    token, generic = _values()
    content, _ = render_code(_step_code(token, generic), Language.NODE, [])
    assert _leaked(content.plain, (token, generic)) == []
    assert content.plain.count("chars, fp ") == 4, "each of the four copies is masked"


async def test_step_screen_masks_suppressed_and_second_copies(tmp_path: Path, services) -> None:
    token, generic = _values()
    root = tmp_path / "proj"
    root.mkdir()
    (root / "send.mjs").write_text(_step_code(token, generic), encoding="utf-8")
    app = create_app([root], services=services)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot, app)
        wf = app.project.workflows[0]
        secret_lines = {f.line for f in app.project.findings if f.rule in ("SG101", "SG102")}
        assert not secret_lines & {3, 4, 5}, "suppressed (3, 4) and undetected (5) copies"
        await app.push_screen(StepScreen(wf, 0))
        await settle(pilot, app)
        text = screen_text(app)
        assert "console.log" in text, "the code is on screen"
        assert _leaked(text, (token, generic)) == []


def test_previews_are_scrubbed_of_suppressed_values() -> None:
    from types import SimpleNamespace

    from checks.model import Step
    from screens.engine_panels import scrub

    token, generic = _values()
    step = Step(namespace="send", language=Language.NODE, code=_step_code(token, generic))
    project = SimpleNamespace(findings=[], workflows=[SimpleNamespace(steps=[step])])
    preview = f"- const gh = {token};\n+ const gh = process.env.GITHUB_TOKEN;\n  log({generic})"
    out = scrub(preview, project)  # type: ignore[arg-type]
    assert _leaked(out, (token, generic)) == []
