"""The real-world labelled set: its shape, the scorer's accounting, and stepguard's scores on it.

The scores are held by a ratchet: `floor.json` records the figures reached so far and a drop
below any of them fails (raise it with `uv run python -m tests.realworld.score --write-floor`).
The issue's bars themselves are asserted too: every category with at least five labelled
positives, and overall, at precision and recall at or above the bars.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.realworld.score import (
    CASES,
    CATEGORIES,
    FLOOR,
    Score,
    load_manifest,
    render_case,
    score,
)

PRECISION_BAR = 0.9
RECALL_BAR = 0.85
MIN_POSITIVES = 5  # categories with fewer labelled positives are reported, not held to the bars
_COMMIT = re.compile(r"^[0-9a-f]{40}$")


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return load_manifest()


@pytest.fixture(scope="module")
def result(manifest: dict[str, Any]) -> Score:
    return score(manifest)


# -- the set ----------------------------------------------------------------------------------


def test_set_is_large_and_varied(manifest: dict[str, Any]) -> None:
    cases = manifest["cases"]
    assert len(cases) >= 40
    assert len({c["author"] for c in cases}) >= 10
    assert sum(c["pipedream_http_source"] for c in cases) >= 10
    assert sorted(c["id"] for c in cases) == sorted(p.name for p in CASES.iterdir())


def test_every_case_has_provenance(manifest: dict[str, Any]) -> None:
    for case in manifest["cases"]:
        prov = case["provenance"]
        if "url" in prov:
            assert prov["url"].startswith("https://"), case["id"]
            continue
        assert "/" in prov["repo"] and _COMMIT.match(prov["commit"]), case["id"]
        assert prov["paths"], case["id"]
        for commit in prov.get("file_commits", {}).values():
            assert _COMMIT.match(commit), case["id"]


def test_every_case_is_labelled_in_every_category(manifest: dict[str, Any]) -> None:
    for case in manifest["cases"]:
        assert set(case["labels"]) == set(CATEGORIES), case["id"]
        for category, label in case["labels"].items():
            where = f"{case['id']}/{category}"
            if not label["present"]:
                assert label["reason"] and label["confidence"] in {"high", "medium", "low"}, where
                continue
            assert label["items"], where
            for item in label["items"]:
                assert item["reason"] and item["confidence"] in {"high", "medium", "low"}, where
                if item["file"] is None:
                    assert item["lines"] == [], where
                    continue
                path = CASES / case["id"] / item["file"]
                count = len(path.read_text(encoding="utf-8").splitlines())
                assert item["lines"] and all(1 <= n <= count for n in item["lines"]), where


def test_no_case_file_holds_a_credential_stepguard_would_flag(result: Score) -> None:
    # Credential-like values must be stored encoded (`encoded_values`) and rendered at test time;
    # none of today's cases needs one, and no provider token or private key sits in a case file.
    leaks = [h for h in result.hits if h.finding.rule in {"SG101", "SG103", "SG104"}]
    assert not leaks, [(h.case, h.finding.path, h.finding.line) for h in leaks]


def test_render_case_writes_encoded_values(tmp_path: Path) -> None:
    source = tmp_path / "case"
    (source / "step").mkdir(parents=True)
    (source / "step" / "entry.js").write_text('const k = "«rw:demo-key»";\n', encoding="utf-8")
    value = "sk_" + "example_" + "0123456789"
    encoded = {"demo-key": base64.b64encode(value.encode()).decode()}
    out = render_case(source, tmp_path / "out", encoded)
    assert (out / "step" / "entry.js").read_text(encoding="utf-8") == f'const k = "{value}";\n'
    assert "«rw:" in (source / "step" / "entry.js").read_text(encoding="utf-8")


# -- the scorer's accounting ----------------------------------------------------------------------


def _one_case(tmp_path: Path, labels: dict[str, Any]) -> tuple[dict[str, Any], Path]:
    cases = tmp_path / "cases"
    (cases / "c1").mkdir(parents=True)
    (cases / "c1" / "step.mjs").write_text(
        "export default defineComponent({\n"
        "  async run({ steps, $ }) {\n"
        '    const res = await fetch("http://api.example.com/items");\n'
        "    return res.status;\n"
        "  },\n"
        "});\n",
        encoding="utf-8",
    )
    absent = {"present": False, "reason": "-", "confidence": "high"}
    full = {c: labels.get(c, absent) for c in CATEGORIES}
    manifest = {"cases": [{"id": "c1", "author": "t", "labels": full}]}
    return manifest, cases


def _present(file: str | None, lines: list[int]) -> dict[str, Any]:
    item = {"file": file, "lines": lines, "reason": "-", "confidence": "high"}
    return {"present": True, "items": [item]}


def test_scorer_matches_a_finding_within_two_lines(tmp_path: Path) -> None:
    manifest, cases = _one_case(tmp_path, {"transport": _present("step.mjs", [5])})
    result = score(manifest, cases)
    transport = result.categories["transport"]
    assert (transport.positives, transport.found) == (1, 1)
    assert transport.precision == 1.0 and transport.recall == 1.0


def test_scorer_counts_a_distant_finding_as_false_positive_and_miss(tmp_path: Path) -> None:
    manifest, cases = _one_case(tmp_path, {"transport": _present("step.mjs", [6])})
    result = score(manifest, cases)
    transport = result.categories["transport"]
    assert transport.recall == 0.0 and transport.precision == 0.0
    assert [m.lines for m in result.missed] == [(6,)]


def test_scorer_case_level_label_and_other_category_note(tmp_path: Path) -> None:
    manifest, cases = _one_case(
        tmp_path, {"logging": _present(None, []), "secret": _present("step.mjs", [3])}
    )
    result = score(manifest, cases)
    assert result.categories["logging"].recall == 0.0  # nothing logged: the case label is missed
    transport_fps = [h for h in result.false_positives if h.finding.category.value == "transport"]
    # the case-level logging label and the secret label on the same line would both take it
    assert transport_fps and transport_fps[0].other == ["logging", "secret"]


# -- stepguard on the set ------------------------------------------------------------------------


def _at_least(value: float | None, floor: float | None, *, precision: bool) -> bool:
    if floor is None:
        return True
    if value is None:
        # No findings at all: no false alarms (precision) / no positives cannot happen (recall).
        return precision
    return value >= floor - 1e-9


def test_scores_do_not_drop_below_the_floor(result: Score) -> None:
    floor = json.loads(FLOOR.read_text(encoding="utf-8"))
    drops = []
    for name, figures in result.figures().items():
        held = floor["categories"][name]
        for measure in ("precision", "recall"):
            if not _at_least(figures[measure], held[measure], precision=measure == "precision"):
                drops.append(f"{name} {measure} {figures[measure]} < {held[measure]}")
    right = sum(v.right for v in result.sources)
    if right < floor["sources_right"]:
        drops.append(f"HTTP sources judged right {right} < {floor['sources_right']}")
    assert not drops, drops


def test_issue_bars_per_category_and_overall(result: Score) -> None:
    short = []
    for name, figures in result.figures().items():
        if name != "overall" and (figures["positives"] or 0) < MIN_POSITIVES:
            continue
        precision = figures["precision"]
        recall = figures["recall"]
        if precision is not None and precision < PRECISION_BAR:
            short.append(f"{name} precision {precision:.2f}")
        if recall is None or recall < RECALL_BAR:
            short.append(f"{name} recall {recall}")
    assert not short, short


def test_issue_bar_http_sources(result: Score) -> None:
    wrong = [v.case for v in result.sources if not v.right]
    assert not wrong, wrong
