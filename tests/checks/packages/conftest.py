"""A local registry server (npm, npm downloads, OSV, PyPI) serving recorded answers
(`tests.recorded_registry`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from checks.packages.client import ClientOptions
from tests.recorded_registry import base_urls, install

NOW = 1748736000.0  # 2025-06-01T00:00:00Z: the recorded answers are judged as of this day


@dataclass
class Registry:
    server: HTTPServer
    requests: list[str] = field(default_factory=list)

    def options(self, tmp_path: Path, **kw) -> ClientOptions:
        defaults: dict = dict(
            base_urls(self.server),
            cache_dir=tmp_path / "cache",
            backoff=0.01,
            timeout=2.0,
            clock=lambda: NOW,
        )
        defaults.update(kw)
        return ClientOptions(**defaults)


@pytest.fixture
def registry(httpserver: HTTPServer) -> Registry:
    install(httpserver)
    return Registry(httpserver)
