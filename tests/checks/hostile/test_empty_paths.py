"""An empty PATH argument is a one-line usage error in every command, never `.`."""

from __future__ import annotations

import pytest

from tests.checks.hostile.conftest import assert_one_line_error, run_cli, snapshot, step_js

COMMANDS = [
    ("scan", ""),
    ("scan", ".", "--baseline", ""),
    ("scan", ".", "--output", ""),
    ("packages", "", "--offline"),
    ("open", ""),
    ("secrets", "migrate", "", "--yes"),
    ("secrets", "undo", ""),
    ("secrets", "run", "", "--", "true"),
    ("secrets", "export", "", "--format", "dotenv"),
    ("secrets", "list", "--project", ""),
    ("secrets", "copy", "API_KEY", "--project", ""),
    ("secrets", "rm", "API_KEY", "--project", ""),
    ("snippet", "bearer", "--insert", ""),
    ("snippet", "bearer", "--out", ""),
    ("snippet", "undo-insert", ""),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(x or '""' for x in a))
def test_empty_path_is_a_one_line_usage_error(tmp_path, args: tuple[str, ...]) -> None:
    (tmp_path / "step.js").write_text(step_js("sk_" + "live_" + "x" * 24))
    before = snapshot(tmp_path)
    run = run_cli(*args, cwd=tmp_path)
    assert_one_line_error(run, "empty path")
    assert snapshot(tmp_path) == before  # nothing read as "." and rewritten
