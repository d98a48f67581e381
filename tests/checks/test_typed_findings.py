"""Findings are typed: each family's `extra` keys, fix kinds from `FixKind`, real checks."""

from __future__ import annotations

import json
from typing import get_type_hints

import pytest

from checks.demo import write_demo
from checks.engine import ScanOptions, ScanResult, scan
from checks.extras import FindingExtra
from checks.model import Category, FixKind
from checks.rulebase import EXTRA_FOR_CATEGORY, all_rules


@pytest.fixture(scope="module")
def demo_scan(tmp_path_factory: pytest.TempPathFactory) -> ScanResult:
    target = tmp_path_factory.mktemp("demo") / "acme-ops-demo"
    write_demo(target)
    return scan([target], ScanOptions())


def test_every_family_has_an_extra_type() -> None:
    assert set(EXTRA_FOR_CATEGORY) == set(Category)
    merged = get_type_hints(FindingExtra)
    for family in EXTRA_FOR_CATEGORY.values():
        for key, hint in get_type_hints(family).items():
            assert merged[key] == hint, f"{family.__name__}.{key} differs between families"


def test_findings_carry_only_their_familys_keys(demo_scan: ScanResult) -> None:
    assert len({f.category for f in demo_scan.findings}) >= 6
    for f in demo_scan.findings:
        allowed = set(get_type_hints(EXTRA_FOR_CATEGORY[f.category]))
        assert set(f.extra) <= allowed, (f.rule, sorted(set(f.extra) - allowed))
        json.dumps(f.extra)  # JSON data only (reports and the scan cache store it)


def test_fix_kinds_are_the_enum(demo_scan: ScanResult) -> None:
    for r in all_rules():
        assert r.fix_kind is None or isinstance(r.fix_kind, FixKind), r.id
    fixes = [f.fix for f in demo_scan.findings if f.fix is not None]
    assert fixes and all(isinstance(fix.kind, FixKind) for fix in fixes)


def test_each_rule_has_exactly_one_check() -> None:
    for r in all_rules():
        assert (r.step_check is None) != (r.workflow_check is None), r.id
        assert r.check is (r.workflow_check or r.step_check)
        assert r.scope == ("workflow" if r.workflow_check else "step")


def test_the_family_check_can_fail() -> None:
    """A key from another family is caught (the check above is not vacuous)."""
    allowed = set(get_type_hints(EXTRA_FOR_CATEGORY[Category.PACKAGE]))
    assert "secret_id" not in allowed and "package" in allowed
