"""Table-driven true/false-positive cases for the intra-step data-flow analysis."""

from __future__ import annotations

import pytest

from checks.dataflow import analyze
from checks.model import Language
from checks.parsing import parse_code
from tests.checks.logging.cases import CASES, wrap


def _flows(language: str, body: str) -> set[tuple[str, str, str]]:
    lang = Language.NODE if language == "node" else Language.PYTHON
    code = parse_code(wrap(language, body), lang)
    assert code.parse_error is None, "case does not parse"
    return {(f.taint.kind.value, f.taint.label, f.sink) for f in analyze(code)}


@pytest.mark.parametrize(
    ("language", "body", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_case(language: str, body: str, expected: set[tuple[str, str, str]]) -> None:
    assert _flows(language, body) == expected


def test_table_is_large_and_balanced() -> None:
    positives = [c for c in CASES if c[3]]
    negatives = [c for c in CASES if not c[3]]
    assert len(CASES) >= 40
    assert len(positives) >= 20 and len(negatives) >= 15
    assert {c[1] for c in positives} == {"node", "python"}
    assert len({c[0] for c in CASES}) == len(CASES)
