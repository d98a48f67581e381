"""Rotation advice after a migration and for findings: the provider's page, and whether the
value is in the repository's git history (a real generated repository)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from checks.engine import ScanOptions, scan
from checks.secrets.rotation import rotation_advice
from tests.checks.history_repo import commit_file
from tests.checks.migrate.helpers import github_token, stripe_key
from tui.cli import main

STEP = (
    "export default defineComponent({{\n"
    "  async run({{ $ }}) {{\n"
    '    const stripe = "{stripe}";\n'
    "    return stripe.length;\n"
    "  }},\n"
    "}});\n"
)


def _repo(root: Path) -> Path:
    root.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    return root


def test_migrate_says_rotate_and_names_the_commit_that_holds_the_value(
    tmp_path: Path, memory_keyring, config_home, capfd: pytest.CaptureFixture[str]
) -> None:
    value = stripe_key()
    root = _repo(tmp_path / "project")
    commit_file(root, "README.md", "project\n", when=0)
    first = commit_file(root, "step.js", STEP.format(stripe=value), when=1)
    assert main(["secrets", "migrate", str(root), "--yes"]) == 0
    out, err = capfd.readouterr()
    assert value not in out + err
    rotate = [line for line in out.splitlines() if "Rotate this Stripe secret" in line]
    assert len(rotate) == 1
    assert "https://dashboard.stripe.com/apikeys" in rotate[0]
    assert f"first in commit {first[:12]}" in rotate[0]


def test_a_value_never_committed_is_not_in_history(
    tmp_path: Path, memory_keyring, config_home, capfd: pytest.CaptureFixture[str]
) -> None:
    root = _repo(tmp_path / "project")
    commit_file(root, "step.js", STEP.format(stripe="see env"), when=0)
    (root / "step.js").write_text(STEP.format(stripe=stripe_key()), encoding="utf-8")
    assert main(["secrets", "migrate", str(root), "--yes"]) == 0
    out = capfd.readouterr().out
    assert "It is not in this repository's git history." in out


def test_outside_a_repository_history_is_unknown(
    tmp_path: Path, memory_keyring, config_home, capfd: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    (root / "step.js").write_text(STEP.format(stripe=stripe_key()), encoding="utf-8")
    assert main(["secrets", "migrate", str(root), "--yes"]) == 0
    out = capfd.readouterr().out
    assert "Rotate this Stripe secret" in out and "unknown (not a git repository)" in out


def test_rotation_advice_for_findings(tmp_path: Path) -> None:
    root = _repo(tmp_path / "project")
    committed, local = github_token(), stripe_key()
    first = commit_file(root, "a.js", f'const gh = "{committed}";\n', when=0)
    (root / "b.js").write_text(STEP.format(stripe=local), encoding="utf-8")
    findings = scan([root], ScanOptions(cache_dir=None)).findings
    by_provider = {f.extra.get("provider"): f for f in findings if f.category.value == "secret"}
    gh = rotation_advice(by_provider["GitHub"], root)
    assert gh.in_history is True and gh.first_commit == first and gh.commits == 1
    assert gh.rotate_url == "https://github.com/settings/tokens"
    stripe = rotation_advice(by_provider["Stripe"], root)
    assert stripe.in_history is False
    assert committed not in gh.message and local not in stripe.message


def test_explain_says_rotate_for_secret_rules_only(capsys: pytest.CaptureFixture[str]) -> None:
    from checks.model import Category
    from checks.rulebase import all_rules

    other = next(r.id for r in all_rules() if r.category is not Category.SECRET)
    assert main(["explain", "SG101"]) == 0
    out = capsys.readouterr().out
    assert "Rotate it at the provider" in out and "scan --history" in out
    assert "https://dashboard.stripe.com/apikeys" in out
    assert main(["explain", other]) == 0
    assert "Rotate" not in capsys.readouterr().out
