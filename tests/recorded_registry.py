"""A local registry server on 127.0.0.1 (npm, npm downloads, OSV, PyPI) answering with recorded
responses in the real APIs' shapes (`tests/checks/packages/recorded/`, trimmed).

Tests install it on pytest-httpserver's server (`install`); `scripts/tmux_walkthrough.sh` runs
it as a process (`python -m tests.recorded_registry --url-file FILE`) and points stepguard at it
through the registry environment variables (`checks.packages.client.DEFAULTS`)."""

from __future__ import annotations

import argparse
import json
import signal
import threading
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer, URIPattern
from werkzeug import Request, Response

RECORDED = Path(__file__).parent / "checks" / "packages" / "recorded"

# Package name → recording name (npm: `npm/<name>.json`, and `downloads/<name>.json` if any).
NPM_PACKAGES = {
    "axios": "axios",
    "request": "request",
    "axois": "axois",
    "lodash": "lodash",
    "@pipedream/platform": "pipedream-platform",
    "stripe": "stripe",
    "@linear/sdk": "linear-sdk",
}
PYPI_PROJECTS = {
    "requests": "requests",
    "PyYAML": "pyyaml",
    "pyyaml": "pyyaml",
    "pandas": "pandas",
    "openai": "openai",
}
PYPI_RELEASES = (
    ("requests", "requests", "2.32.0"),
    ("requests", "requests", "2.32.3"),
    ("PyYAML", "pyyaml", "5.3.1"),
)
OSV_VULNS = ("GHSA-cph5-m8f7-6c5x", "GHSA-wf5p-g6vw-rhxx", "GHSA-8q59-q68h-6hv4", "PYSEC-2021-142")


def recorded(rel: str) -> Any:
    return json.loads((RECORDED / rel).read_text(encoding="utf-8"))


def base_urls(server: HTTPServer) -> dict[str, str]:
    """`ClientOptions` fields pointing the package client at `server`."""
    base = server.url_for("").rstrip("/")
    return {
        "npm_registry": f"{base}/npm",
        "npm_downloads": f"{base}/npmapi",
        "osv_api": f"{base}/osv",
        "pypi_api": f"{base}/pypi",
    }


ENV_VARS = {
    "npm_registry": "STEPGUARD_NPM_REGISTRY",
    "npm_downloads": "STEPGUARD_NPM_DOWNLOADS",
    "osv_api": "STEPGUARD_OSV_API",
    "pypi_api": "STEPGUARD_PYPI_API",
}


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


class _Prefix(URIPattern):
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def match(self, uri: str) -> bool:
        return uri.startswith(self.prefix)


def install(server: HTTPServer) -> None:
    """Register the recorded answers on `server` (paths as in `base_urls`)."""
    for name, fixture in NPM_PACKAGES.items():
        server.expect_request(f"/npm/{name}", method="GET").respond_with_json(
            recorded(f"npm/{fixture}.json")
        )
        if (RECORDED / "downloads" / f"{fixture}.json").is_file():
            server.expect_request(f"/npmapi/downloads/point/last-week/{name}").respond_with_json(
                recorded(f"downloads/{fixture}.json")
            )
    server.expect_request(
        "/npm/-/npm/v1/security/advisories/bulk", method="POST"
    ).respond_with_handler(_bulk)
    server.expect_request("/osv/v1/querybatch", method="POST").respond_with_handler(_querybatch)
    for vid in OSV_VULNS:
        server.expect_request(f"/osv/v1/vulns/{vid}").respond_with_json(recorded(f"osv/{vid}.json"))
    for name, fixture in PYPI_PROJECTS.items():
        server.expect_request(f"/pypi/pypi/{name}/json").respond_with_json(
            recorded(f"pypi/{fixture}.json")
        )
    for name, fixture, version in PYPI_RELEASES:
        server.expect_request(f"/pypi/pypi/{name}/{version}/json").respond_with_json(
            recorded(f"pypi/{fixture}-{version}.json")
        )
    # Everything else is unknown to the registries: npm and PyPI answer 404 with these bodies.
    server.expect_request(_Prefix("/npm/"), method="GET").respond_with_json(
        recorded("npm/not-found.json"), status=404
    )
    server.expect_request(_Prefix("/npmapi/")).respond_with_json(
        {"error": "package not found"}, status=404
    )
    server.expect_request(_Prefix("/pypi/")).respond_with_json(
        recorded("pypi/not-found.json"), status=404
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url-file", type=Path, required=True, help="write the base URL here")
    args = parser.parse_args(argv)
    server = HTTPServer(host="127.0.0.1", port=0)
    install(server)
    server.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    args.url_file.write_text(server.url_for("").rstrip("/") + "\n", encoding="utf-8")
    try:
        stop.wait()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
