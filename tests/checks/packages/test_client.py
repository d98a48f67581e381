"""The registry client against a real local HTTP server: errors, retries, cache, offline."""

from __future__ import annotations

import json
import time
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from checks.packages.client import ClientOptions, RegistryClient


def _options(tmp_path: Path, **kw) -> ClientOptions:
    base = dict(cache_dir=tmp_path / "cache", backoff=0.01, timeout=1.0, retries=3)
    base.update(kw)
    return ClientOptions(**base)


async def _get(options: ClientOptions, url: str):
    async with RegistryClient(options) as client:
        return await client.get_json(url), client.requests


async def test_ok_json(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/pkg").respond_with_json({"name": "pkg"})
    result, _ = await _get(_options(tmp_path), httpserver.url_for("/pkg"))
    assert result.ok and result.data == {"name": "pkg"} and not result.from_cache


async def test_404_is_a_state_not_an_error(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/missing").respond_with_json({"error": "Not found"}, status=404)
    result, requests = await _get(_options(tmp_path), httpserver.url_for("/missing"))
    assert result.not_found and not result.ok and result.error == "not found"
    assert requests == 1  # no retry for a 404


async def test_429_with_retry_after_then_success(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_ordered_request("/limited").respond_with_json(
        {"error": "rate limited"}, status=429, headers={"Retry-After": "0.2"}
    )
    httpserver.expect_ordered_request("/limited").respond_with_json({"ok": True})
    started = time.monotonic()
    result, requests = await _get(_options(tmp_path), httpserver.url_for("/limited"))
    assert result.ok and result.data == {"ok": True}
    assert requests == 2
    assert time.monotonic() - started >= 0.2  # Retry-After was honoured


async def test_429_with_long_retry_after_gives_up_at_once(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/slow-down").respond_with_json(
        {}, status=429, headers={"Retry-After": "3600"}
    )
    result, requests = await _get(_options(tmp_path), httpserver.url_for("/slow-down"))
    assert not result.ok and result.status == 429
    assert "rate limited" in (result.error or "") and "3600" in (result.error or "")
    assert requests == 1


async def test_500_retries_then_reports(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/broken").respond_with_data("oops", status=500)
    result, requests = await _get(_options(tmp_path, retries=2), httpserver.url_for("/broken"))
    assert not result.ok and result.status == 500 and "HTTP 500" in (result.error or "")
    assert requests == 3


async def test_503_then_success(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_ordered_request("/flaky").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/flaky").respond_with_json({"v": 1})
    result, requests = await _get(_options(tmp_path), httpserver.url_for("/flaky"))
    assert result.ok and requests == 2


async def test_garbage_json(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/garbage").respond_with_data(
        "<html>not json", content_type="application/json"
    )
    result, _ = await _get(_options(tmp_path), httpserver.url_for("/garbage"))
    assert not result.ok and (result.error or "").startswith("malformed JSON")


async def test_timeout(httpserver: HTTPServer, tmp_path: Path) -> None:
    def slow(request: Request) -> Response:
        time.sleep(0.6)
        return Response("{}", content_type="application/json")

    httpserver.expect_request("/sleepy").respond_with_handler(slow)
    result, requests = await _get(
        _options(tmp_path, timeout=0.2, retries=1), httpserver.url_for("/sleepy")
    )
    assert not result.ok and "timed out" in (result.error or "")
    assert requests == 2


async def test_connection_refused(tmp_path: Path) -> None:
    result, _ = await _get(_options(tmp_path, retries=0), "http://127.0.0.1:9/nothing")
    assert not result.ok and "network error" in (result.error or "")


async def test_cache_hit_avoids_the_network(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/cached").respond_with_json({"n": 1})
    options = _options(tmp_path)
    first, _ = await _get(options, httpserver.url_for("/cached"))
    second, requests = await _get(options, httpserver.url_for("/cached"))
    assert first.ok and second.ok and second.from_cache and requests == 0
    entries = list((tmp_path / "cache").rglob("*.json"))
    assert len(entries) == 1 and entries[0].stat().st_mode & 0o077 == 0


async def test_cache_ttl_expiry_refetches(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_ordered_request("/ttl").respond_with_json({"n": 1})
    httpserver.expect_ordered_request("/ttl").respond_with_json({"n": 2})
    now = [1000.0]
    options = _options(tmp_path, ttl=60, clock=lambda: now[0])
    first, _ = await _get(options, httpserver.url_for("/ttl"))
    now[0] += 30
    fresh, requests_fresh = await _get(options, httpserver.url_for("/ttl"))
    now[0] += 61
    expired, requests_expired = await _get(options, httpserver.url_for("/ttl"))
    assert first.data == {"n": 1} and fresh.data == {"n": 1} and requests_fresh == 0
    assert expired.data == {"n": 2} and requests_expired == 1 and not expired.from_cache


async def test_offline_uses_cache_even_when_stale(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/off").respond_with_json({"n": 1})
    now = [1000.0]
    online = _options(tmp_path, ttl=60, clock=lambda: now[0])
    await _get(online, httpserver.url_for("/off"))
    now[0] += 10_000
    offline = _options(tmp_path, ttl=60, clock=lambda: now[0], offline=True)
    hit, requests = await _get(offline, httpserver.url_for("/off"))
    miss, _ = await _get(offline, httpserver.url_for("/never-fetched"))
    assert hit.ok and hit.from_cache and requests == 0
    assert not miss.ok and miss.error == "offline and not in the cache"


async def test_post_bodies_are_cached_by_content(httpserver: HTTPServer, tmp_path: Path) -> None:
    def echo(request: Request) -> Response:
        return Response(
            json.dumps({"got": json.loads(request.get_data())}), content_type="application/json"
        )

    httpserver.expect_request("/batch", method="POST").respond_with_handler(echo)
    options = _options(tmp_path)
    async with RegistryClient(options) as client:
        a = await client.post_json(httpserver.url_for("/batch"), {"q": 1})
        b = await client.post_json(httpserver.url_for("/batch"), {"q": 2})
        a2 = await client.post_json(httpserver.url_for("/batch"), {"q": 1})
        assert client.requests == 2
    assert a.data == {"got": {"q": 1}} and b.data == {"got": {"q": 2}} and a2.from_cache


async def test_unwritable_cache_dir_is_a_note(httpserver: HTTPServer, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    httpserver.expect_request("/x").respond_with_json({})
    async with RegistryClient(_options(tmp_path, cache_dir=blocker / "sub")) as client:
        result = await client.get_json(httpserver.url_for("/x"))
        assert result.ok and client.cache_dir is None
        assert client.notes and client.notes[0].startswith("cache disabled")


def test_env_overrides_base_urls(monkeypatch) -> None:
    monkeypatch.setenv("STEPGUARD_NPM_REGISTRY", "http://127.0.0.1:1/npm/")
    monkeypatch.setenv("STEPGUARD_OSV_API", "http://127.0.0.1:1/osv")
    monkeypatch.setenv("STEPGUARD_CACHE_DIR", "/tmp/sg-cache-test")
    options = ClientOptions()
    assert (
        options.npm_registry == "http://127.0.0.1:1/npm"
        and options.osv_api == "http://127.0.0.1:1/osv"
    )
    assert (
        options.pypi_api == "https://pypi.org" and options.npm_downloads == "https://api.npmjs.org"
    )
    from checks.dirs import cache_dir

    assert cache_dir() == Path("/tmp/sg-cache-test")
