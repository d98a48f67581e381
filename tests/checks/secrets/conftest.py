"""Fixtures of the secret tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.checks.secrets.generate_corpus import write


@pytest.fixture(scope="session")
def secret_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The labelled corpus, rendered from its templates (read-only by convention)."""
    folder = tmp_path_factory.mktemp("secret-corpus")
    write(folder)
    return folder
