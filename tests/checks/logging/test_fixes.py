# ruff: noqa: E501 - the cases are code snippets written as they appear in steps
"""Logging fixes: preview and apply byte for byte, undo, stale and unsafe cases."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from checks.engine import ScanOptions, scan
from checks.fixes import journal
from checks.fixes import logging as fixes
from checks.fixes.journal import FixError

JS_HEAD = "export default defineComponent({\n  async run({ steps, $ }) {\n"
JS_TAIL = "  },\n});\n"
PY_HEAD = 'import logging\nimport os\n\n\ndef handler(pd: "pipedream"):\n'


def _project(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / ".stepguard.toml").write_text("", encoding="utf-8")
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _finding(path: Path, rule: str, line: int):
    found = [
        f
        for f in scan([path.parent], ScanOptions(select=["logging"])).findings
        if f.rule == rule and f.line == line
    ]
    assert len(found) == 1, f"expected one {rule} finding on line {line}"
    return found[0]


JS_CASES = [
    (
        "mask-identifier",
        "    const key = process.env.STRIPE_KEY;\n    console.log(key);\n",
        "SG601",
        4,
        '    const key = process.env.STRIPE_KEY;\n    console.log(String(key).slice(0, 4) + "…");\n',
    ),
    (
        "mask-in-template",
        "    const tok = this.slack.$auth.bot_token;\n    console.info(`posting as ${tok} now`);\n",
        "SG601",
        4,
        "    const tok = this.slack.$auth.bot_token;\n"
        '    console.info(`posting as ${String(tok).slice(0, 4) + "…"} now`);\n',
    ),
    (
        "mask-in-concat",
        '    console.log("auth: " + steps.trigger.event.headers.authorization);\n',
        "SG602",
        3,
        '    console.log("auth: " + (String(steps.trigger.event.headers.authorization).slice(0, 4) + "…"));\n',
    ),
    (
        "keys-of-object",
        '    const { headers } = steps.trigger.event;\n    console.log("headers", headers);\n',
        "SG602",
        4,
        '    const { headers } = steps.trigger.event;\n    console.log("headers", Object.keys(headers));\n',
    ),
    (
        "keys-of-event",
        "    console.log(steps.trigger.event);\n",
        "SG603",
        3,
        "    console.log(Object.keys(steps.trigger.event));\n",
    ),
    (
        "error-message",
        '    try {\n      await axios.get("https://api", { headers: { Authorization: process.env.API_KEY } });\n'
        "    } catch (err) {\n      console.error(err);\n    }\n",
        "SG604",
        6,
        '    try {\n      await axios.get("https://api", { headers: { Authorization: process.env.API_KEY } });\n'
        "    } catch (err) {\n      console.error(err.message);\n    }\n",
    ),
    (
        "remove-statement",
        '    console.log({ token: process.env.API_TOKEN });\n    return "ok";\n',
        "SG601",
        3,
        '    return "ok";\n',
    ),
]


@pytest.mark.parametrize(
    ("before", "rule", "line", "after"), [c[1:] for c in JS_CASES], ids=[c[0] for c in JS_CASES]
)
def test_js_fix_byte_for_byte(
    tmp_path: Path, before: str, rule: str, line: int, after: str
) -> None:
    original = (JS_HEAD + before + JS_TAIL).encode("utf-8")
    expected = (JS_HEAD + after + JS_TAIL).encode("utf-8")
    path = _project(tmp_path, "step.mjs", original.decode("utf-8"))
    finding = _finding(path, rule, line)
    assert finding.fix is not None and finding.fix.kind == "logging"
    assert fixes.fixed_bytes(finding, original) == expected
    entry = fixes.apply(finding)
    assert path.read_bytes() == expected
    remaining = [
        f for f in scan([tmp_path], ScanOptions(select=["logging"])).findings if f.rule == rule
    ]
    assert remaining == [], "the fix did not remove the flow"
    journal.undo(tmp_path, entry.id)
    assert path.read_bytes() == original


PY_CASES = [
    (
        "mask-fstring",
        '    tok = os.environ["SLACK_TOKEN"]\n    logging.info(f"using {tok}")\n',
        "SG601",
        7,
        '    tok = os.environ["SLACK_TOKEN"]\n    logging.info(f"using {str(tok)[:4] + \'…\'}")\n',
    ),
    (
        "mask-concat",
        '    tok = os.environ["API_TOKEN"]\n    print("Bearer " + tok)\n',
        "SG601",
        7,
        '    tok = os.environ["API_TOKEN"]\n    print("Bearer " + (str(tok)[:4] + "…"))\n',
    ),
    (
        "keys-of-auth",
        '    creds = pd.inputs["github"]["$auth"]\n    print(creds)\n',
        "SG601",
        7,
        '    creds = pd.inputs["github"]["$auth"]\n    print(list(creds))\n',
    ),
    (
        "remove-line",
        '    print({"key": os.environ["API_KEY"]})\n    return {"ok": True}\n',
        "SG601",
        6,
        '    return {"ok": True}\n',
    ),
    (
        "only-statement-becomes-pass",
        '    print({"key": os.environ["API_KEY"]})\n',
        "SG601",
        6,
        "    pass\n",
    ),
]


@pytest.mark.parametrize(
    ("before", "rule", "line", "after"), [c[1:] for c in PY_CASES], ids=[c[0] for c in PY_CASES]
)
def test_python_fix_byte_for_byte(
    tmp_path: Path, before: str, rule: str, line: int, after: str
) -> None:
    original = (PY_HEAD + before).encode("utf-8")
    expected = (PY_HEAD + after).encode("utf-8")
    path = _project(tmp_path, "step.py", original.decode("utf-8"))
    finding = _finding(path, rule, line)
    assert finding.fix is not None
    entry = fixes.apply(finding)
    assert path.read_bytes() == expected
    remaining = [
        f for f in scan([tmp_path], ScanOptions(select=["logging"])).findings if f.rule == rule
    ]
    assert remaining == [], "the fix did not remove the flow"
    journal.undo(tmp_path, entry.id)
    assert path.read_bytes() == original


def test_preview_is_a_unified_diff(tmp_path: Path) -> None:
    text = JS_HEAD + "    const key = process.env.STRIPE_KEY;\n    console.log(key);\n" + JS_TAIL
    path = _project(tmp_path, "step.mjs", text)
    finding = _finding(path, "SG601", 4)
    assert fixes.preview(finding, text) == (
        "--- a/step.mjs\n"
        "+++ b/step.mjs\n"
        "@@ -1,6 +1,6 @@\n"
        " export default defineComponent({\n"
        "   async run({ steps, $ }) {\n"
        "     const key = process.env.STRIPE_KEY;\n"
        "-    console.log(key);\n"
        '+    console.log(String(key).slice(0, 4) + "…");\n'
        "   },\n"
        " });\n"
    )
    assert path.read_text(encoding="utf-8") == text, "preview must not write"


def test_journal_holds_only_reverse_spans(tmp_path: Path) -> None:
    text = JS_HEAD + "    const key = process.env.STRIPE_KEY;\n    console.log(key);\n" + JS_TAIL
    path = _project(tmp_path, "step.mjs", text)
    entry = fixes.apply(_finding(path, "SG601", 4))
    assert not (tmp_path / ".stepguard").exists()  # the journal is in the config folder
    (record,) = entry.to_json()["files"]
    assert record["path"] == str(path.resolve())
    start = text.encode("utf-8").index(b"console.log(key)") + len(b"console.log(")
    written = 'String(key).slice(0, 4) + "…"'.encode()
    (span,) = record["spans"]
    assert (span["start"], span["end"]) == (start, start + len(written))
    assert span["restore"] == [{"text": "key"}]
    assert span["written"] == hashlib.sha256(written).hexdigest()
    assert "defineComponent" not in entry.path.read_text(encoding="utf-8")


def test_stale_finding_is_refused(tmp_path: Path) -> None:
    text = JS_HEAD + "    const key = process.env.STRIPE_KEY;\n    console.log(key);\n" + JS_TAIL
    path = _project(tmp_path, "step.mjs", text)
    finding = _finding(path, "SG601", 4)
    changed = text.replace("const key", "const theKey").replace("log(key)", "log(theKey)")
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(FixError, match="changed since the scan"):
        fixes.apply(finding)
    assert path.read_text(encoding="utf-8") == changed
    assert not (tmp_path / ".stepguard" / "undo").exists()


def test_no_mechanical_fix_for_returns_and_exports(tmp_path: Path) -> None:
    text = (
        JS_HEAD
        + '    $.export("k", process.env.API_KEY);\n    return process.env.API_KEY;\n'
        + JS_TAIL
    )
    path = _project(tmp_path, "step.mjs", text)
    for line in (3, 4):
        finding = _finding(path, "SG601", line)
        assert finding.fix is None
        with pytest.raises(FixError, match="no mechanical fix"):
            fixes.apply(finding)
    assert path.read_text(encoding="utf-8") == text


def test_statement_in_unbraced_if_is_not_removed(tmp_path: Path) -> None:
    text = (
        JS_HEAD
        + "    if (steps.trigger.event.body.debug) console.log({ k: process.env.API_KEY });\n"
        + JS_TAIL
    )
    path = _project(tmp_path, "step.mjs", text)
    finding = _finding(path, "SG601", 3)
    assert finding.fix is None


def test_crlf_line_is_removed_whole(tmp_path: Path) -> None:
    text = (
        JS_HEAD + '    console.log({ token: process.env.API_TOKEN });\n    return "ok";\n' + JS_TAIL
    ).replace("\n", "\r\n")
    path = _project(tmp_path, "step.mjs", text)
    fixes.apply(_finding(path, "SG601", 3))
    assert (
        path.read_bytes()
        == (JS_HEAD + '    return "ok";\n' + JS_TAIL).replace("\n", "\r\n").encode()
    )


def test_non_utf8_file_is_refused(tmp_path: Path) -> None:
    text = JS_HEAD + "    // caf\xe9\n    console.log(process.env.API_KEY);\n" + JS_TAIL
    path = _project(tmp_path, "step.mjs", text)
    finding = _finding(path, "SG601", 4)
    latin1 = text.encode("latin-1")
    path.write_bytes(latin1)
    with pytest.raises(FixError, match="not valid UTF-8"):
        fixes.apply(finding)
    assert path.read_bytes() == latin1
