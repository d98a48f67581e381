"""SG701's fix: the app prop / `pd.inputs` read replaces the env var; shapes it refuses."""

from __future__ import annotations

import ast
import random
from pathlib import Path

import pytest

from checks.engine import ScanOptions, scan
from checks.fixes import accounts
from checks.fixes.fixer import AccountFixer
from checks.fixes.journal import FixError, UndoBlocked, list_entries, undo
from checks.model import Finding, FixKind, Language
from checks.parsing import parse_code
from tests.checks.fixes.clearing import problems, read_files
from tests.checks.fixes.migrated import migrated_demo
from tests.checks.migrate.conftest import config_home, memory_keyring

__all__ = ["config_home", "memory_keyring"]

SENDGRID_CALL = """\
    const res = await fetch("https://api.sendgrid.com/v3/mail/send", {
      method: "POST",
      headers: { Authorization: `Bearer ${process.env.SENDGRID_API_KEY}` },
    });
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "proj" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _sg701(path: Path) -> list[Finding]:
    return [f for f in scan([path.parent], ScanOptions()).findings if f.rule == "SG701"]


def _fix(path: Path) -> str:
    """Apply the one SG701 fix of `path`; the result parses and the re-scan has no SG701 and
    nothing new on the lines the fix wrote."""
    before = scan([path.parent], ScanOptions())
    (finding,) = [f for f in before.findings if f.rule == "SG701"]
    old = read_files(before.root)
    entry = accounts.apply(before.root, finding)
    assert entry.kind == FixKind.CONNECT_ACCOUNT
    text = path.read_text()
    lang = {".py": Language.PYTHON, ".ts": Language.TYPESCRIPT}.get(path.suffix, Language.NODE)
    assert parse_code(text, lang).parse_error is None
    after = scan([path.parent], ScanOptions())
    assert [f for f in after.findings if f.rule == "SG701"] == []
    assert problems(finding, before.findings, after.findings, old, read_files(after.root)) == []
    undo(None, entry.id)
    assert read_files(before.root) == old
    accounts.apply(before.root, finding)  # again, to return the fixed text
    return path.read_text()


def _refused(path: Path) -> str:
    (finding,) = _sg701(path)
    with pytest.raises(FixError) as caught:
        accounts.plan(finding)
    reason = str(caught.value)
    assert "\n" not in reason
    assert AccountFixer(path.parent).available(finding) == reason
    return reason


def test_define_component_without_props_gets_one(tmp_path: Path, config_home: Path) -> None:
    path = _write(
        tmp_path,
        "send.mjs",
        "export default defineComponent({\n  async run({ steps, $ }) {\n"
        + SENDGRID_CALL
        + "    return res.status;\n  },\n});\n",
    )
    text = _fix(path)
    assert text.startswith(
        "export default defineComponent({\n"
        "  props: {\n"
        '    sendgrid: { type: "app", app: "sendgrid" },\n'
        "  },\n"
        "  async run({ steps, $ }) {\n"
    )
    assert "Authorization: `Bearer ${this.sendgrid.$auth.api_key}`" in text
    assert "process.env" not in text


def test_export_default_object_with_existing_props_is_merged(
    tmp_path: Path, config_home: Path
) -> None:
    path = _write(
        tmp_path,
        "send.mjs",
        "export default {\n"
        "  props: {\n"
        '    to: { type: "string", label: "To" },\n'
        "  },\n"
        "  async run({ steps, $ }) {\n" + SENDGRID_CALL + "    return res.status;\n  },\n};\n",
    )
    text = _fix(path)
    assert (
        "  props: {\n"
        '    sendgrid: { type: "app", app: "sendgrid" },\n'
        '    to: { type: "string", label: "To" },\n'
        "  },\n"
    ) in text
    assert text.count("props:") == 1


def test_an_existing_app_prop_is_reused(tmp_path: Path, config_home: Path) -> None:
    path = _write(
        tmp_path,
        "send.mjs",
        "export default defineComponent({\n"
        '  props: { sendgrid: { type: "app", app: "sendgrid" } },\n'
        "  async run({ steps, $ }) {\n" + SENDGRID_CALL + "    return res.status;\n  },\n});\n",
    )
    text = _fix(path)
    assert text.count("sendgrid: {") == 1
    assert "this.sendgrid.$auth.api_key" in text


def test_a_module_level_sdk_client_moves_into_run(tmp_path: Path, config_home: Path) -> None:
    path = _write(
        tmp_path,
        "charge.ts",
        'import Stripe from "stripe";\n\n'
        "const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);\n\n"
        "export default defineComponent({\n"
        "  async run({ steps, $ }) {\n"
        "    const customer = await stripe.customers.retrieve(steps.trigger.event.id);\n"
        "    return customer.email;\n"
        "  },\n"
        "});\n",
    )
    text = _fix(path)
    assert text == (
        'import Stripe from "stripe";\n\n'
        "export default defineComponent({\n"
        "  props: {\n"
        '    stripe: { type: "app", app: "stripe" },\n'
        "  },\n"
        "  async run({ steps, $ }) {\n"
        "    const stripe = new Stripe(this.stripe.$auth.api_key);\n"
        "    const customer = await stripe.customers.retrieve(steps.trigger.event.id);\n"
        "    return customer.email;\n"
        "  },\n"
        "});\n"
    )


PY_STEP = """\
import os

import requests


def handler(pd: "pipedream"):
    resp = requests.get(
        "https://api.airtable.com/v0/appX/Orders",
        headers={"Authorization": f"Bearer {os.environ['AIRTABLE_TOKEN']}"},
    )
    return resp.json()
"""


def test_python_reads_pd_inputs(tmp_path: Path, config_home: Path) -> None:
    path = _write(tmp_path, "save.py", PY_STEP)
    text = _fix(path)
    assert """f"Bearer {pd.inputs['airtable_oauth']['$auth']['oauth_access_token']}\"""" in text
    assert text.startswith("import requests\n")  # `os` was only used for the credential
    ast.parse(text)


def test_python_keeps_import_os_when_os_is_used_elsewhere(
    tmp_path: Path, config_home: Path
) -> None:
    step = PY_STEP.replace("    return resp.json()", "    return os.path.basename(resp.url)")
    path = _write(tmp_path, "save.py", step)
    assert _fix(path).startswith("import os\n\nimport requests\n")


def test_python_module_level_client_moves_into_handler(tmp_path: Path, config_home: Path) -> None:
    path = _write(
        tmp_path,
        "summary.py",
        "import os\n\nfrom openai import OpenAI\n\n"
        'client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n\n\n'
        'def handler(pd: "pipedream"):\n'
        '    """Summarise."""\n'
        '    out = client.chat.completions.create(model="gpt-4o-mini", messages=[])\n'
        "    return out.id\n",
    )
    text = _fix(path)
    assert text == (
        "from openai import OpenAI\n\n\n"
        'def handler(pd: "pipedream"):\n'
        '    """Summarise."""\n'
        '    client = OpenAI(api_key=pd.inputs["openai"]["$auth"]["api_key"])\n'
        '    out = client.chat.completions.create(model="gpt-4o-mini", messages=[])\n'
        "    return out.id\n"
    )


def test_python_handler_with_another_parameter_name(tmp_path: Path, config_home: Path) -> None:
    path = _write(tmp_path, "save.py", PY_STEP.replace("(pd: ", "(ctx: "))
    assert "ctx.inputs['airtable_oauth']" in _fix(path)


# -- refused shapes ----------------------------------------------------------------------------


def test_a_literal_credential_is_migrated_first(tmp_path: Path) -> None:
    token = "SG." + "x" * 22 + "." + "y" * 43
    path = _write(
        tmp_path,
        "send.mjs",
        "export default defineComponent({\n  async run({ steps, $ }) {\n"
        + SENDGRID_CALL.replace("${process.env.SENDGRID_API_KEY}", token)
        + "    return res.status;\n  },\n});\n",
    )
    assert "move it to the keyring first" in _refused(path)


def test_an_env_var_read_elsewhere_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "send.mjs",
        "export default defineComponent({\n  async run({ steps, $ }) {\n"
        + SENDGRID_CALL
        + '    $.export("configured", Boolean(process.env.SENDGRID_API_KEY));\n'
        + "    return res.status;\n  },\n});\n",
    )
    assert _refused(path).startswith("process.env.SENDGRID_API_KEY is also read at line 7")


def test_a_client_used_outside_run_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "charge.mjs",
        'import Stripe from "stripe";\n'
        "const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);\n"
        "const prices = stripe.prices;\n"
        "export default defineComponent({\n"
        "  async run({ steps, $ }) {\n"
        "    return prices.list();\n"
        "  },\n"
        "});\n",
    )
    assert "stripe is also used outside run() (line 3)" in _refused(path)


def test_a_nested_function_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "send.mjs",
        "export default defineComponent({\n  async run({ steps, $ }) {\n"
        "    const send = async function () {\n"
        + SENDGRID_CALL
        + "      return res.status;\n    };\n    return send();\n  },\n});\n",
    )
    assert "nested function" in _refused(path)


def test_an_arrow_run_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "send.mjs",
        "export default defineComponent({\n  run: async ({ steps, $ }) => {\n"
        + SENDGRID_CALL
        + "    return res.status;\n  },\n});\n",
    )
    assert "arrow function" in _refused(path)


def test_plain_code_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "send.mjs",
        "async function main() {\n" + SENDGRID_CALL + "  return res.status;\n}\nmain();\n",
    )
    assert "not a component" in _refused(path)


def test_python_without_handler_is_refused(tmp_path: Path) -> None:
    text = PY_STEP.replace("def handler(pd: ", "def main(pd: ")
    path = _write(tmp_path, "save.py", text)
    assert "no top-level def handler" in _refused(path)


def test_python_helper_function_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "save.py",
        "import os\nimport requests\n\n\ndef fetch():\n"
        '    return requests.get("https://api.airtable.com/v0/appX/Orders",\n'
        '        headers={"Authorization": "Bearer " + os.environ["AIRTABLE_TOKEN"]})\n\n\n'
        'def handler(pd: "pipedream"):\n    return fetch().json()\n',
    )
    assert "outside handler()" in _refused(path)


def test_python_default_argument_is_refused() -> None:
    """A default argument is evaluated when the step loads, before `pd` exists (the rule does
    not follow a parameter, so the plan is asked directly)."""
    from checks.accounts.catalog import apps_by_slug
    from checks.fixes.accounts import py
    from checks.fixes.accounts.common import TokenEdit

    text = 'import os\n\n\ndef handler(pd, token=os.environ["AIRTABLE_TOKEN"]):\n    return token\n'
    code = parse_code(text, Language.PYTHON)
    start = text.index("os.environ")
    end = text.index("]", start) + 1
    token = TokenEdit(start, end, "AIRTABLE_TOKEN", 'pd.inputs["airtable_oauth"]["$auth"]["x"]')
    with pytest.raises(FixError, match="outside handler"):
        py.plan(code, apps_by_slug()["airtable_oauth"], [token])


def test_python_env_var_read_elsewhere_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "save.py",
        PY_STEP.replace(
            "    return resp.json()", '    print(len(os.environ["AIRTABLE_TOKEN"]))\n    return 1'
        ),
    )
    assert _refused(path).startswith("AIRTABLE_TOKEN is also read at line 11")


# -- the demo, after its secrets were migrated ------------------------------------------------


def _undo(root: Path, entry_id: str, ours: set[str]) -> None:
    """Undo `entry_id`; a later SG701 fix that changed the same code (two app props in one
    `props`) is named by the refusal and undone first, as the wizard offers."""
    if entry_id not in {e.id for e in list_entries(root)}:
        return  # undone already, as the blocker of another
    try:
        AccountFixer(root).undo(entry_id)
    except UndoBlocked as blocked:
        assert blocked.blocker.id in ours  # only another SG701 fix can block one
        _undo(root, blocked.blocker.id, ours)
        _undo(root, entry_id, ours)


def test_every_sg701_of_the_migrated_demo_is_fixed_and_undone_in_any_order(
    tmp_path: Path, memory_keyring, config_home: Path
) -> None:
    """Apply each SG701 fix (re-scanning between), every one clears its finding with nothing
    new on its lines; then undo them in a random order: the files are back byte for byte."""
    root = migrated_demo(tmp_path / "demo")
    start = read_files(root)
    migrations = len(list_entries(root))
    applied = []
    while True:
        before = scan([root], ScanOptions())
        todo = [f for f in before.findings if f.rule == "SG701"]
        if not todo:
            break
        finding = todo[0]
        fixer = AccountFixer(root)
        assert fixer.available(finding) is None, (finding.path, fixer.available(finding))
        assert "+" in fixer.preview(finding)
        old = read_files(root)
        applied.append(fixer.apply(finding))
        after = scan([root], ScanOptions())
        assert problems(finding, before.findings, after.findings, old, read_files(root)) == []
        assert len(applied) <= 6
    assert len(applied) == 6  # Stripe, Linear, GitHub, SendGrid, OpenAI, Airtable
    for seed in range(2):
        order = list(applied)
        random.Random(seed).shuffle(order)
        for entry in order:
            _undo(root, entry.id, {e.id for e in applied})
        assert read_files(root) == start
        assert len(list_entries(root)) == migrations
        applied = []  # put them back (fresh journal entries) for the next order
        while todo := [f for f in scan([root], ScanOptions()).findings if f.rule == "SG701"]:
            applied.append(AccountFixer(root).apply(todo[0]))
