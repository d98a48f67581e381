"""Per-user folders: one place decides them, and each environment override is honoured."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks import dirs


@pytest.mark.parametrize(
    ("env", "func"),
    [
        ("STEPGUARD_CONFIG_DIR", dirs.config_dir),
        ("STEPGUARD_DATA_DIR", dirs.data_dir),
        ("STEPGUARD_CACHE_DIR", dirs.cache_dir),
    ],
)
def test_override_and_default(env: str, func, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(env, "~/elsewhere")
    assert func() == Path.home() / "elsewhere"
    monkeypatch.delenv(env)
    default = func()
    assert default.is_absolute() and "stepguard" in default.parts


def test_the_three_folders_differ(monkeypatch: pytest.MonkeyPatch) -> None:
    for env in ("STEPGUARD_CONFIG_DIR", "STEPGUARD_DATA_DIR", "STEPGUARD_CACHE_DIR"):
        monkeypatch.delenv(env, raising=False)
    assert len({dirs.config_dir(), dirs.data_dir(), dirs.cache_dir()}) == 3


@pytest.mark.parametrize(("value", "on"), [("", True), ("0", True), ("1", False), ("yes", False)])
def test_scan_cache_switch(value: str, on: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEPGUARD_CACHE_DIR", "/tmp/sg-cache-switch")
    monkeypatch.setenv("STEPGUARD_NO_CACHE", value)
    assert dirs.scan_cache_dir() == (Path("/tmp/sg-cache-switch") if on else None)
