"""The audit end to end against recorded npm, OSV and PyPI answers on a local server."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.model import Language, Step, Trigger, TriggerKind, Workflow
from checks.packages import PackageReport, Signal, Verdict, audit, audit_sync
from tests.checks.packages.conftest import Registry
from tests.recorded_registry import recorded

NODE_STEP = """import axios from "axios@0.21.1";
import fp from "lodash/fp";
const latest = require("axios");
import x from "axois";
import { axios as pd } from "@pipedream/platform";
import gone from "this-package-does-not-exist-xyz";
const request = require("request");
import fs from "fs/promises";
export default defineComponent({ async run({ steps, $ }) { return 1 } });
"""
PYTHON_STEP = """# pipedream add-package PyYAML==5.3.1
# pipedream add-package requests==2.32.0
import os
import yaml
import requests

def handler(pd: "pipedream"):
    return yaml.safe_load("a: 1")
"""


def workflow(tmp_path: Path) -> Workflow:
    return Workflow(
        name="orders",
        id=None,
        source=tmp_path,
        trigger=Trigger(kind=TriggerKind.HTTP),
        steps=[
            Step(namespace="fetch", language=Language.NODE, code=NODE_STEP),
            Step(namespace="parse", language=Language.PYTHON, code=PYTHON_STEP),
        ],
    )


@pytest.fixture
async def report(registry: Registry, tmp_path: Path) -> PackageReport:
    return await audit([workflow(tmp_path)], registry.options(tmp_path))


def signals(report: PackageReport, eco: str, name: str, spec: str | None) -> set[Signal]:
    verdict = report.get(eco, name, spec)
    assert verdict is not None, f"no verdict for {name}"
    return {r.signal for r in verdict.reasons}


async def test_vulnerable_pin_is_risky(report: PackageReport) -> None:
    v = report.get("npm", "axios", "0.21.1")
    assert v is not None and v.verdict is Verdict.RISKY and v.version == "0.21.1"
    ids = [x.id for x in v.vulnerabilities]
    # OSV and npm's bulk endpoint both list these; merged once each, worst first. The SSRF
    # advisory (<0.21.1) does not affect 0.21.1 and is left out.
    assert ids == ["GHSA-cph5-m8f7-6c5x", "GHSA-wf5p-g6vw-rhxx"]
    assert v.vulnerabilities[0].severity == "high" and "0.21.2" in v.vulnerabilities[0].fixed
    assert v.links["repository"] == "https://github.com/axios/axios"
    assert v.links["registry"] == "https://www.npmjs.com/package/axios/v/0.21.1"
    assert Signal.UNPINNED not in signals(report, "npm", "axios", "0.21.1")


async def test_unpinned_resolves_to_latest(report: PackageReport) -> None:
    v = report.get("npm", "axios", None)
    assert v is not None and v.version == "1.7.9" and v.latest == "1.7.9"
    assert v.verdict is Verdict.REVIEW and signals(report, "npm", "axios", None) == {
        Signal.UNPINNED
    }
    assert v.weekly_downloads == 57312284
    assert v.pin_label == "unpinned → 1.7.9"


async def test_typosquat_with_install_script(report: PackageReport) -> None:
    v = report.get("npm", "axois", None)
    assert v is not None and v.verdict is Verdict.RISKY
    assert {
        Signal.TYPOSQUAT,
        Signal.NEW,
        Signal.INSTALL_SCRIPT,
        Signal.NO_REPOSITORY,
        Signal.LOW_DOWNLOADS,
    } <= signals(report, "npm", "axois", None)
    assert any("postinstall: node ./scripts/setup.js" in r.message for r in v.reasons)
    assert any("`axios`" in r.message for r in v.reasons_for(Signal.TYPOSQUAT))


async def test_deprecated_and_stale(report: PackageReport) -> None:
    assert {Signal.DEPRECATED, Signal.STALE} <= signals(report, "npm", "request", None)
    v = report.get("npm", "request", None)
    assert v is not None and "issues/3142" in v.reasons_for(Signal.DEPRECATED)[0].message


async def test_missing_package(report: PackageReport) -> None:
    v = report.get("npm", "this-package-does-not-exist-xyz", None)
    assert v is not None and v.verdict is Verdict.RISKY
    assert signals(report, "npm", "this-package-does-not-exist-xyz", None) == {Signal.NOT_FOUND}


async def test_scoped_package_and_subpath(report: PackageReport) -> None:
    platform = report.get("npm", "@pipedream/platform", None)
    assert platform is not None and platform.version == "3.0.3"
    assert platform.links["repository"] == "https://github.com/PipedreamHQ/pipedream"
    assert Signal.UNPINNED not in signals(report, "npm", "@pipedream/platform", None)
    lodash = report.get("npm", "lodash", None)
    assert lodash is not None and [u.written for u in lodash.uses] == ["lodash/fp"]


async def test_builtins_are_not_audited(report: PackageReport) -> None:
    assert report.get("npm", "fs", None) is None
    assert report.get("pypi", "os", None) is None


async def test_python_pins_vulnerabilities_and_yanks(report: PackageReport) -> None:
    yaml = report.get("pypi", "PyYAML", "==5.3.1")
    assert yaml is not None and yaml.verdict is Verdict.RISKY and yaml.version == "5.3.1"
    # OSV's GHSA record, PYSEC alias and PyPI's own feed describe one advisory: listed once.
    assert [x.id for x in yaml.vulnerabilities] == ["GHSA-8q59-q68h-6hv4"]
    assert yaml.vulnerabilities[0].severity == "critical"
    assert Signal.INSTALL_SCRIPT in signals(report, "pypi", "PyYAML", "==5.3.1")  # sdist only
    assert yaml.links["repository"] == "https://github.com/yaml/pyyaml"
    requests = report.get("pypi", "requests", "==2.32.0")
    assert requests is not None and requests.verdict is Verdict.REVIEW
    assert signals(report, "pypi", "requests", "==2.32.0") == {Signal.YANKED, Signal.NOTE}
    assert requests.vulnerabilities == []  # the withdrawn entry is dropped
    assert any("no download counts" in r.message for r in requests.reasons)


async def test_report_serialises(report: PackageReport) -> None:
    doc = report.to_dict()
    # @pipedream/platform imported bare is Pipedream's own package: not "review" for its pin
    assert doc["counts"]["risky"] == 4 and doc["counts"]["review"] == 4
    row = next(p for p in doc["packages"] if p["name"] == "axois")
    assert row["verdict"] == "risky" and row["uses"][0] == {
        "workflow": "orders",
        "step": "fetch",
        "line": 4,
        "written": "axois",
        "kind": "import",
    }


async def test_progress_reaches_total(registry: Registry, tmp_path: Path) -> None:
    ticks: list[tuple[int, int]] = []
    await audit(
        [workflow(tmp_path)], registry.options(tmp_path), progress=lambda d, t: ticks.append((d, t))
    )
    assert ticks[0] == (0, 18) and ticks[-1] == (18, 18)
    assert [d for d, _ in ticks] == sorted(d for d, _ in ticks)


async def test_offline_without_cache_is_unknown(registry: Registry, tmp_path: Path) -> None:
    report = await audit([workflow(tmp_path)], registry.options(tmp_path, offline=True))
    assert report.requests == 0
    assert all(any("offline" in r.message for r in p.reasons) for p in report.packages)
    # The look-alike check needs only the bundled list of popular names, so it still works.
    verdicts = {p.name: p.verdict for p in report.packages}
    assert verdicts.pop("axois") is Verdict.RISKY
    assert set(verdicts.values()) == {Verdict.UNKNOWN}


async def test_offline_with_cache_matches_online(registry: Registry, tmp_path: Path) -> None:
    online = await audit([workflow(tmp_path)], registry.options(tmp_path))
    registry.server.clear()  # the registries are gone: only the cache can answer
    offline = await audit([workflow(tmp_path)], registry.options(tmp_path, offline=True))
    assert offline.requests == 0
    assert [(p.name, p.verdict) for p in offline.packages] == [
        (p.name, p.verdict) for p in online.packages
    ]


async def test_registry_outage_is_unknown_not_a_crash(httpserver, tmp_path: Path) -> None:
    httpserver.expect_request("/npm/axios").respond_with_data("upstream down", status=502)
    httpserver.expect_request("/osv/v1/querybatch", method="POST").respond_with_data(
        "{{{", status=200
    )
    reg = Registry(httpserver)
    wf = Workflow(
        name="w",
        id=None,
        source=tmp_path,
        trigger=Trigger(kind=TriggerKind.HTTP),
        steps=[Step(namespace="s", language=Language.NODE, code='import a from "axios@1.7.2";')],
    )
    report = await audit([wf], reg.options(tmp_path, retries=1))
    (v,) = report.packages
    assert v.verdict is Verdict.UNKNOWN and "HTTP 502" in v.reasons[0].message


async def test_vulnerability_sources_down_is_unknown(
    registry: Registry, httpserver, tmp_path: Path
) -> None:
    httpserver.clear()
    httpserver.expect_request("/npm/lodash").respond_with_json(recorded("npm/lodash.json"))
    httpserver.expect_request("/npmapi/downloads/point/last-week/lodash").respond_with_json(
        {"downloads": 5_000_000}
    )
    httpserver.expect_request("/osv/v1/querybatch", method="POST").respond_with_data(
        "busy", status=503
    )
    httpserver.expect_request(
        "/npm/-/npm/v1/security/advisories/bulk", method="POST"
    ).respond_with_data("no", status=500)
    wf = Workflow(
        name="w",
        id=None,
        source=tmp_path,
        trigger=Trigger(kind=TriggerKind.HTTP),
        steps=[Step(namespace="s", language=Language.NODE, code='import _ from "lodash@4.17.21";')],
    )
    report = await audit([wf], registry.options(tmp_path, retries=0, clock=lambda: 1614000000.0))
    (v,) = report.packages
    assert v.version == "4.17.21" and v.verdict is Verdict.UNKNOWN
    assert "vulnerability data incomplete" in v.reasons_for(Signal.UNAVAILABLE)[0].message


def test_sync_wrapper_works_inside_a_running_loop(registry: Registry, tmp_path: Path) -> None:
    import asyncio

    async def inside() -> PackageReport:
        return audit_sync([workflow(tmp_path)], registry.options(tmp_path))

    report = asyncio.run(inside())
    assert report.get("npm", "axios", "0.21.1") is not None
