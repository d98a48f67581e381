"""The labelled corpus: recall and precision of the whole engine, and its reproducibility."""

from __future__ import annotations

import json
from pathlib import Path

from checks.engine import ScanOptions, scan
from tests.checks.secrets.generate_corpus import build, labels_json

BAR = 0.95


def _score(corpus: Path) -> tuple[int, int, int]:
    labels: dict[str, list[dict]] = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    result = scan([corpus], ScanOptions(select=["secret"]))
    found: dict[str, list] = {}
    for f in result.findings:
        found.setdefault(f.path, []).append(f)
    tp = fn = 0
    matched: set[int] = set()
    for name, expected in labels.items():
        candidates = found.get(name, [])
        for label in expected:
            hit = next(
                (
                    f
                    for f in candidates
                    if id(f) not in matched
                    and f.line == label["line"]
                    and (
                        f.extra["detector"] == label["detector"]
                        or (label["provider"] and f.extra["provider"] == label["provider"])
                    )
                ),
                None,
            )
            if hit is None:
                fn += 1
            else:
                matched.add(id(hit))
                tp += 1
    fp = sum(1 for f in result.findings if id(f) not in matched)
    return tp, fn, fp


def test_corpus_is_large_and_mixed(secret_corpus: Path) -> None:
    labels = json.loads((secret_corpus / "labels.json").read_text(encoding="utf-8"))
    files = [p for p in secret_corpus.iterdir() if p.name != "labels.json"]
    assert len(files) >= 60 and set(labels) == {p.name for p in files}
    with_secrets = [n for n, lab in labels.items() if lab]
    assert len(with_secrets) >= 30 and len(labels) - len(with_secrets) >= 25
    assert {Path(n).suffix for n in labels} >= {".mjs", ".js", ".py", ".ts", ".sh"}
    assert sum(len(lab) for lab in labels.values()) >= 70


def test_recall_and_precision_meet_the_bar(secret_corpus: Path) -> None:
    tp, fn, fp = _score(secret_corpus)
    recall = tp / (tp + fn)
    precision = tp / (tp + fp) if tp + fp else 0.0
    assert recall >= BAR, f"recall {recall:.3f} (tp={tp} fn={fn})"
    assert precision >= BAR, f"precision {precision:.3f} (tp={tp} fp={fp})"


def test_corpus_is_the_same_on_every_render(secret_corpus: Path) -> None:
    files, labels, _ = build()  # a second render, in this process
    for name, text in files.items():
        assert (secret_corpus / name).read_text(encoding="utf-8") == text, f"{name} differs"
    assert (secret_corpus / "labels.json").read_text(encoding="utf-8") == labels_json(labels)
