"""The Pipedream client's bounds against real hostile servers on 127.0.0.1 (`fetch`, `scan p_…`):
one wall-clock deadline per request and a body-size cap, read streamed."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from checks.httpbound import MIB
from checks.pipedream import Credentials, MalformedResponse, PipedreamClient, PipedreamUnavailable
from tests.checks.hostile_http import huge_body, slow_drip
from tests.checks.pipedream.conftest import API_KEY

KEY = Credentials(kind="api_key", api_key=API_KEY)


async def test_slow_drip_is_cut_off_at_the_deadline() -> None:
    with slow_drip(interval=0.25) as base:
        started = time.monotonic()
        async with PipedreamClient(KEY, base=f"{base}/v1", timeout=2.0, deadline=1.5) as pd:
            with pytest.raises(PipedreamUnavailable) as info:
                await pd.get_workflow("p_abc123")
        elapsed = time.monotonic() - started
    message = str(info.value)
    assert elapsed < 1.5 + 3.0, f"took {elapsed:.1f} s"  # the drip lasts 12 s
    assert "127.0.0.1" in message and "1.5 s" in message and "\n" not in message
    assert API_KEY not in f"{message} {info.value!r}"


@pytest.mark.parametrize("declare_length", [False, True], ids=["chunked", "content-length"])
async def test_oversize_body_stops_reading_with_bounded_memory(declare_length: bool) -> None:
    with huge_body(24 * MIB, declare_length=declare_length) as base:
        tracemalloc.start()
        try:
            async with PipedreamClient(KEY, base=f"{base}/v1", max_body=1 * MIB) as pd:
                with pytest.raises(MalformedResponse) as info:
                    await pd.get_workflow("p_abc123")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    message = str(info.value)
    assert "larger than 1 MiB" in message and "127.0.0.1" in message and "\n" not in message
    assert peak < 6 * MIB, f"peak {peak / MIB:.1f} MiB for a 1 MiB cap"
