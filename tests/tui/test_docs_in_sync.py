"""docs/rules.md is generated from the registry; README keeps exactly its two set-up commands."""

from __future__ import annotations

import re
from pathlib import Path

from checks.reports.rules_doc import rules_markdown
from checks.rulebase import all_rules

ROOT = Path(__file__).resolve().parents[2]


def test_rules_doc_matches_registry() -> None:
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert doc == rules_markdown(all_rules()), (
        "regenerate: uv run stepguard rules --format markdown > docs/rules.md"
    )


def test_readme_has_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    commands = [line for block in blocks for line in block.strip().splitlines()]
    assert commands == [
        "pip install uv && uv run stepguard demo",
        "pip install uv && uv run --locked pytest",
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in ci
    assert f"'{commands[1]}'" in ci
