"""A bug in secret detection fails loudly: it never silently removes SG601's literal sources."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import checks.dataflow.secrets as dataflow_secrets
from checks.dataflow import literal_secrets
from checks.engine import ScanOptions, scan
from checks.model import Language
from checks.parsing import parse_code
from tests.checks.secrets.corpus_values import FORMATS

STEP = """export default defineComponent({{
  async run({{ steps, $ }}) {{
    const key = "{key}";
    console.log(key);
  }},
}});
"""


class DetectorBug(RuntimeError):
    pass


def _broken(code: object) -> list[object]:
    raise DetectorBug("detector bug")


@pytest.fixture
def leaky(write_tree) -> Path:
    key = FORMATS["stripe-live-key"](random.Random(7))
    return write_tree({"proj/charge.mjs": STEP.format(key=key)}) / "proj"


def test_the_working_detector_makes_the_literal_a_source(leaky: Path) -> None:
    result = scan([leaky], ScanOptions(select=["SG601"]))
    assert [f.rule for f in result.findings] == ["SG601"] and result.skipped == []


def test_a_detector_exception_propagates(leaky: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dataflow_secrets, "find_secrets", _broken)
    code = parse_code((leaky / "charge.mjs").read_text(), Language.NODE)
    with pytest.raises(DetectorBug):
        literal_secrets(code)


def test_a_detector_exception_is_reported_not_a_clean_step(
    leaky: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dataflow_secrets, "find_secrets", _broken)
    result = scan([leaky], ScanOptions(select=["SG601"]))
    assert result.findings == []
    (skipped,) = result.skipped
    assert skipped.path == "charge.mjs"
    assert skipped.reason.startswith("SG601 could not analyse this step (DetectorBug")
