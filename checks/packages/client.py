"""One shared async HTTP client for the registries: limits, retries, a disk cache, offline mode."""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import hashlib
import json
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from checks.dirs import cache_dir
from checks.fsutil import atomic_write_bytes
from checks.httpbound import (
    MIB,
    BoundedResponse,
    BoundExceeded,
    Bounds,
    DeadlineExceeded,
    fetch,
    host_of,
)

DEFAULTS = {
    "npm_registry": ("STEPGUARD_NPM_REGISTRY", "https://registry.npmjs.org"),
    "npm_downloads": ("STEPGUARD_NPM_DOWNLOADS", "https://api.npmjs.org"),
    "osv_api": ("STEPGUARD_OSV_API", "https://api.osv.dev"),
    "pypi_api": ("STEPGUARD_PYPI_API", "https://pypi.org"),
}
USER_AGENT = "stepguard (package audit; +https://github.com/stepguard)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
CACHEABLE_STATUSES = frozenset({200, 404})

Validator = Callable[[Any], bool]
"""Says whether a decoded JSON answer has the shape its caller reads (only those are cached)."""


def _base(name: str) -> str:
    env, default = DEFAULTS[name]
    return (os.environ.get(env) or default).rstrip("/")


@dataclass
class ClientOptions:
    """How the audit talks to the registries (every field has a sensible default)."""

    offline: bool = False  # cache only; packages missing from the cache get verdict "unknown"
    cache: bool = True
    cache_dir: Path | None = None  # default: $STEPGUARD_CACHE_DIR or the user cache dir
    ttl: float = 24 * 3600.0  # seconds a cached answer stays fresh
    timeout: float = 15.0  # per connect/read (httpx); `deadline` bounds the whole request
    deadline: float = 60.0  # wall-clock seconds per request, retries and waits included
    max_body: int = 32 * MIB  # bytes of body read per answer before giving up
    retries: int = 3  # extra attempts on 429, 5xx, timeouts and connection errors
    backoff: float = 0.5  # first retry waits about this long, doubling each time (plus jitter)
    max_retry_after: float = 30.0  # a longer Retry-After gives up instead of waiting
    concurrency: int = 8
    npm_registry: str = field(default_factory=lambda: _base("npm_registry"))
    npm_downloads: str = field(default_factory=lambda: _base("npm_downloads"))
    osv_api: str = field(default_factory=lambda: _base("osv_api"))
    pypi_api: str = field(default_factory=lambda: _base("pypi_api"))
    clock: Callable[[], float] = time.time


@dataclass
class Fetched:
    """The outcome of one request: data on success, otherwise a one-line reason."""

    url: str
    status: int | None = None  # HTTP status; None when no usable response arrived
    data: Any = None
    error: str | None = None
    from_cache: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and self.status == 200

    @property
    def not_found(self) -> bool:
        return self.status == 404


class RegistryClient:
    """Async GET/POST JSON with a concurrency limit, retries with backoff and an on-disk cache.

    Use as `async with RegistryClient(options) as client:`; never raises for HTTP or network
    problems — every failure becomes a `Fetched` with `error` set.
    """

    def __init__(
        self,
        options: ClientOptions | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.options = options or ClientOptions()
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._sem = asyncio.Semaphore(max(1, self.options.concurrency))
        self.cache_dir: Path | None = None
        self.notes: list[str] = []
        if self.options.cache or self.options.offline:
            self.cache_dir = self._prepare_cache_dir()
        self.requests = 0  # network requests made (for tests and the summary)

    def _prepare_cache_dir(self) -> Path | None:
        path = self.options.cache_dir or cache_dir()
        try:
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            self.notes.append(f"cache disabled: {path}: {exc.strerror or type(exc).__name__}")
            return None
        return path

    async def __aenter__(self) -> RegistryClient:
        if not self.options.offline:
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(self.options.timeout),
                headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
                follow_redirects=True,
                transport=self._transport,
            )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- public ---------------------------------------------------------------------------------

    async def get_json(
        self, url: str, ttl: float | None = None, validate: Validator | None = None
    ) -> Fetched:
        """GET `url`; a 200 answer whose JSON fails `validate` is an error and is not cached."""
        return await self._request("GET", url, None, ttl, validate)

    async def post_json(
        self, url: str, body: Any, ttl: float | None = None, validate: Validator | None = None
    ) -> Fetched:
        return await self._request("POST", url, body, ttl, validate)

    # -- cache ----------------------------------------------------------------------------------

    def _cache_path(self, method: str, url: str, body: Any) -> Path | None:
        if self.cache_dir is None:
            return None
        basis = json.dumps([method, url, body], sort_keys=True, separators=(",", ":"))
        key = hashlib.sha256(basis.encode("utf-8")).hexdigest()
        return self.cache_dir / key[:2] / f"{key}.json"

    def _read_cache(
        self,
        path: Path | None,
        url: str,
        ttl: float,
        allow_stale: bool,
        validate: Validator | None,
    ) -> Fetched | None:
        if path is None:
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            stored = float(entry["stored"])
            status = int(entry["status"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not allow_stale and self.options.clock() - stored > ttl:
            return None
        data = entry.get("data")
        if status == 200 and validate is not None and not validate(data):
            return None  # written by an older version that did not validate
        return Fetched(url=url, status=status, data=data, from_cache=True)

    def _write_cache(self, path: Path | None, url: str, status: int, data: Any) -> None:
        if path is None:
            return
        entry = {"url": url, "stored": self.options.clock(), "status": status, "data": data}
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            atomic_write_bytes(path, json.dumps(entry).encode("utf-8"), mode=0o600)
        except OSError:
            pass  # a cache that cannot be written only costs a refetch next time

    # -- requests -------------------------------------------------------------------------------

    async def _request(
        self, method: str, url: str, body: Any, ttl: float | None, validate: Validator | None
    ) -> Fetched:
        ttl = self.options.ttl if ttl is None else ttl
        cache_path = self._cache_path(method, url, body)
        if self.options.offline:
            hit = self._read_cache(cache_path, url, ttl, allow_stale=True, validate=validate)
            return hit or Fetched(url=url, error="offline and not in the cache")
        hit = self._read_cache(cache_path, url, ttl, allow_stale=False, validate=validate)
        if hit is not None:
            return hit
        result = await self._send_with_retries(method, url, body)
        if result.ok and validate is not None and not validate(result.data):
            host = host_of(url)
            return Fetched(url=url, status=200, error=f"unexpected answer from {host}")
        if result.status in CACHEABLE_STATUSES and (result.ok or result.not_found):
            self._write_cache(cache_path, url, result.status, result.data)
        return result

    async def _send_with_retries(self, method: str, url: str, body: Any) -> Fetched:
        assert self._client is not None, "use `async with RegistryClient(...)`"
        host = host_of(url)
        attempts = max(0, self.options.retries) + 1
        last = Fetched(url=url, error=f"no answer from {host}")
        loop = asyncio.get_running_loop()
        give_up_at: float | None = None  # the clock starts once a connection slot is free
        for attempt in range(attempts):
            wait: float | None = None
            try:
                async with self._sem:
                    if give_up_at is None:
                        give_up_at = loop.time() + self.options.deadline
                    remaining = give_up_at - loop.time()
                    if remaining <= 0:
                        raise DeadlineExceeded(host, self.options.deadline)
                    self.requests += 1
                    kwargs: dict[str, Any] = {} if method == "GET" else {"json": body}
                    bounds = Bounds(deadline=remaining, max_bytes=self.options.max_body)
                    response = await fetch(self._client, method, url, bounds, **kwargs)
            except DeadlineExceeded:
                # One budget for the whole request: the attempts share it.
                return Fetched(url=url, error=str(DeadlineExceeded(host, self.options.deadline)))
            except BoundExceeded as exc:  # too large or unreadable: asking again will not help
                return Fetched(url=url, error=str(exc))
            except httpx.TimeoutException:
                last = Fetched(
                    url=url, error=f"timed out after {self.options.timeout:g} s ({host})"
                )
            except httpx.HTTPError as exc:
                last = Fetched(url=url, error=f"network error reaching {host}: {_short(exc)}")
            else:
                status = response.status_code
                if status in RETRY_STATUSES:
                    retry_after = _retry_after(
                        response.headers.get("Retry-After"), self.options.clock
                    )
                    if status == 429:
                        hint = f"; retry after {retry_after:g} s" if retry_after is not None else ""
                        last = Fetched(url=url, status=429, error=f"rate limited by {host}{hint}")
                    else:
                        last = Fetched(
                            url=url, status=status, error=f"{host} answered HTTP {status}"
                        )
                    if retry_after is not None:
                        if retry_after > self.options.max_retry_after:
                            return last
                        wait = retry_after
                else:
                    return _decode(response, url, host)
            if attempt + 1 < attempts:
                if wait is None:
                    wait = self.options.backoff * (2**attempt)
                    wait += random.uniform(0, self.options.backoff)
                if give_up_at is not None and loop.time() + wait >= give_up_at:
                    return last
                await asyncio.sleep(wait)
        return last


def _decode(response: BoundedResponse, url: str, host: str) -> Fetched:
    status = response.status_code
    if status == 404:
        return Fetched(url=url, status=404, error="not found")
    if status != 200:
        return Fetched(url=url, status=status, error=f"{host} answered HTTP {status}")
    try:
        data = response.json()
    except (ValueError, UnicodeDecodeError):
        return Fetched(url=url, status=status, error=f"malformed JSON from {host}")
    return Fetched(url=url, status=200, data=data)


def _retry_after(value: str | None, clock: Callable[[], float]) -> float | None:
    if not value:
        return None
    value = value.strip()
    with contextlib.suppress(ValueError):
        return max(0.0, float(value))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - clock())


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]
