"""scripts/update_popular_packages.py against a local server in the sources' answer shapes."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "update_popular_packages.py"


def _load():
    spec = importlib.util.spec_from_file_location("update_popular_packages", SCRIPT)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_regenerates_both_lists(httpserver: HTTPServer, tmp_path: Path, monkeypatch) -> None:
    base = httpserver.url_for("").rstrip("/")
    monkeypatch.setenv("STEPGUARD_TOP_PYPI", f"{base}/top.json")
    monkeypatch.setenv("STEPGUARD_NPM_REGISTRY", f"{base}/npm")
    monkeypatch.setenv("STEPGUARD_NPM_DOWNLOADS", f"{base}/api")
    httpserver.expect_request("/top.json").respond_with_json(
        {
            "last_update": "2025-06-01 07:12:40",
            "query": {
                "bytes_billed": 0,
                "bytes_processed": 0,
                "cached": False,
                "estimated_cost": "0.00",
            },
            "rows": [
                {"download_count": 1_500_000_000, "project": "boto3"},
                {"download_count": 900_000_000, "project": "urllib3"},
                {"download_count": 1_000_000_000, "project": "requests"},
            ],
        }
    )
    httpserver.expect_request("/npm/-/v1/search").respond_with_json(
        {
            "objects": [
                {"package": {"name": "react", "version": "19.1.0"}, "score": {"final": 0.9}}
            ],
            "total": 1,
            "time": "Sun Jun 01 2025 00:00:00 GMT+0000",
        }
    )

    def bulk(request: Request) -> Response:
        names = request.path.rsplit("/", 1)[-1].split(",")
        table = {"axios": 57_000_000, "react": 40_000_000, "tiny-thing": 12}
        doc = {
            n: {
                "downloads": table.get(n, 0),
                "start": "2025-05-24",
                "end": "2025-05-30",
                "package": n,
            }
            for n in names
        }
        return Response(json.dumps(doc), content_type="application/json")

    httpserver.expect_request(
        "/api/downloads/point/last-week/@pipedream/platform"
    ).respond_with_json(
        {
            "downloads": 84213,
            "start": "2025-05-24",
            "end": "2025-05-30",
            "package": "@pipedream/platform",
        }
    )
    httpserver.expect_request(
        __import__("re").compile(r"/api/downloads/point/last-week/[^@].*")
    ).respond_with_handler(bulk)
    (tmp_path / "popular-npm.txt").write_text("# old\naxios\ntiny-thing\n@pipedream/platform\n")
    module = _load()
    assert module.main(["--out-dir", str(tmp_path), "--pypi-size", "2", "--npm-size", "3"]) == 0
    assert module.read_names(tmp_path / "popular-pypi.txt") == ["boto3", "requests"]
    assert module.read_names(tmp_path / "popular-npm.txt") == [
        "@pipedream/platform",
        "axios",
        "react",
    ]
    assert "Source: npm search" in (tmp_path / "popular-npm.txt").read_text()
