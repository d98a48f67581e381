"""Hostile HTTP servers on 127.0.0.1: a slow drip and an endless body (threads, real sockets)."""

from __future__ import annotations

import socket
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

CHUNK = 64 * 1024


@contextmanager
def _serve(handle) -> Iterator[str]:
    """Accept connections on a free port and run `handle(conn)` per connection in a thread."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve_one(conn: socket.socket) -> None:
        with conn:
            try:
                _read_request(conn)
                handle(conn, stop)
            except OSError:
                pass  # the client hung up: that is the point of these servers

    def accept_loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=serve_one, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept_loop, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()


def _read_request(conn: socket.socket) -> None:
    conn.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            missing = int(value.strip()) - len(rest)
            while missing > 0:
                got = conn.recv(min(missing, 4096))
                if not got:
                    return
                missing -= len(got)


@contextmanager
def slow_drip(interval: float = 0.25, total: float = 12.0) -> Iterator[str]:
    """Answers 200 with a JSON body announced as 4 KiB, then sends one byte per `interval`
    for `total` seconds (each read finishes well inside any per-read timeout)."""

    def handle(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Content-Length: 4096\r\nConnection: close\r\n\r\n"
        )
        ended = time.monotonic() + total
        while time.monotonic() < ended and not stop.is_set():
            conn.sendall(b" ")
            time.sleep(interval)

    with _serve(handle) as url:
        yield url


@contextmanager
def huge_body(size: int, *, declare_length: bool = False) -> Iterator[str]:
    """Answers 200 with `size` bytes of valid JSON (an object with one long string), generated
    on the fly; chunked unless `declare_length`."""
    head = b'{"versions": {}, "info": {}, "id": "x", "steps": [], "pad": "'
    tail = b'"}'

    def handle(conn: socket.socket, stop: threading.Event) -> None:
        length = f"Content-Length: {size}" if declare_length else "Transfer-Encoding: chunked"
        conn.sendall(
            f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{length}\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        remaining = size - len(head) - len(tail)
        pieces = [head]
        while remaining > 0 and not stop.is_set():
            n = min(CHUNK, remaining)
            pieces.append(b"a" * n)
            remaining -= n
            for piece in pieces:
                conn.sendall(piece if declare_length else _chunk(piece))
            pieces = []
        if not stop.is_set():
            conn.sendall(tail if declare_length else _chunk(tail) + b"0\r\n\r\n")

    with _serve(handle) as url:
        yield url


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def _gzip_stream(size: int) -> bytes:
    """gzip of a JSON object padded to `size` bytes with zeros (about a thousandth of it)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    head, tail = b'{"versions": {}, "info": {}, "id": "x", "steps": [], "pad": "', b'"}'
    out = [packer.compress(head)]
    block = b"0" * CHUNK
    remaining = size - len(head) - len(tail)
    while remaining > 0:
        out.append(packer.compress(block[: min(CHUNK, remaining)]))
        remaining -= CHUNK
    out.append(packer.compress(tail))
    out.append(packer.flush())
    return b"".join(out)


@contextmanager
def gzip_bomb(size: int) -> Iterator[str]:
    """Answers 200 with a small gzip body (Content-Length of the compressed bytes) that
    expands to `size` bytes of valid JSON."""
    payload = _gzip_stream(size)

    def handle(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
            f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n".encode()
        )
        conn.sendall(payload)

    with _serve(handle) as url:
        yield url
