"""No secret value from the corpus appears in any report format, on stdout/stderr or in files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.checks.secrets.generate_corpus import build
from tui.cli import main


@pytest.fixture(scope="module")
def corpus_secrets() -> list[str]:
    _, _, secrets = build()
    values = [v for vs in secrets.values() for v in vs]
    assert len(values) >= 70
    return values


def _leaks(text: str, secrets: list[str]) -> int:
    """How many secret values occur in `text`, even partly (a 12-character middle slice).

    Redaction shows at most the first 8 characters, so a middle slice must never appear.
    """
    count = 0
    for value in secrets:
        if value.startswith("-----BEGIN"):
            value = re.split(r"\\n|\n", value)[1]
        mid = len(value) // 2
        if value in text or value[max(0, mid - 6) : mid + 6] in text:
            count += 1
    return count


@pytest.mark.parametrize("fmt", ["json", "sarif", "text", "markdown"])
def test_report_files_hold_no_secret(
    fmt: str,
    tmp_path: Path,
    secret_corpus: Path,
    corpus_secrets: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(secret_corpus, root)
    out = tmp_path / f"report.{fmt}"
    code = main(["scan", str(root), "--format", fmt, "--output", str(out)])
    captured = capsys.readouterr()
    assert code in (0, 1)
    report = out.read_text(encoding="utf-8")
    assert "SG101" in report, "the report must contain the secret findings"
    assert _leaks(report, corpus_secrets) == 0, f"{fmt} report leaks secret values"
    assert _leaks(captured.out + captured.err, corpus_secrets) == 0, "console output leaks"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in {"corpus", out.name}]
    assert leftovers == [], "no temporary files may remain"


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_stdout_with_fail_on_holds_no_secret(
    fmt: str,
    tmp_path: Path,
    secret_corpus: Path,
    corpus_secrets: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(secret_corpus, root)
    code = main(["scan", str(root), "--format", fmt, "--fail-on", "high"])
    captured = capsys.readouterr()
    assert code == 1, "critical/high secrets must fail the scan"
    assert "SG10" in captured.out
    assert _leaks(captured.out + captured.err, corpus_secrets) == 0, f"{fmt} stdout leaks"


def test_leak_check_can_fail(corpus_secrets: list[str]) -> None:
    files, _, _ = build()
    assert _leaks("".join(files.values()), corpus_secrets) == len(corpus_secrets)
    assert _leaks("report without values", corpus_secrets) == 0
