"""Shared fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checks.rulebase import all_rules


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("STEPGUARD_LIVE") == "1":
        return
    skip = pytest.mark.skip(reason="live network test; set STEPGUARD_LIVE=1 to run")
    for item in items:
        if "network" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _load_rules() -> None:
    all_rules()


@pytest.fixture(scope="session", autouse=True)
def _hermetic_user_dirs(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Never read or write the developer's own stepguard config, data or cache folders."""
    base = tmp_path_factory.mktemp("stepguard-user-dirs")
    for var, name in (
        ("STEPGUARD_CONFIG_DIR", "config"),
        ("STEPGUARD_DATA_DIR", "data"),
        ("STEPGUARD_CACHE_DIR", "cache"),
    ):
        os.environ[var] = str(base / name)
    plant_fingerprint_key(base / "data")
    # Scans in tests check every workflow; tests/checks/engine/test_scan_cache.py turns it on.
    os.environ["STEPGUARD_NO_CACHE"] = "1"


# A fixed, public fingerprint key for tests, so fingerprints in snapshots and expectations are
# stable (users get a random key of their own: `checks.fpkey`).
TEST_FINGERPRINT_KEY = "5e" * 32


def plant_fingerprint_key(data_dir: Path) -> None:
    from checks.fpkey import KEY_FILE

    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / KEY_FILE).write_text(TEST_FINGERPRINT_KEY + "\n")


@pytest.fixture(scope="session")
def pipedream_components() -> Path:
    """Real `@pipedream/*` component code, fetched with npm pack (not committed)."""
    from tests.fixtures.fetch_components import fetch

    try:
        return fetch()
    except Exception as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Pipedream component packages unavailable: {exc}")


@pytest.fixture
def write_tree(tmp_path: Path):
    """Write a dict of relative path → text into tmp_path and return the root."""

    def _write(files: dict[str, str], root: Path | None = None) -> Path:
        base = root or tmp_path
        for rel, text in files.items():
            p = base / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
        return base

    return _write


@pytest.fixture(scope="session")
def secret_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The labelled secret corpus, rendered from its templates (read-only by convention)."""
    from tests.checks.secrets.generate_corpus import write

    folder = tmp_path_factory.mktemp("secret-corpus")
    write(folder)
    return folder
