"""The wizard offers the snippet the analysis identified, and asks when nothing was detected."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input, Select

from screens.engine_panels import EditPanel
from screens.panels import SignaturePanel, SnippetPanel
from tests.tui.helpers import screen_text, settle
from tests.tui.test_wizard import _goto, _open_wizard
from tui.app import create_app

GITHUB = "github-issues-sync-p_Gh7IsSyn"


async def test_sg402_replaces_a_check_only_step_with_the_tested_verifier(demo_copy: Path, services):
    wdir = demo_copy / GITHUB
    step = wdir / "verify_signature" / "entry.mjs"
    before_step, before_yaml = step.read_bytes(), (wdir / "workflow.yaml").read_bytes()
    app = create_app([wdir], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        _goto(wizard, lambda f: f.rule == "SG402")
        await settle(pilot, app)
        item, panel = wizard.current, wizard.panel
        assert isinstance(panel, SignaturePanel)
        assert panel.snippet == "github"
        assert panel.query_one("#panel-provider", Select).value == "github"
        # the variable the old check read, not the snippet's default
        assert panel.query_one("#panel-env", Input).value == "GITHUB_WEBHOOK_SECRET"
        text = screen_text(app)
        assert "X-Hub-Signature-256" in text and "STRIPE_WEBHOOK_SECRET" not in text
        assert "swaps verify_signature's code" in text  # the hint says what Apply does
        assert (
            panel.preview().notes[0].startswith("Replaces the code of verify_signature/entry.mjs")
        )
        apply = wizard.query_one("#btn-apply", Button)
        assert not apply.disabled and str(apply.label) == "Replace the check"
        await pilot.click("#panel-lang")  # Python: not this step's language, so Insert
        await settle(pilot, app)
        assert str(apply.label) == "Insert as first step"
        await pilot.click("#panel-lang")
        await settle(pilot, app)
        assert str(apply.label) == "Replace the check"
        await pilot.click("#btn-apply")
        await settle(pilot, app, rounds=6)
        assert step.read_text(encoding="utf-8").startswith("// stepguard snippet 'github'")
        assert (wdir / "workflow.yaml").read_bytes() == before_yaml  # same step, same name
        assert wizard.status(item) == "fixed"
        assert "pipedream_upload_body=1" in wizard._status_text
        assert str(apply.label) == "Replace the check" and apply.disabled
        left = [f.rule for f in app.project.findings if f.step == "verify_signature"]
        assert left == []  # SG402 and the other flaws of the old check are gone with it
        await pilot.press("ctrl+z")
        await settle(pilot, app, rounds=6)
        assert wizard.is_open(wizard.current)
    assert step.read_bytes() == before_step


async def test_sg402_on_a_step_that_does_more_inserts_a_first_step(demo_copy: Path, services):
    wdir = demo_copy / GITHUB
    step = wdir / "verify_signature" / "entry.mjs"
    code = step.read_text(encoding="utf-8")
    step.write_text(
        code.replace("    return body;", '    console.log("issue", body.issue);\n    return body;')
    )
    app = create_app([wdir], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        _goto(wizard, lambda f: f.rule == "SG402")
        await settle(pilot, app)
        assert isinstance(wizard.panel, SignaturePanel)
        apply = wizard.query_one("#btn-apply", Button)
        assert not apply.disabled and str(apply.label) == "Insert as first step"
        await pilot.click("#btn-apply")
        await settle(pilot, app, rounds=5)
        yaml_text = (wdir / "workflow.yaml").read_text(encoding="utf-8")
        assert yaml_text.index("namespace: verify_signature_2") < yaml_text.index(
            "namespace: verify_signature\n"
        )
        # SG302 on the same step has an exact constant-time rewrite: the edit panel applies it
        inserted = wizard.current
        _goto(wizard, lambda f: f.rule == "SG302")
        await settle(pilot, app)
        assert isinstance(wizard.panel, EditPanel)
        assert not wizard.query_one("#btn-apply", Button).disabled
        _goto(wizard, lambda f: f.fingerprint == inserted.fingerprint)
        await settle(pilot, app)
        await pilot.press("ctrl+z")
        await settle(pilot, app, rounds=5)
        assert "verify_signature_2" not in (wdir / "workflow.yaml").read_text(encoding="utf-8")


async def test_sg302_on_github_step_offers_the_github_signature_snippet(demo_copy: Path, services):
    # An operand that is a call (evaluated twice by a rewrite): no exact rewrite, so the panel
    # offers GitHub's tested signature step instead.
    step = demo_copy / GITHUB / "verify_signature" / "entry.mjs"
    code = step.read_text(encoding="utf-8")
    assert "received !== expected" in code
    step.write_text(code.replace("received !== expected", "received !== expected.trim()"))
    app = create_app([demo_copy / GITHUB], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        _goto(wizard, lambda f: f.rule == "SG302")
        await settle(pilot, app)
        panel = wizard.panel
        assert isinstance(panel, SignaturePanel) and panel.snippet == "github"
        assert not wizard.query_one("#btn-apply", Button).disabled
        assert "Basic auth" not in screen_text(app)


UNKNOWN = {
    "hook-p_Un12Kn34/workflow.yaml": (
        "schema: workflow/2022.04\nname: Hook\ntriggers:\n- id: hi_Xy12Zq\nsteps:\n"
        "- namespace: check\n  runtime: nodejs20.x\n  uses: ./check/entry.mjs\n"
    ),
    "hook-p_Un12Kn34/.workflow.state": (
        "# DO NOT EDIT THIS FILE\n---\nschema: workflow.state/2022.04\nid: p_Un12Kn34\n"
    ),
    "hook-p_Un12Kn34/check/entry.mjs": (
        'import crypto from "crypto";\n\nexport default defineComponent({\n'
        "  async run({ steps, $ }) {\n"
        '    const got = steps.trigger.event.headers["x-my-signature"];\n'
        '    const mine = crypto.createHmac("sha256", process.env.HOOK_SECRET)\n'
        '      .update(JSON.stringify(steps.trigger.event.body)).digest("hex");\n'
        # `.trim()`: a call, so SG302 has no exact rewrite here and the snippet panel shows
        '    if (got !== mine.trim()) { return $.flow.exit("bad"); }\n'
        "    return steps.trigger.event.body;\n  },\n});\n"
    ),
}


async def test_nothing_detected_asks_instead_of_defaulting_to_stripe(write_tree, services):
    root = write_tree(UNKNOWN)
    app = create_app([root / "hook-p_Un12Kn34"], services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await _open_wizard(pilot, app)
        _goto(wizard, lambda f: f.rule == "SG402")
        await settle(pilot, app)
        panel = wizard.panel
        assert isinstance(panel, SignaturePanel) and panel.snippet is None
        assert panel.query_one("#panel-provider", Select).is_blank()
        assert panel.query_one("#panel-env", Input).value == ""
        assert "STRIPE" not in screen_text(app)
        assert "choose it above" in screen_text(app)
        assert wizard.query_one("#btn-apply", Button).disabled
        panel.query_one("#panel-provider", Select).value = "slack"
        await settle(pilot, app)
        assert panel.snippet == "slack"
        assert panel.query_one("#panel-env", Input).value.startswith("SLACK")
        assert not wizard.query_one("#btn-apply", Button).disabled
        # SG302 without a provider: an auth scheme is asked for, none preselected
        _goto(wizard, lambda f: f.rule == "SG302")
        await settle(pilot, app)
        assert type(wizard.panel) is SnippetPanel and wizard.panel.snippet is None
