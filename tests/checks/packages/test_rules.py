"""SG5xx rules through the real scan engine (network rules fed by `prepare`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.engine import ScanOptions, ScanResult, scan
from checks.model import Severity
from tests.checks.packages.conftest import Registry

STEP = """import axios from "axios@0.21.1";
import x from "axois";
import gone from "this-package-does-not-exist-xyz";
import { axios as pd } from "@pipedream/platform@3.0.3";

export default defineComponent({
  async run({ steps, $ }) {
    return await axios.get("https://example.com");
  },
});
"""
PY_STEP = """# pipedream add-package requests==2.32.0
import requests
import yaml

def handler(pd: "pipedream"):
    return requests.get("https://example.com").status_code
"""


@pytest.fixture
def project(write_tree) -> Path:
    return write_tree({"fetch.mjs": STEP, "parse.py": PY_STEP})


def _by_rule(findings) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in findings:
        out.setdefault(f.rule, []).append(f)
    return out


def test_without_network_only_unpinned_runs(project: Path) -> None:
    result = scan([project], ScanOptions(select=["package"]))
    rules = _by_rule(result.findings)
    assert set(rules) == {"SG501"}
    names = sorted((f.path, f.line, f.extra["package"]) for f in rules["SG501"])
    assert names == [
        ("fetch.mjs", 2, "axois"),
        ("fetch.mjs", 3, "this-package-does-not-exist-xyz"),
        ("parse.py", 3, "PyYAML"),
    ]
    py = next(f for f in rules["SG501"] if f.path == "parse.py")
    assert py.fix is not None and "# pipedream add-package PyYAML==" in py.fix.summary
    assert result.packages is None  # no audit without --packages


def test_with_network_rules_read_the_audit(
    project: Path, registry: Registry, tmp_path: Path
) -> None:
    options = ScanOptions(select=["package"], network=True)
    options.package_options = registry.options(tmp_path / "c")  # type: ignore[attr-defined]
    result = scan([project], options)
    rules = _by_rule(result.findings)
    vuln = rules["SG502"]
    assert [(f.path, f.line, f.column) for f in vuln] == [("fetch.mjs", 1, 19)]
    assert vuln[0].severity is Severity.HIGH and "GHSA-cph5-m8f7-6c5x" in vuln[0].message
    assert vuln[0].extra["verdict"] == "risky" and vuln[0].extra["version"] == "0.21.1"
    assert [f.line for f in rules["SG509"]] == [2]
    assert [f.line for f in rules["SG505"]] == [2] and [f.line for f in rules["SG506"]] == [2]
    assert [f.line for f in rules["SG510"]] == [3] and rules["SG510"][0].severity is Severity.HIGH
    assert [(f.path, f.line) for f in rules["SG503"]] == [("parse.py", 2)]  # yanked 2.32.0
    assert "SG511" not in rules  # every package was checked
    report = result.packages
    assert report is not None and report.get("npm", "axios", "0.21.1") is not None


def test_unpinned_fix_suggests_the_resolved_version(
    project: Path, registry: Registry, tmp_path: Path
) -> None:
    options = ScanOptions(select=["SG501"], network=True)
    options.package_options = registry.options(tmp_path / "c")  # type: ignore[attr-defined]
    # SG501 alone is not a network rule, so no audit runs: the hint has no version yet.
    result = scan([project], options)
    axois = next(f for f in result.findings if f.extra["package"] == "axois")
    assert axois.fix is not None and '"axois@X.Y.Z"' in axois.fix.summary
    options = ScanOptions(select=["package"], network=True)
    options.package_options = registry.options(tmp_path / "c")  # type: ignore[attr-defined]
    result = scan([project], options)
    axois = next(f for f in result.findings if f.rule == "SG501" and f.extra["package"] == "axois")
    assert axois.fix is not None and '"axois@1.7.4"' in axois.fix.summary


def test_offline_without_cache_reports_unchecked_packages(
    project: Path, tmp_path: Path, monkeypatch
) -> None:
    options = ScanOptions(select=["package"], network=True)
    options.offline = True  # type: ignore[attr-defined]  # what `scan --offline` sets
    options.package_options = None  # type: ignore[attr-defined]
    monkeypatch.setenv("STEPGUARD_CACHE_DIR", str(tmp_path / "empty-cache"))
    result = scan([project], options)
    rules = _by_rule(result.findings)
    unchecked = sorted(f.extra["package"] for f in rules["SG511"])
    assert unchecked == [
        "@pipedream/platform",
        "PyYAML",
        "axios",
        "axois",
        "requests",
        "this-package-does-not-exist-xyz",
    ]
    assert all(f.severity is Severity.INFO for f in rules["SG511"])
    assert [f.extra["package"] for f in rules["SG509"]] == ["axois"]  # bundled list, no network


def test_suppression_comment_silences_a_package_rule(write_tree) -> None:
    root = write_tree(
        {
            "s.mjs": 'import a from "axios"; // stepguard: ignore[SG501]\n'
            'const n = 1;\nimport b from "got";\n',
        }
    )
    result = scan([root], ScanOptions(select=["SG501"]))
    assert [f.extra["package"] for f in result.findings] == ["got"]
    assert result.suppressed == 1


def test_audit_results_are_cached_and_a_verdict_change_invalidates(
    project: Path, registry: Registry, tmp_path: Path
) -> None:
    """The verdicts are a scan input: hashed into the result cache's key, never stale."""
    scan_cache = tmp_path / "scan-cache"

    def audited(**client: object) -> ScanResult:
        options = ScanOptions(select=["package"], network=True, cache_dir=scan_cache)
        options.package_options = registry.options(tmp_path / "c", **client)
        return scan([project], options)

    first = audited()
    assert first.cached == 0 and "SG502" in _by_rule(first.findings)
    # (The second audit answers from the package client's own cache, where a PyPI 404 reads
    # back as a "malformed answer" note: a different verdict text, so a different key.)
    warm = audited()
    again = audited()
    assert again.cached == len(again.workflows) == 2  # same verdicts: answered from the cache
    assert [f.fingerprint for f in again.findings] == [f.fingerprint for f in warm.findings]
    assert [f.fingerprint for f in again.findings] == [f.fingerprint for f in first.findings]
    # Offline with an empty package cache: every verdict becomes "unknown".
    changed = audited(offline=True, cache_dir=tmp_path / "empty")
    assert changed.cached == 0
    rules = _by_rule(changed.findings)
    assert "SG502" not in rules and rules["SG511"]
    uncached = ScanOptions(select=["package"], network=True)
    uncached.package_options = registry.options(tmp_path / "c", offline=True, cache_dir=tmp_path)
    assert changed.findings == scan([project], uncached).findings
