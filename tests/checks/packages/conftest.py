"""A local registry server (npm, npm downloads, OSV, PyPI) serving recorded answers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from checks.packages.client import ClientOptions

RECORDED = Path(__file__).parent / "recorded"
NOW = 1748736000.0  # 2025-06-01T00:00:00Z: the recorded answers are judged as of this day


def recorded(rel: str) -> dict:
    return json.loads((RECORDED / rel).read_text(encoding="utf-8"))


@dataclass
class Registry:
    server: HTTPServer
    requests: list[str] = field(default_factory=list)

    def options(self, tmp_path: Path, **kw) -> ClientOptions:
        base = self.server.url_for("").rstrip("/")
        defaults = dict(
            npm_registry=f"{base}/npm",
            npm_downloads=f"{base}/npmapi",
            osv_api=f"{base}/osv",
            pypi_api=f"{base}/pypi",
            cache_dir=tmp_path / "cache",
            backoff=0.01,
            timeout=2.0,
            clock=lambda: NOW,
        )
        defaults.update(kw)
        return ClientOptions(**defaults)


NPM_PACKAGES = {
    "axios": "axios",
    "request": "request",
    "axois": "axois",
    "lodash": "lodash",
    "@pipedream/platform": "pipedream-platform",
}
PYPI_PROJECTS = {"requests": "requests", "PyYAML": "pyyaml", "pyyaml": "pyyaml"}


def _querybatch(request: Request) -> Response:
    answers = recorded("osv/querybatch.json")
    body = json.loads(request.get_data())
    results = []
    for q in body["queries"]:
        key = f"{q['package']['ecosystem'].lower()}/{q['package']['name'].lower()}/{q['version']}"
        results.append(answers.get(key, {}))
    return Response(json.dumps({"results": results}), content_type="application/json")


def _bulk(request: Request) -> Response:
    answers = recorded("npm/advisories-bulk.json")
    body = json.loads(request.get_data())
    out = {name: answers[name] for name in body if name in answers}
    return Response(json.dumps(out), content_type="application/json")


@pytest.fixture
def registry(httpserver: HTTPServer) -> Registry:
    reg = Registry(httpserver)
    for name, fixture in NPM_PACKAGES.items():
        httpserver.expect_request(f"/npm/{name}", method="GET").respond_with_json(
            recorded(f"npm/{fixture}.json")
        )
        httpserver.expect_request(f"/npmapi/downloads/point/last-week/{name}").respond_with_json(
            recorded(f"downloads/{fixture}.json")
        )
    httpserver.expect_request(
        "/npm/-/npm/v1/security/advisories/bulk", method="POST"
    ).respond_with_handler(_bulk)
    httpserver.expect_request("/osv/v1/querybatch", method="POST").respond_with_handler(_querybatch)
    for vid in (
        "GHSA-cph5-m8f7-6c5x",
        "GHSA-wf5p-g6vw-rhxx",
        "GHSA-8q59-q68h-6hv4",
        "PYSEC-2021-142",
    ):
        httpserver.expect_request(f"/osv/v1/vulns/{vid}").respond_with_json(
            recorded(f"osv/{vid}.json")
        )
    for name, fixture in PYPI_PROJECTS.items():
        httpserver.expect_request(f"/pypi/pypi/{name}/json").respond_with_json(
            recorded(f"pypi/{fixture}.json")
        )
    for name, fixture, version in (
        ("requests", "requests", "2.32.0"),
        ("requests", "requests", "2.32.3"),
        ("PyYAML", "pyyaml", "5.3.1"),
    ):
        httpserver.expect_request(f"/pypi/pypi/{name}/{version}/json").respond_with_json(
            recorded(f"pypi/{fixture}-{version}.json")
        )
    # Everything else is unknown to the registries: npm and PyPI answer 404 with these bodies.
    httpserver.expect_request(_prefix("/npm/"), method="GET").respond_with_json(
        recorded("npm/not-found.json"), status=404
    )
    httpserver.expect_request(_prefix("/npmapi/")).respond_with_json(
        {"error": "package not found"}, status=404
    )
    httpserver.expect_request(_prefix("/pypi/")).respond_with_json(
        recorded("pypi/not-found.json"), status=404
    )
    return reg


def _prefix(prefix: str):
    from pytest_httpserver import URIPattern

    class Prefix(URIPattern):
        def match(self, uri: str) -> bool:
            return uri.startswith(prefix)

    return Prefix()
