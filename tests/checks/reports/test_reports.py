"""Report formats: the JSON contract, SARIF for GitHub code scanning, text, markdown."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from checks.engine import ScanOptions, scan
from checks.model import Category, Fix, FixKind, Severity
from checks.reports import render
from checks.rulebase import REGISTRY, StepContext, rule

FINDING_KEYS = {
    "rule",
    "category",
    "severity",
    "title",
    "message",
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "workflow",
    "step",
    "evidence",
    "fingerprint",
    "fix",
}


@pytest.fixture
def probe() -> Iterator[None]:
    @rule(
        "SG996",
        "probe-todo",
        Category.TRANSPORT,
        Severity.MEDIUM,
        "Probe TODO",
        "Finds TODO.",
        fix="Remove it",
        fix_kind="edit",
    )
    def check(ctx: StepContext):
        if ctx.code is None:
            return
        start = ctx.code.data.find(b"TODO")
        if start >= 0:
            yield ctx.finding(start, start + 4, "a TODO", fix=Fix(FixKind.EDIT, "Remove it"))

    yield
    REGISTRY.pop("SG996", None)


@pytest.fixture
def result(write_tree, probe):
    root = write_tree(
        {
            "wf-p_abc1/workflow.yaml": "schema: workflow/2022.04\nname: WF\ntriggers:\n"
            "- id: hi_x\nsteps:\n"
            "- namespace: one\n  runtime: nodejs20.x\n  uses: ./one/entry.mjs\n",
            "wf-p_abc1/one/entry.mjs": "// héllo\nconst x = 1 // TODO\n",
            "broken.py": "def (\n",
        }
    )
    return scan([root], ScanOptions(select=["SG996"]))


def test_json_contract(result) -> None:
    doc = json.loads(render(result, "json"))
    assert doc["version"] == 1
    assert doc["root"] == str(result.root)
    (f,) = doc["findings"]
    assert set(f) >= FINDING_KEYS
    assert f["path"] == "wf-p_abc1/one/entry.mjs"
    assert (f["line"], f["column"], f["end_line"], f["end_column"]) == (2, 16, 2, 20)
    assert (f["workflow"], f["step"], f["severity"], f["category"]) == (
        "WF",
        "one",
        "medium",
        "transport",
    )
    assert f["fix"] == {"kind": "edit", "summary": "Remove it"}
    reasons = {s["path"]: s["reason"] for s in doc["skipped"]}
    assert set(reasons) == {"broken.py", "wf-p_abc1/one/entry.mjs"} and len(doc["skipped"]) == 2
    assert reasons["broken.py"].startswith("partially analysed")
    # a bare script is not a form Pipedream runs: scanned as plain code, and said so
    assert reasons["wf-p_abc1/one/entry.mjs"].startswith("step form not understood")
    assert set(doc["stats"]) == {"files", "bytes", "seconds"} and doc["stats"]["files"] == 3


def test_sarif_shape_github_accepts(result) -> None:
    doc = json.loads(render(result, "sarif"))
    assert doc["version"] == "2.1.0" and "sarif-2.1.0" in doc["$schema"]
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    ids = [r["id"] for r in driver["rules"]]
    assert "SG996" in ids and len(ids) == len(set(ids))
    descriptor = driver["rules"][ids.index("SG996")]
    assert descriptor["help"]["text"] and descriptor["shortDescription"]["text"] == "Probe TODO"
    assert 0 < float(descriptor["properties"]["security-severity"]) <= 10
    (res,) = run["results"]
    assert res["ruleId"] == "SG996" and driver["rules"][res["ruleIndex"]]["id"] == "SG996"
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "wf-p_abc1/one/entry.mjs"
    assert loc["region"]["startLine"] == 2 and loc["region"]["startColumn"] == 16
    assert res["partialFingerprints"]["stepguard/v1"]
    assert res["level"] == "warning"


def test_text_grouped_plain_and_coloured(result) -> None:
    plain = render(result, "text")
    assert "\x1b[" not in plain
    lines = plain.splitlines()
    assert lines[0] == "▶ WF"
    assert lines[1].split() == ["one", "wf-p_abc1/one/entry.mjs"]
    assert "SG996" in lines[2] and "2:16" in lines[2]
    assert "fix: Remove it" in plain
    assert "broken.py: partially analysed" in plain
    assert "\x1b[" in render(result, "text", color=True)


def test_markdown(result) -> None:
    md = render(result, "markdown")
    assert "| medium | `SG996` | WF / one | `wf-p_abc1/one/entry.mjs:2` |" in md


def test_unknown_format(result) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(result, "xml")


def test_paths_use_forward_slashes(result) -> None:
    assert all("\\" not in f.path for f in result.findings)
    assert isinstance(result.root, Path)
