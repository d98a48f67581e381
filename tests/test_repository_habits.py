"""The repository's own habits: CI runs ruff and mypy before the README's test command,
pre-commit runs the same locked tools, and the declared licence and a changelog exist."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
README_TEST_COMMAND = "pip install uv && uv run --locked pytest"
CHECKS = [
    "uv run --locked ruff check .",
    "uv run --locked ruff format --check .",
    "uv run --locked mypy",
]


def _commands(script: str) -> list[str]:
    return [
        line.strip()
        for line in script.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def test_ci_checks_lint_format_and_types_then_runs_the_readme_command() -> None:
    commands = _commands((ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    positions = [commands.index(c) for c in CHECKS]
    assert positions == sorted(positions)
    last = commands[-1]
    assert last == f"exec .ci/with-keyring.sh bash -c '{README_TEST_COMMAND}'"
    assert positions[-1] < len(commands) - 1
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert README_TEST_COMMAND in readme


def test_mypy_is_configured_for_the_packages_ci_checks() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(d.startswith("mypy") for d in config["dependency-groups"]["dev"])
    mypy = config["tool"]["mypy"]
    assert mypy["files"] == ["checks", "screens", "tui"]
    strict = [o for o in mypy["overrides"] if "checks.*" in o["module"]]
    assert strict and strict[0]["disallow_untyped_defs"] and strict[0]["disallow_any_generics"]


def test_pre_commit_runs_the_projects_own_tools() -> None:
    doc = YAML(typ="safe").load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = doc["repos"]
    assert repo["repo"] == "local"
    hooks = {h["id"]: h for h in repo["hooks"]}
    assert set(hooks) == {"ruff", "ruff-format", "mypy"}
    for hook in hooks.values():
        assert hook["entry"].startswith("uv run --locked ")
        assert hook["language"] == "system"  # nothing downloaded by pre-commit
    assert hooks["mypy"]["pass_filenames"] is False  # mypy reads its files from the config


def test_licence_matches_pyproject_and_changelog_has_unreleased() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert config["project"]["license"] == "MIT"
    assert licence.startswith("MIT License")
    assert "Copyright (c) 2026 stepguard contributors" in licence
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[([^\]]+)\]", changelog, flags=re.M)
    assert versions[:2] == ["Unreleased", config["project"]["version"]]
