"""The bundled demo: the committed template holds no token a secret scanner would stop, and the
project a user opens has its fake secrets in place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks.demo import demo_source, prepare_demo_copy, write_demo
from checks.engine import ScanOptions, scan

PROVIDER_TOKENS = {"linear-api-key", "openai-api-key", "slack-webhook-url", "stripe-secret-key"}


def _detectors(root: Path) -> set[str]:
    result = scan([root], ScanOptions(select=["SG101"]))
    return {f.extra["detector"] for f in result.findings}


def test_committed_template_holds_no_provider_token() -> None:
    assert _detectors(demo_source()) == set()
    raw = b"".join(p.read_bytes() for p in demo_source().rglob("*") if p.is_file())
    assert not re.search(rb"sk_live_|lin_api_|hooks\.slack\.com/services/T|sk-proj-", raw)


def test_written_demo_has_its_fake_secrets(tmp_path: Path) -> None:
    project = write_demo(tmp_path / "demo")
    assert PROVIDER_TOKENS | {"airtable-pat"} <= _detectors(project)
    texts = [p.read_text(encoding="utf-8") for p in project.rglob("*") if p.is_file()]
    assert not any("«demo:" in t for t in texts)


def test_demo_copy_is_written_and_reset(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STEPGUARD_DATA_DIR", str(tmp_path / "data"))
    copy = prepare_demo_copy()
    step = next(copy.rglob("parse_event/entry.mjs"))
    original = step.read_bytes()
    step.write_text("edited", encoding="utf-8")
    assert prepare_demo_copy() == copy and step.read_text(encoding="utf-8") == "edited"
    prepare_demo_copy(reset=True)
    assert step.read_bytes() == original and b"sk_live_" in original
