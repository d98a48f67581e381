"""Issue 15, item 1 (snippets): every snippet, language and trigger shape, inserted as the first
step of a GitHub-Sync workflow, clears the finding it was offered for and adds no finding on the
step or the workflow.yaml lines it wrote.

The cases that fail today are xfail(strict=True) with the findings the analysis still reports;
recognising the snippets is the semantic-model work (see snippet_known_failures.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.checks.fixes.snippet_cases import CASES, insertion_problems
from tests.checks.fixes.snippet_known_failures import KNOWN_FAILURES


def _params() -> list[object]:
    out: list[object] = []
    for name, lang, shape in CASES:
        case = f"{name}/{lang}/{shape}"
        known = KNOWN_FAILURES.get(case)
        marks = (
            [
                pytest.mark.xfail(
                    strict=True,
                    reason="analysis doesn't recognise the snippet: " + "; ".join(known),
                )
            ]
            if known
            else []
        )
        out.append(pytest.param(name, lang, shape, id=case, marks=marks))
    return out


@pytest.mark.parametrize(("name", "lang", "shape"), _params())
def test_inserted_snippet_satisfies_the_scan(
    name: str, lang: str, shape: str, tmp_path: Path
) -> None:
    assert insertion_problems(tmp_path / "hook-p_Q7rVbN2", name, lang, shape) == []


def test_every_snippet_language_and_shape_is_covered() -> None:
    from checks.snippets import list_snippets

    assert len(CASES) == sum(len(s.languages) for s in list_snippets()) * 3 >= 180
    assert set(KNOWN_FAILURES) <= {f"{n}/{la}/{s}" for n, la, s in CASES}
