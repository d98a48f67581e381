"""SG402/SG302's fix: a step that only checks a signature, wrongly, becomes the tested verifier
in place (same step name, same secret variable); a step that does more is refused with the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.demo import write_demo
from checks.engine import ScanOptions, scan
from checks.fixes import verifier
from checks.fixes.fixer import VerifierFixer
from checks.fixes.journal import FixError, UndoBlocked, list_entries, undo
from checks.model import Finding, FixKind
from tests.checks.fixes.clearing import problems, read_files

GITHUB = "github-issues-sync-p_Gh7IsSyn"

PY_WORKFLOW = (
    "schema: workflow/2022.04\nname: Hook\ntriggers:\n- id: hi_Xy12Zq\nsteps:\n"
    "- namespace: verify\n  runtime: python3.12\n  uses: ./verify/entry.py\n"
)
PY_STEP = """\
import hashlib
import hmac
import json
import os


def handler(pd: "pipedream"):
    event = pd.steps["trigger"]["event"]
    received = event["headers"].get("x-hub-signature-256", "")
    expected = "sha256=" + hmac.new(
        os.environ["GH_HOOK_KEY"].encode(),
        json.dumps(event["body"]).encode(),
        hashlib.sha256,
    ).hexdigest()
    if not hmac.compare_digest(received, expected):
        return pd.flow.exit("bad signature")
    return event["body"]
"""


@pytest.fixture
def github(tmp_path: Path) -> Path:
    return write_demo(tmp_path / "demo") / GITHUB


def _finding(folder: Path, rule: str = "SG402") -> Finding:
    (finding,) = [f for f in scan([folder], ScanOptions()).findings if f.rule == rule]
    return finding


def _replace_and_check(folder: Path, step: Path, rule: str = "SG402") -> bytes:
    """Apply the replacement; the re-scan has nothing on the step and nothing new anywhere;
    undo restores every file byte for byte. Returns the replaced step's bytes."""
    before = scan([folder], ScanOptions())
    (finding,) = [f for f in before.findings if f.rule == rule]
    old = read_files(before.root)
    entries = list_entries(folder)
    entry = verifier.apply(before.root, finding)
    assert entry.kind == FixKind.REPLACE_CHECK
    replaced = step.read_bytes()
    after = scan([folder], ScanOptions())
    assert [f.rule for f in after.findings if f.abs_path == step] == []
    assert problems(finding, before.findings, after.findings, old, read_files(after.root)) == []
    undo(None, entry.id)
    assert read_files(before.root) == old
    assert list_entries(folder) == entries
    return replaced


def test_the_demo_github_check_becomes_the_tested_verifier(github: Path) -> None:
    step = github / "verify_signature" / "entry.mjs"
    yaml_before = (github / "workflow.yaml").read_bytes()
    text = _replace_and_check(github, step).decode()
    assert text.startswith("// stepguard snippet 'github'")
    assert 'const SECRET_ENV = "GITHUB_WEBHOOK_SECRET";' in text
    assert (github / "workflow.yaml").read_bytes() == yaml_before  # same step, same name
    later = (github / "create_linear_issue" / "entry.mjs").read_text()
    assert "steps.verify_signature.$return_value" in later  # what the verifier returns


def test_the_secret_variable_of_the_old_check_is_kept(github: Path) -> None:
    step = github / "verify_signature" / "entry.mjs"
    step.write_text(step.read_text().replace("GITHUB_WEBHOOK_SECRET", "GH_HOOK_KEY"))
    text = _replace_and_check(github, step).decode()
    assert 'const SECRET_ENV = "GH_HOOK_KEY";' in text


def test_it_composes_with_the_exact_fixes_of_the_same_step(github: Path) -> None:
    """Header case, constant-time compare and `return` first (the wizard's order), then the
    replacement: the check is still recognised, and undo in either order restores the demo."""
    from checks.fixes.fixer import project_fixers

    old = read_files(github)
    for rule in ("SG306", "SG302", "SG305"):
        finding = _finding(github, rule)
        fixer = project_fixers(github).fixer_for(finding)
        assert fixer is not None and fixer.kind is not FixKind.REPLACE_CHECK, rule
        fixer.apply(finding)
    step = github / "verify_signature" / "entry.mjs"
    _replace_and_check(github, step)  # applies, checks, undoes; now for good:
    verifier.apply(github, _finding(github))
    first = list_entries(github)[0]
    with pytest.raises(UndoBlocked):  # the oldest fix is under the replacement
        undo(None, first.id)
    for entry in reversed(list_entries(github)):  # newest first undoes them all
        undo(None, entry.id)
    assert read_files(github) == old


def test_a_python_check_step_becomes_the_python_verifier(write_tree) -> None:
    root = write_tree(
        {"hook-p_Py12Ab34/workflow.yaml": PY_WORKFLOW, "hook-p_Py12Ab34/verify/entry.py": PY_STEP}
    )
    folder = root / "hook-p_Py12Ab34"
    step = folder / "verify" / "entry.py"
    text = _replace_and_check(folder, step).decode()
    assert text.startswith("# stepguard snippet 'github'")
    assert 'SECRET_ENV = "GH_HOOK_KEY"' in text


JS_REFUSED = {
    "a request": ("    return body;", '    await fetch("https://example.com");\n    return body;'),
    "a log of data": ("    return body;", "    console.log(body.issue);\n    return body;"),
    "another return value": ("    return body;", "    return { ok: true };"),
    "an else branch": (
        "    }\n    return body;",
        '    } else {\n      $.export("ok", 1);\n    }\n    return body;',
    ),
    "module code": (
        'import crypto from "crypto";',
        'import crypto from "crypto";\nconst seen = new Set();',
    ),
    "an exported helper": (
        'import crypto from "crypto";',
        'import crypto from "crypto";\nexport function audit() { return fetch("https://x.io"); }',
    ),
    "an event source": (
        "  async run({ steps, $ }) {\n    const { headers, body } = steps.trigger.event;",
        "  async run(event) {\n    const { headers, body } = event;",
    ),
    "props": ("  async run(", '  props: { db: { type: "data_store" } },\n  async run('),
    "an export": ("    return body;", '    $.export("issue", body.issue);\n    return body;'),
}


@pytest.mark.parametrize("case", sorted(JS_REFUSED))
def test_a_step_that_does_more_than_the_check_is_refused(github: Path, case: str) -> None:
    step = github / "verify_signature" / "entry.mjs"
    old, new = JS_REFUSED[case]
    text = step.read_text()
    assert old in text
    step.write_text(text.replace(old, new, 1))
    before = step.read_bytes()
    finding = _finding(github)
    with pytest.raises(FixError) as refused:
        verifier.plan(finding)
    reason = str(refused.value)
    assert reason and "\n" not in reason, reason  # one line: the wizard shows it as is
    assert VerifierFixer(github).available(finding) == reason
    assert step.read_bytes() == before and list_entries(github) == []


def test_python_refusals_name_the_line(write_tree) -> None:
    step_text = PY_STEP.replace(
        '    return event["body"]',
        '    requests.post("https://example.com")\n    return event["body"]',
    ).replace("import os\n", "import os\n\nimport requests\n")
    root = write_tree(
        {"hook-p_Py12Ab34/workflow.yaml": PY_WORKFLOW, "hook-p_Py12Ab34/verify/entry.py": step_text}
    )
    finding = _finding(root / "hook-p_Py12Ab34")
    with pytest.raises(FixError, match=r"line \d+"):
        verifier.plan(finding)


def test_a_check_keyed_with_a_secret_in_the_code_is_migrated_first(github: Path) -> None:
    """The replacement's diff (and the journal) would copy the old code: a literal key is
    refused, and the value is in no message."""
    step = github / "verify_signature" / "entry.mjs"
    key = "whsec_" + "Zq81" * 8  # built at test time: no literal secret in the repository
    step.write_text(step.read_text().replace("process.env.GITHUB_WEBHOOK_SECRET", f'"{key}"'))
    finding = _finding(github)
    with pytest.raises(FixError, match="migrate it first") as refused:
        verifier.preview(finding)
    assert key not in str(refused.value)
    assert key not in (VerifierFixer(github).available(finding) or "")
