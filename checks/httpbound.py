"""Bounded HTTP: one wall-clock deadline per request and a body-size cap, read streamed.

httpx's timeouts apply per socket operation, so a server that sends one byte every few seconds
never trips them, and `response.read()` takes whatever size the server sends. `fetch` wraps a
request in `asyncio.timeout` (connect, headers and every body read count against one deadline)
and reads the body chunk by chunk, stopping as soon as the count passes the cap.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from checks.errors import StepguardError

MIB = 1024 * 1024


@dataclass(frozen=True)
class Bounds:
    """Limits for one request: `deadline` seconds of wall clock, at most `max_bytes` of body."""

    deadline: float
    max_bytes: int


class BoundExceeded(StepguardError):
    """A request went past its deadline or its size cap (the message names the host)."""


class DeadlineExceeded(BoundExceeded):
    def __init__(self, host: str, seconds: float) -> None:
        self.host = host
        super().__init__(f"no complete answer from {host} within {seconds:g} s; gave up")


class BodyTooLarge(BoundExceeded):
    def __init__(self, host: str, limit: int) -> None:
        self.host = host
        super().__init__(f"answer from {host} is larger than {_size(limit)}; stopped reading")


@dataclass
class BoundedResponse:
    """Status, headers and the complete (capped) body of one answer."""

    status_code: int
    headers: httpx.Headers
    content: bytes

    def json(self) -> Any:
        return json.loads(self.content)


def host_of(url: str | httpx.URL) -> str:
    text = str(url)
    return urlsplit(text).netloc or text


async def fetch(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    bounds: Bounds,
    **kwargs: Any,
) -> BoundedResponse:
    """Send one request and read its body within `bounds`.

    Raises `DeadlineExceeded` or `BodyTooLarge` (both one line, naming the host); httpx's own
    errors (connection refused, per-read timeouts …) pass through unchanged.
    """
    host = host_of(url)
    try:
        async with asyncio.timeout(bounds.deadline):
            async with client.stream(method, url, **kwargs) as response:
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > bounds.max_bytes:
                    raise BodyTooLarge(host, bounds.max_bytes)
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > bounds.max_bytes:
                        raise BodyTooLarge(host, bounds.max_bytes)
                return BoundedResponse(response.status_code, response.headers, bytes(body))
    except TimeoutError:
        raise DeadlineExceeded(host, bounds.deadline) from None


def _size(n: int) -> str:
    return f"{n / MIB:g} MiB" if n >= MIB else f"{n} bytes"
