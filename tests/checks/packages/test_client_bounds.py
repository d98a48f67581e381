"""The registry client's bounds against real hostile servers on 127.0.0.1: one deadline per
request (not per read), a body-size cap read streamed, and only validated answers cached."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from checks.httpbound import MIB
from checks.packages import npm, osv, pypi
from checks.packages.client import ClientOptions, RegistryClient
from tests.checks.hostile_http import gzip_bomb, huge_body, slow_drip


def _options(tmp_path: Path, **kw) -> ClientOptions:
    base = dict(cache_dir=tmp_path / "cache", backoff=0.01, timeout=2.0, retries=2, deadline=1.5)
    base.update(kw)
    return ClientOptions(**base)


def _cached_files(tmp_path: Path) -> list[Path]:
    return [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]


async def test_slow_drip_is_cut_off_at_the_deadline(tmp_path: Path) -> None:
    with slow_drip(interval=0.25) as base:
        options = _options(tmp_path, npm_registry=base)
        started = time.monotonic()
        async with RegistryClient(options) as client:
            data = await npm.fetch(client, "left-pad")
        elapsed = time.monotonic() - started
    error = data.packument.error or ""
    assert elapsed < 1.5 + 3.0, f"took {elapsed:.1f} s"  # the drip lasts 12 s
    assert "127.0.0.1" in error and "1.5 s" in error and "\n" not in error
    assert client.requests == 1  # the deadline covers the retries too: no second drip
    assert _cached_files(tmp_path) == []


@pytest.mark.parametrize("declare_length", [False, True], ids=["chunked", "content-length"])
async def test_oversize_body_stops_reading_with_bounded_memory(
    tmp_path: Path, declare_length: bool
) -> None:
    size = 24 * MIB
    with huge_body(size, declare_length=declare_length) as base:
        options = _options(tmp_path, npm_registry=base, max_body=1 * MIB, deadline=20.0)
        tracemalloc.start()
        try:
            async with RegistryClient(options) as client:
                data = await npm.fetch(client, "big")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    error = data.packument.error or ""
    assert "larger than 1 MiB" in error and "127.0.0.1" in error and "\n" not in error
    assert peak < 6 * MIB, f"peak {peak / MIB:.1f} MiB for a 1 MiB cap"
    assert client.requests == 1
    assert _cached_files(tmp_path) == []


async def test_a_compressed_answer_is_capped_after_decoding(tmp_path: Path) -> None:
    with gzip_bomb(96 * MIB) as base:  # about 100 KiB on the wire
        options = _options(tmp_path, npm_registry=base, max_body=1 * MIB, deadline=20.0)
        tracemalloc.start()
        try:
            async with RegistryClient(options) as client:
                data = await npm.fetch(client, "bomb")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert "larger than 1 MiB" in (data.packument.error or "")
    assert peak < 6 * MIB, f"peak {peak / MIB:.1f} MiB for a 1 MiB cap"
    assert _cached_files(tmp_path) == []


async def test_a_small_compressed_answer_is_read(httpserver: HTTPServer, tmp_path: Path) -> None:
    import gzip
    import json

    from werkzeug import Response

    body = gzip.compress(json.dumps({"versions": {"1.0.0": {}}}).encode())
    httpserver.expect_request("/npm/gz").respond_with_response(
        Response(body, headers={"Content-Encoding": "gzip", "Content-Type": "application/json"})
    )
    options = _options(tmp_path, npm_registry=httpserver.url_for("/npm").rstrip("/"))
    async with RegistryClient(options) as client:
        data = await npm.fetch(client, "gz")
    assert data.packument.ok and data.packument.data == {"versions": {"1.0.0": {}}}
    assert "gzip" in (httpserver.log[0][0].headers.get("Accept-Encoding") or "")


async def test_an_answer_of_the_wrong_shape_is_not_cached(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/npm/pkg").respond_with_json(["not", "a", "packument"])
    options = _options(tmp_path, npm_registry=httpserver.url_for("/npm").rstrip("/"))
    for _ in range(2):
        async with RegistryClient(options) as client:
            data = await npm.fetch(client, "pkg")
        assert not data.packument.ok and not data.packument.from_cache
        assert "unexpected answer" in (data.packument.error or "")
    assert len(httpserver.log) == 2  # asked again: nothing was cached
    assert _cached_files(tmp_path) == []


async def test_a_valid_answer_is_cached_and_a_poisoned_cache_entry_ignored(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/pypi/pypi/pkg/json").respond_with_json({"info": {"version": "1"}})
    options = _options(tmp_path, pypi_api=httpserver.url_for("/pypi").rstrip("/"))
    async with RegistryClient(options) as client:
        first = await pypi.fetch(client, "pkg")
    async with RegistryClient(options) as client:
        second = await pypi.fetch(client, "pkg")
    assert first.ok and second.from_cache and len(httpserver.log) == 1
    # A cache entry of the wrong shape (an older version, a hand edit) is a miss, not an answer.
    (entry,) = _cached_files(tmp_path)
    entry.write_text('{"stored": 1e18, "status": 200, "data": [1]}', encoding="utf-8")
    async with RegistryClient(options) as client:
        third = await pypi.fetch(client, "pkg")
    assert third.ok and not third.from_cache and len(httpserver.log) == 2


async def test_osv_answers_are_validated(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/osv/v1/querybatch", method="POST").respond_with_json(
        {"results": []}  # one query sent, zero results: not an answer to it
    )
    httpserver.expect_request("/osv/v1/vulns/GHSA-x").respond_with_json({"summary": "no id"})
    options = _options(tmp_path, osv_api=httpserver.url_for("/osv").rstrip("/"))
    async with RegistryClient(options) as client:
        ids, error = await osv.query_batch(client, [("npm", "a", "1.0.0")])
        vuln = await osv.details(client, "GHSA-x")
    assert ids == {} and "unexpected answer" in (error or "")
    assert vuln.summary == "(details unavailable)"
    assert _cached_files(tmp_path) == []


@pytest.mark.parametrize(
    ("encoding", "body", "reason"),
    [("gzip", b"\x1f\x8bnot gzip at all", "corrupt"), ("br", b"\x00", "Content-Encoding")],
)
async def test_an_unreadable_encoding_is_one_line(
    httpserver: HTTPServer, tmp_path: Path, encoding: str, body: bytes, reason: str
) -> None:
    from werkzeug import Response

    httpserver.expect_request("/npm/odd").respond_with_response(
        Response(body, headers={"Content-Encoding": encoding, "Content-Type": "application/json"})
    )
    options = _options(tmp_path, npm_registry=httpserver.url_for("/npm").rstrip("/"))
    async with RegistryClient(options) as client:
        data = await npm.fetch(client, "odd")
    error = data.packument.error or ""
    assert "cannot be read" in error and reason in error and "\n" not in error
    assert len(httpserver.log) == 1 and _cached_files(tmp_path) == []


async def test_credentials_in_a_registry_url_stay_out_of_messages(tmp_path: Path) -> None:
    password = "pw" + "-" + "7f3a9c"  # built at run time; a mirror URL with user-info
    with slow_drip(interval=0.25) as base:
        url = base.replace("http://", f"http://mirror-user:{password}@")
        async with RegistryClient(_options(tmp_path, npm_registry=url, deadline=0.8)) as client:
            data = await npm.fetch(client, "left-pad")
    error = data.packument.error or ""
    assert "127.0.0.1" in error and password not in error and "mirror-user" not in error
