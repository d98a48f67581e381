"""Live check that the real registries still answer in the shapes the audit reads.

Skipped unless STEPGUARD_LIVE=1 (see tests/conftest.py).
"""

from __future__ import annotations

import httpx
import pytest

from checks.packages.client import ClientOptions

pytestmark = pytest.mark.network


@pytest.fixture(scope="module")
def http():
    with httpx.Client(timeout=30.0, headers={"User-Agent": "stepguard live test"}) as client:
        yield client


@pytest.fixture(scope="module")
def bases() -> ClientOptions:
    return ClientOptions()


def test_npm_packument_and_downloads(http: httpx.Client, bases: ClientOptions) -> None:
    doc = http.get(f"{bases.npm_registry}/axios").json()
    latest = doc["dist-tags"]["latest"]
    assert latest in doc["versions"] and latest in doc["time"] and "created" in doc["time"]
    assert "repository" in doc["versions"][latest]
    assert (
        http.get(f"{bases.npm_registry}/@pipedream%2Fplatform").json()["name"]
        == "@pipedream/platform"
    )
    point = http.get(f"{bases.npm_downloads}/downloads/point/last-week/axios").json()
    assert isinstance(point["downloads"], int) and point["package"] == "axios"
    assert (
        http.get(f"{bases.npm_registry}/this-package-should-not-exist-stepguard-xyz").status_code
        == 404
    )


def test_npm_bulk_advisories(http: httpx.Client, bases: ClientOptions) -> None:
    doc = http.post(
        f"{bases.npm_registry}/-/npm/v1/security/advisories/bulk", json={"axios": ["0.21.1"]}
    ).json()
    advisory = doc["axios"][0]
    assert {"id", "url", "title", "severity", "vulnerable_versions"} <= set(advisory)


def test_osv_batch_and_details(http: httpx.Client, bases: ClientOptions) -> None:
    body = {
        "queries": [
            {"package": {"name": "axios", "ecosystem": "npm"}, "version": "0.21.1"},
            {"package": {"name": "left-pad", "ecosystem": "npm"}, "version": "1.3.0"},
        ]
    }
    doc = http.post(f"{bases.osv_api}/v1/querybatch", json=body).json()
    assert len(doc["results"]) == 2
    ids = [v["id"] for v in doc["results"][0]["vulns"]]
    assert ids
    vuln = http.get(f"{bases.osv_api}/v1/vulns/{ids[0]}").json()
    assert vuln["id"] == ids[0] and "affected" in vuln


def test_pypi_json(http: httpx.Client, bases: ClientOptions) -> None:
    doc = http.get(f"{bases.pypi_api}/pypi/requests/json").json()
    assert {"info", "releases", "urls", "vulnerabilities"} <= set(doc)
    assert doc["info"]["version"] in doc["releases"]
    old = http.get(f"{bases.pypi_api}/pypi/PyYAML/5.3.1/json").json()
    assert any(v["id"] for v in old["vulnerabilities"]) and "fixed_in" in old["vulnerabilities"][0]
    assert (
        http.get(
            f"{bases.pypi_api}/pypi/this-package-should-not-exist-stepguard-xyz/json"
        ).status_code
        == 404
    )
