"""Score stepguard on the real-world labelled set (`tests/realworld/`).

Every case is copied to a temporary folder (values stored encoded in the manifest are rendered
there), scanned with every offline rule and no result cache, and its findings are compared with the
hand labels: a finding matches a label of its own category in the same case when its line is within
the labelled lines ±2 in the labelled file, or when the label is case-level. Prints per-category
precision and recall and every false positive and false negative.

    uv run python -m tests.realworld.score [--json] [--network]

`--network` also runs the package audit against the live registries (never in tests).
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.engine import ScanOptions, scan
from checks.model import Finding

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
MANIFEST = HERE / "manifest.json"
FLOOR = HERE / "floor.json"
CATEGORIES = ("secret", "transport", "auth", "signature", "logging", "account", "package")
LINE_SLACK = 2
_CALLER_CHECKS = ("auth", "signature")
# A value stored encoded in the manifest (`encoded_values`) is written into the case as «rw:name».
_MARKER = re.compile(r"«rw:([a-z0-9-]+)»")


@dataclass(frozen=True)
class LabelItem:
    case: str
    category: str
    file: str | None  # None: case-level
    lines: tuple[int, ...]
    reason: str
    confidence: str

    def matches(self, finding: Finding) -> bool:
        if self.file is None:
            return True
        return finding.path == self.file and any(
            abs(finding.line - line) <= LINE_SLACK for line in self.lines
        )

    def where(self) -> str:
        if self.file is None:
            return "(case-level)"
        return f"{self.file}:{','.join(str(n) for n in self.lines)}"


@dataclass
class Hit:
    case: str
    finding: Finding
    label: LabelItem | None  # the label it matched (None: a false positive)
    other: list[str] = field(default_factory=list)  # categories of labels it would match


@dataclass
class CategoryScore:
    positives: int = 0
    found: int = 0
    findings: int = 0
    true_findings: int = 0

    @property
    def precision(self) -> float | None:
        return self.true_findings / self.findings if self.findings else None

    @property
    def recall(self) -> float | None:
        return self.found / self.positives if self.positives else None


@dataclass(frozen=True)
class SourceVerdict:
    """A Pipedream HTTP source: does stepguard flag it exactly when the labels say it verifies its
    callers weakly or not at all (an auth or signature label present)?"""

    case: str
    weak: bool  # labelled: verifies weakly or not at all
    flagged: bool  # stepguard reported an auth or signature finding

    @property
    def right(self) -> bool:
        return self.weak == self.flagged


@dataclass
class Score:
    categories: dict[str, CategoryScore]
    overall: CategoryScore
    hits: list[Hit]
    missed: list[LabelItem]
    skipped: list[tuple[str, str, str]]  # case, path, reason
    sources: list[SourceVerdict]
    items: list[LabelItem]  # every labelled positive

    @property
    def false_positives(self) -> list[Hit]:
        return [h for h in self.hits if h.label is None]

    def figures(self) -> dict[str, dict[str, float | int | None]]:
        out: dict[str, dict[str, float | int | None]] = {}
        for name, cat in [*self.categories.items(), ("overall", self.overall)]:
            out[name] = {
                "positives": cat.positives,
                "findings": cat.findings,
                "precision": cat.precision,
                "recall": cat.recall,
            }
        return out


def load_manifest(path: Path = MANIFEST) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def label_items(case: dict[str, Any]) -> list[LabelItem]:
    items: list[LabelItem] = []
    for category in CATEGORIES:
        label = case["labels"][category]
        if not label["present"]:
            continue
        for item in label["items"]:
            items.append(
                LabelItem(
                    case=case["id"],
                    category=category,
                    file=item["file"],
                    lines=tuple(item["lines"]),
                    reason=item["reason"],
                    confidence=item["confidence"],
                )
            )
    return items


def render_case(source: Path, target: Path, encoded: dict[str, str]) -> Path:
    """Copy a case to `target`, writing each «rw:name» marker's decoded value in place."""
    shutil.copytree(source, target)
    for path in target.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if "«rw:".encode() not in data:
            continue
        text = data.decode("utf-8")
        path.write_text(
            _MARKER.sub(lambda m: base64.b64decode(encoded[m.group(1)]).decode(), text),
            encoding="utf-8",
        )
    return target


def scan_case(case_dir: Path, network: bool = False) -> tuple[list[Finding], list[tuple[str, str]]]:
    result = scan([case_dir], ScanOptions(network=network))
    return result.findings, [(s.path, s.reason) for s in result.skipped]


def score(
    manifest: dict[str, Any] | None = None, cases_dir: Path = CASES, network: bool = False
) -> Score:
    manifest = manifest or load_manifest()
    encoded: dict[str, str] = manifest.get("encoded_values", {})
    categories = {c: CategoryScore() for c in CATEGORIES}
    hits: list[Hit] = []
    missed: list[LabelItem] = []
    skipped: list[tuple[str, str, str]] = []
    sources: list[SourceVerdict] = []
    all_items: list[LabelItem] = []
    with tempfile.TemporaryDirectory(prefix="stepguard-realworld-") as tmp:
        for case in manifest["cases"]:
            rendered = render_case(cases_dir / case["id"], Path(tmp) / case["id"], encoded)
            findings, case_skipped = scan_case(rendered, network=network)
            skipped.extend((case["id"], p, r) for p, r in case_skipped)
            items = label_items(case)
            all_items.extend(items)
            found: set[LabelItem] = set()
            for finding in findings:
                category = finding.category.value
                own = [i for i in items if i.category == category and i.matches(finding)]
                cat = categories[category]
                cat.findings += 1
                if own:
                    cat.true_findings += 1
                    found.update(own)
                    hits.append(Hit(case["id"], finding, own[0]))
                else:
                    other = sorted({i.category for i in items if i.matches(finding)})
                    hits.append(Hit(case["id"], finding, None, other))
            if case.get("pipedream_http_source"):
                weak = any(case["labels"][c]["present"] for c in _CALLER_CHECKS)
                flagged = any(f.category.value in _CALLER_CHECKS for f in findings)
                sources.append(SourceVerdict(case["id"], weak, flagged))
            for item in items:
                categories[item.category].positives += 1
                if item in found:
                    categories[item.category].found += 1
                else:
                    missed.append(item)
    overall = CategoryScore(
        positives=sum(c.positives for c in categories.values()),
        found=sum(c.found for c in categories.values()),
        findings=sum(c.findings for c in categories.values()),
        true_findings=sum(c.true_findings for c in categories.values()),
    )
    return Score(categories, overall, hits, missed, skipped, sources, all_items)


def floor_figures(result: Score) -> dict[str, Any]:
    """The figures the ratchet test holds stepguard to (rounded down, so a re-run meets them)."""

    def down(value: float | None) -> float | None:
        return None if value is None else math.floor(value * 10_000) / 10_000

    return {
        "categories": {
            name: {"precision": down(fig["precision"]), "recall": down(fig["recall"])}
            for name, fig in result.figures().items()
        },
        "sources_right": sum(v.right for v in result.sources),
    }


def _pct(value: float | None) -> str:
    return "  —  " if value is None else f"{value:5.2f}"


def report(result: Score) -> Iterable[str]:
    header = ("category", "pos", "found", "finds", "TP", "prec", "recall")
    yield "{:<10} {:>4} {:>5} {:>5} {:>4} {:>6} {:>6}".format(*header)
    rows = [*result.categories.items(), ("overall", result.overall)]
    for name, cat in rows:
        yield (
            f"{name:<10} {cat.positives:>4} {cat.found:>5} {cat.findings:>5} "
            f"{cat.true_findings:>4} {_pct(cat.precision):>6} {_pct(cat.recall):>6}"
        )
    missed = set(result.missed)
    for confidence in ("high", "medium", "low"):
        graded = [i for i in result.items if i.confidence == confidence]
        found = sum(i not in missed for i in graded)
        yield f"recall on {confidence}-confidence labels: {found}/{len(graded)}"
    yield ""
    yield f"False positives ({len(result.false_positives)}):"
    for hit in sorted(result.false_positives, key=lambda h: (h.case, h.finding.sort_key())):
        f = hit.finding
        note = f"  [matches a {'/'.join(hit.other)} label]" if hit.other else ""
        yield f"  {hit.case}  {f.path}:{f.line}  {f.rule} {f.category.value}: {f.title}{note}"
    yield ""
    yield f"False negatives ({len(result.missed)}):"
    for item in sorted(result.missed, key=lambda i: (i.category, i.case)):
        yield (
            f"  {item.category:<9} {item.case}  {item.where()}  [{item.confidence}] {item.reason}"
        )
    right = sum(v.right for v in result.sources)
    yield ""
    total = len(result.sources)
    yield f"Pipedream HTTP sources flagged exactly when weak or unverified: {right}/{total}"
    for v in result.sources:
        if not v.right:
            what = "weak/unverified, no auth or signature finding" if v.weak else "sound, flagged"
            yield f"  {v.case}: {what}"
    if result.skipped:
        yield ""
        yield f"Skipped by stepguard ({len(result.skipped)}):"
        for case, path, reason in result.skipped:
            yield f"  {case}  {path}: {reason}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--network", action="store_true", help="also run the package audit")
    parser.add_argument(
        "--write-floor", action="store_true", help=f"record today's figures in {FLOOR.name}"
    )
    args = parser.parse_args(argv)
    result = score(network=args.network)
    if args.write_floor:
        if args.network:
            parser.error("the floor holds offline figures: drop --network")
        FLOOR.write_text(json.dumps(floor_figures(result), indent=1) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(result.figures(), indent=1))
    else:
        for line in report(result):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
