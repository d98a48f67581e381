"""The rule engine: selection, suppression, fingerprints, baselines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from checks.baseline import read_baseline, write_baseline
from checks.engine import ScanOptions, scan, validate_rule_patterns
from checks.errors import InputError
from checks.model import Category, Severity
from checks.parsing.js import call_name, walk_type
from checks.rulebase import REGISTRY, StepContext, rule

CODE = """export default defineComponent({
  async run({ steps, $ }) {
    dangerous("a")
    dangerous("b") // stepguard: ignore[SG998]
    // stepguard: ignore
    dangerous("c")
    dangerous("d") // stepguard: ignore[SG997]
  },
})
"""


@pytest.fixture
def probe_rule() -> Iterator[str]:
    @rule(
        "SG998",
        "probe-dangerous",
        Category.LOGGING,
        Severity.HIGH,
        "Probe",
        "A probe rule for tests.",
    )
    def check(ctx: StepContext):
        tree = ctx.code.js_tree if ctx.code else None
        if tree is None:
            return
        for node in walk_type(tree.root_node, "call_expression"):
            if call_name(node) == "dangerous":
                yield ctx.finding(node.start_byte, node.end_byte, "dangerous call")

    yield "SG998"
    REGISTRY.pop("SG998", None)


def _scan(root: Path, **kw) -> list:
    return scan([root], ScanOptions(select=["SG998"], **kw)).findings


def test_findings_positions_and_inline_suppression(write_tree, probe_rule: str) -> None:
    root = write_tree({"s.mjs": CODE})
    findings = _scan(root)
    assert [(f.line, f.evidence) for f in findings] == [
        (3, 'dangerous("a")'),
        (7, 'dangerous("d")'),
    ]
    f = findings[0]
    assert (f.column, f.end_line, f.end_column) == (5, 3, 19)
    assert f.path == "s.mjs" and f.step == "s" and f.category is Category.LOGGING


def test_select_and_ignore(write_tree, probe_rule: str) -> None:
    root = write_tree({"s.mjs": CODE})
    assert scan([root], ScanOptions(select=["logging"])).findings
    assert scan([root], ScanOptions(select=["SG9"])).findings
    assert not scan([root], ScanOptions(select=["SG998"], ignore=["SG998"])).findings
    assert validate_rule_patterns(["SG998", "nope", "logging"]) == ["nope"]


def test_fingerprints_survive_line_moves_and_differ_between_occurrences(
    write_tree, probe_rule: str
) -> None:
    root = write_tree({"s.mjs": CODE})
    before = {f.evidence: f.fingerprint for f in _scan(root)}
    (root / "s.mjs").write_text("// a new header comment\n\n" + CODE)
    after = {f.evidence: f.fingerprint for f in _scan(root)}
    assert before == after
    assert len(set(before.values())) == 2


def test_baseline_round_trip(write_tree, probe_rule: str, tmp_path: Path) -> None:
    root = write_tree({"proj/s.mjs": CODE})
    findings = _scan(root / "proj")
    baseline = tmp_path / "baseline.json"
    write_baseline(baseline, findings)
    known = read_baseline(baseline)
    assert known == {f.fingerprint for f in findings}
    (root / "proj" / "s.mjs").write_text(
        "\n\n" + CODE.replace('dangerous("a")', 'dangerous("a")\n    dangerous("new")')
    )
    result = scan([root / "proj"], ScanOptions(select=["SG998"], baseline=known))
    assert [f.evidence for f in result.findings] == ['dangerous("new")']
    assert result.baselined == 2


def test_bad_baseline_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "b.json"
    bad.write_text("{nope")
    with pytest.raises(InputError, match="not valid JSON"):
        read_baseline(bad)
    with pytest.raises(InputError, match="not found"):
        read_baseline(tmp_path / "missing.json")


def test_unparseable_code_is_reported_as_partially_analysed(write_tree, probe_rule: str) -> None:
    root = write_tree({"broken.mjs": 'dangerous("x")\nfunction (\n', "bad.py": "def (:\n"})
    result = scan([root], ScanOptions(select=["SG998"]))
    reasons = {s.path: s.reason for s in result.skipped}
    assert reasons["broken.mjs"].startswith("partially analysed: JavaScript syntax error")
    assert reasons["bad.py"].startswith("partially analysed: Python syntax error at line 1")
    assert [f.evidence for f in result.findings] == ['dangerous("x")']


def test_parallel_scan_matches_serial(write_tree, probe_rule: str, monkeypatch) -> None:
    import checks.engine as engine

    files = {f"wf{i}.mjs": CODE for i in range(6)}
    files["broken.mjs"] = "function (\n"
    root = write_tree(files)
    monkeypatch.setattr(engine, "PARALLEL_MIN_UNITS", 1)
    serial = scan([root], ScanOptions(select=["SG998"], jobs=1))
    parallel = scan([root], ScanOptions(select=["SG998"], jobs=2))
    assert [(f.path, f.line, f.fingerprint) for f in parallel.findings] == [
        (f.path, f.line, f.fingerprint) for f in serial.findings
    ]
    assert len(serial.findings) == 12
    assert parallel.skipped == serial.skipped and parallel.suppressed == serial.suppressed == 12


def test_a_failing_rule_is_reported_and_the_others_still_run(write_tree, probe_rule: str) -> None:
    @rule("SG997", "probe-broken", Category.LOGGING, Severity.LOW, "Broken", "Always fails.")
    def broken(ctx: StepContext):
        raise ValueError("sk_live_should_never_be_printed")
        yield  # pragma: no cover

    try:
        root = write_tree({"s.mjs": CODE})
        result = scan([root], ScanOptions(select=["SG997", "SG998"]))
    finally:
        REGISTRY.pop("SG997", None)
    assert len(result.findings) == 2  # SG998 still ran
    (skip,) = result.skipped
    assert skip.path == "s.mjs" and skip.reason.startswith("SG997 could not analyse this step")
    assert "sk_live" not in skip.reason
