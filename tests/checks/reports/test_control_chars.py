"""File names with terminal escapes cannot spoof or hide lines in reports or stderr (issue 14.6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.escape import escape_controls
from tui.cli import main

HOSTILE_NAMES = [
    "osc\x1b]0;owned\x07.mjs",
    "cr\rstepguard: 0 findings.mjs",
    "lf\nFAKE 0 findings.mjs",
    "bidi\u202esjm.txt.mjs",
    "c1\x9b31m.mjs",
    "del\x7f.mjs",
]
UNSAFE = ("\x1b", "\r", "\x07", "\u202e", "\x9b", "\x7f")
REQUEST = 'export default { async run() { await fetch("http://example.com/hook"); } };\n'


@pytest.fixture
def hostile_root(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    for name in HOSTILE_NAMES:
        (root / name).write_text(REQUEST, encoding="utf-8")
    (root / "broken\x1b[2J.py").write_text("def f(:\n", encoding="utf-8")
    return root


def _check(text: str) -> None:
    for ch in UNSAFE:
        assert ch not in text, f"raw {ch!r} reached the output"
    assert not any(line.startswith("FAKE") for line in text.splitlines())


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_reports_escape_control_characters_in_names(
    fmt: str, hostile_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["scan", str(hostile_root), "--format", fmt, "--fail-on", "never", "--no-color"])
    captured = capsys.readouterr()
    out = tmp_path / f"report.{fmt}"
    main(["scan", str(hostile_root), "--format", fmt, "--fail-on", "never", "-o", str(out)])
    report = out.read_text(encoding="utf-8")
    for text in (captured.out, captured.err, report, capsys.readouterr().err):
        _check(text)
    assert "osc\\x1b]0;owned\\x07.mjs" in report, "the name is shown, escaped"
    assert "lf\\nFAKE 0 findings.mjs" in report
    assert "broken\\x1b[2J.py" in report, "skipped entries are escaped too"


def test_stderr_messages_escape_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "gone\x1b]0;owned\x07\rstepguard: ok\n.mjs"
    assert main(["scan", str(missing)]) == 2
    err = capsys.readouterr().err
    _check(err)
    assert len(err.strip().splitlines()) == 1
    assert "gone\\x1b]0;owned\\x07\\rstepguard: ok\\n.mjs" in err


def test_escape_controls_covers_c0_c1_del_and_bidi() -> None:
    unsafe = "".join(chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)])
    unsafe += "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
    shown = escape_controls(f"a{unsafe}b")
    assert shown.isprintable() and shown.startswith("a") and shown.endswith("b")
    assert escape_controls("plain ünïcode – ok") == "plain ünïcode – ok"


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_reports_keep_exact_names_but_print_safely(
    fmt: str, hostile_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json
    from urllib.parse import unquote

    main(["scan", str(hostile_root), "--format", fmt, "--fail-on", "never"])
    out = capsys.readouterr().out
    _check(out)  # every unsafe character is a JSON escape, so `cat report.json` is harmless
    doc = json.loads(out)
    if fmt == "json":
        paths = {f["path"] for f in doc["findings"]}
    else:
        paths = {
            unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
            for r in doc["runs"][0]["results"]
        }
    assert paths == set(HOSTILE_NAMES), "the document still names the real files"
