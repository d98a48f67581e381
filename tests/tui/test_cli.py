"""The command line: exit codes, formats, one-line errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from checks.model import Category, Severity
from checks.rulebase import REGISTRY, StepContext, rule
from tui.cli import main


@pytest.fixture
def probe() -> Iterator[None]:
    @rule("SG995", "probe-eval", Category.TRANSPORT, Severity.HIGH, "Probe eval", "Finds eval.")
    def check(ctx: StepContext):
        if ctx.code is not None:
            start = ctx.code.data.find(b"eval(")
            if start >= 0:
                yield ctx.finding(start, start + 5, "eval call")

    @rule("SG994", "probe-low", Category.LOGGING, Severity.LOW, "Probe low", "Finds LOW.")
    def check_low(ctx: StepContext):
        if ctx.code is not None:
            start = ctx.code.data.find(b"LOW")
            if start >= 0:
                yield ctx.finding(start, start + 3, "low thing")

    yield
    REGISTRY.pop("SG995", None)
    REGISTRY.pop("SG994", None)


def test_scan_exit_codes_follow_fail_on(write_tree, probe, capsys) -> None:
    root = write_tree({"a.mjs": "eval(x)\n", "b.mjs": "LOW\n"})
    sel = ["--select", "SG995,SG994"]
    assert main(["scan", str(root), *sel]) == 1
    assert main(["scan", str(root / "b.mjs"), *sel]) == 0
    assert main(["scan", str(root / "b.mjs"), *sel, "--fail-on", "low"]) == 1
    assert main(["scan", str(root), *sel, "--fail-on", "never"]) == 0
    assert main(["scan", str(root), *sel, "--fail-on", "critical"]) == 0
    out = capsys.readouterr().out
    assert "SG995" in out and "\x1b[" not in out


def test_scan_json_to_file(write_tree, probe, tmp_path: Path, capsys) -> None:
    root = write_tree({"a.mjs": "eval(x)\n"})
    out = tmp_path / "r.json"
    assert (
        main(["scan", str(root), "--select", "SG995", "--format", "json", "--output", str(out)])
        == 1
    )
    doc = json.loads(out.read_text())
    assert [f["rule"] for f in doc["findings"]] == ["SG995"]
    assert capsys.readouterr().out == ""


def test_scan_sarif_stdout(write_tree, probe, capsys) -> None:
    root = write_tree({"a.mjs": "eval(x)\n"})
    main(["scan", str(root), "--select", "SG995", "--format", "sarif"])
    assert json.loads(capsys.readouterr().out)["version"] == "2.1.0"


def test_write_baseline_then_use_it(write_tree, probe, tmp_path: Path) -> None:
    root = write_tree({"a.mjs": "eval(x)\n"})
    base = tmp_path / "baseline.json"
    assert main(["scan", str(root), "--select", "SG995", "--write-baseline", str(base)]) == 0
    assert main(["scan", str(root), "--select", "SG995", "--baseline", str(base)]) == 0


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["scan", "/no/such/place"], "/no/such/place: no such file or directory"),
        (["scan", "{root}", "--fail-on", "severe"], "unknown severity"),
        (["scan", "{root}", "--select", "SG000"], "no rule matches SG000"),
        (["scan", "{root}", "--baseline", "{root}/missing.json"], "baseline file not found"),
        (["explain", "SG000"], "unknown rule"),
        (["scan", "{root}/bad.json"], "malformed JSON at line 1"),
    ],
)
def test_bad_input_is_one_line_exit_2(write_tree, capsys, argv: list[str], needle: str) -> None:
    root = write_tree({"a.mjs": "x\n", "bad.json": "{oops"})
    code = main([a.replace("{root}", str(root)) for a in argv])
    err = capsys.readouterr().err
    assert code == 2
    assert needle in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("stepguard: error: ")
    assert "Traceback" not in err


def test_rules_and_explain(probe, capsys) -> None:
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    assert any(line.startswith("SG995  transport") for line in listing.splitlines())
    assert main(["explain", "sg995"]) == 0
    text = capsys.readouterr().out
    assert "Probe eval" in text and "best practice: Use HTTPS in and out" in text
    assert main(["rules", "--format", "json"]) == 0
    assert any(r["id"] == "SG995" for r in json.loads(capsys.readouterr().out))


def test_demo_scan_uses_a_writable_copy(monkeypatch, tmp_path: Path, capsys) -> None:
    monkeypatch.setenv("STEPGUARD_DATA_DIR", str(tmp_path))
    assert main(["demo", "--scan"]) == 0
    copy = tmp_path / "acme-ops-demo"
    assert (copy / "stripe-orders-p_Dm3StrpO" / "workflow.yaml").is_file()
    (copy / "README.md").write_text("changed")
    assert main(["demo", "--reset", "--scan"]) == 0
    assert (copy / "README.md").read_text().startswith("# Acme Ops")


def test_assistant_without_a_terminal_is_a_clear_error(capsys) -> None:
    # pytest captures stdin/stdout, so neither is a TTY here.
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "needs an interactive terminal" in err and len(err.strip().splitlines()) == 1
