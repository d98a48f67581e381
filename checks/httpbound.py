"""Bounded HTTP: one wall-clock deadline per request and a body-size cap, read streamed.

httpx's timeouts apply per socket operation, so a server that sends one byte every few seconds
never trips them, and `response.read()` takes whatever size the server sends. `fetch` wraps a
request in `asyncio.timeout` (connect, headers and every body read count against one deadline)
and reads the body chunk by chunk, stopping as soon as the count passes the cap.
"""

from __future__ import annotations

import asyncio
import json
import zlib
from collections.abc import Callable
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


class BodyUnreadable(BoundExceeded):
    def __init__(self, host: str, reason: str) -> None:
        self.host = host
        super().__init__(f"answer from {host} cannot be read: {reason}")


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
    """`host[:port]` of a URL for messages: never the user-info part (`user:token@`)."""
    text = str(url)
    try:
        parts = urlsplit(text)
        host, port = parts.hostname, parts.port
    except ValueError:
        return "the server"
    if not host:
        return "the server"
    return f"{host}:{port}" if port else host


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
    headers = dict(kwargs.pop("headers", None) or {})
    headers["Accept-Encoding"] = ", ".join(_DECODERS)
    try:
        async with asyncio.timeout(bounds.deadline):
            async with client.stream(method, url, headers=headers, **kwargs) as response:
                encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
                if encoding not in _DECODERS:
                    raise BodyUnreadable(host, f"unsupported Content-Encoding {encoding[:40]!r}")
                declared = response.headers.get("Content-Length", "")
                too_long = declared.isdigit() and int(declared) > bounds.max_bytes
                if encoding == "identity" and too_long:
                    raise BodyTooLarge(host, bounds.max_bytes)
                body = _Body(host, bounds.max_bytes, _DECODERS[encoding]())
                async for chunk in response.aiter_raw():
                    body.feed(chunk)
                body.finish()
                return BoundedResponse(response.status_code, response.headers, bytes(body.data))
    except TimeoutError:
        raise DeadlineExceeded(host, bounds.deadline) from None


class _Identity:
    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        return data

    @property
    def unconsumed_tail(self) -> bytes:
        return b""

    def flush(self) -> bytes:
        return b""


# Encodings stepguard asks for; each decoder is fed with a bound on its output, so a small
# compressed answer cannot expand past the cap in memory (a decompression bomb).
_DECODERS: dict[str, Callable[[], Any]] = {
    "gzip": lambda: zlib.decompressobj(16 + zlib.MAX_WBITS),
    "deflate": lambda: zlib.decompressobj(),
    "identity": _Identity,
}


class _Body:
    """Decoded body bytes, never more than `limit` (+ one chunk of at most `limit + 1`)."""

    def __init__(self, host: str, limit: int, decoder: Any) -> None:
        self.host = host
        self.limit = limit
        self.decoder = decoder
        self.data = bytearray()

    def feed(self, chunk: bytes) -> None:
        pending = chunk
        while pending:
            room = self.limit + 1 - len(self.data)
            try:
                out = self.decoder.decompress(pending, room)
            except zlib.error:
                raise BodyUnreadable(self.host, "corrupt compressed body") from None
            self._add(out)
            pending = self.decoder.unconsumed_tail
            if pending and not out:
                break  # no progress (cannot happen with zlib; guards a custom decoder)

    def finish(self) -> None:
        try:
            self._add(self.decoder.flush())
        except zlib.error:
            raise BodyUnreadable(self.host, "corrupt compressed body") from None

    def _add(self, out: bytes) -> None:
        if len(self.data) + len(out) > self.limit:
            raise BodyTooLarge(self.host, self.limit)
        self.data += out


def _size(n: int) -> str:
    return f"{n / MIB:g} MiB" if n >= MIB else f"{n} bytes"
