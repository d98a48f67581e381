"""Every stdout line of every command passes the same boundary as stderr (issue 14, hole 1).

A project whose folder and file names carry a planted token and terminal escapes is migrated,
listed, undone and given a snippet step; stdout must show neither the token nor a raw ESC.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.checks.migrate.helpers import github_token, stripe_key
from tests.checks.vault.conftest import config_home, memory_keyring
from tui.cli import main

__all__ = ["config_home", "memory_keyring"]

ESC = "\x1b"
SPOOF = "\x1b]0;owned\x07\x1b[2J\r"


def _hostile_project(tmp_path: Path) -> tuple[Path, list[str]]:
    """A GitHub-Sync workflow folder named with a token and escapes, holding a secret."""
    name_token = github_token()
    value = stripe_key()
    root = tmp_path / f"proj{SPOOF}{name_token}"
    step = root / "greet"
    step.mkdir(parents=True)
    (root / "workflow.yaml").write_text(
        "schema: workflow/2022.04\nname: hostile\ntriggers:\n- id: hi_abc123\n"
        "steps:\n- namespace: greet\n  runtime: nodejs20.x\n  uses: ./greet/entry.js\n"
    )
    (step / "entry.js").write_text(
        "export default defineComponent({\n"
        "  async run({ $ }) {\n"
        f'    const key = "{value}";\n'
        "    return key.length;\n"
        "  },\n"
        "});\n"
    )
    return root, [name_token, value]


def _clean(text: str, values: list[str]) -> None:
    """No raw control character and no planted value (the failure message shows neither)."""
    raw = [hex(ord(c)) for c in "\x1b\x07\r" if c in text]
    assert raw == [], "raw control characters reached the output"
    leaked = [i for i, v in enumerate(values) if v in text or v[8:-4] in text]
    assert leaked == [], "a planted value reached the output"


def test_secrets_commands_stdout_is_redacted_and_escaped(
    tmp_path: Path, memory_keyring, config_home, capfd: pytest.CaptureFixture[str]
) -> None:
    root, values = _hostile_project(tmp_path)
    assert main(["secrets", "migrate", str(root), "--yes"]) == 0
    out, err = capfd.readouterr()
    assert "STRIPE_SECRET_KEY" in out and "rewrote 1 file(s)" in out
    _clean(out, values)
    _clean(err, values)

    assert main(["secrets", "list"]) == 0
    out, err = capfd.readouterr()
    assert "STRIPE_SECRET_KEY" in out and "\\x1b]0;owned" in out  # shown, but as escapes
    _clean(out, values)
    _clean(err, values)

    # export is the one command that prints values, on purpose: the filter must not redact them
    assert main(["secrets", "export", str(root), "--format", "dotenv"]) == 0
    out, err = capfd.readouterr()
    exported = out == f'STRIPE_SECRET_KEY="{values[1]}"\n'
    assert exported, "secrets export does not print the exact dotenv line"
    assert "warning" in err and "plain text" in err

    assert main(["secrets", "undo", str(root)]) == 0
    out, err = capfd.readouterr()
    assert "restored 1 file(s)" in out
    _clean(out, values)
    _clean(err, values)


def test_snippet_insert_messages_are_escaped_and_code_stays_exact(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    root, values = _hostile_project(tmp_path)
    assert main(["snippet", "bearer", "--insert", str(root)]) == 0
    out, err = capfd.readouterr()
    assert "inserted step 'auth_bearer'" in out
    _clean(out, values[:1])
    _clean(err, values[:1])

    assert main(["snippet", "bearer"]) == 0
    code, _ = capfd.readouterr()
    entry = root / "auth_bearer" / "entry.mjs"
    if not entry.exists():
        entry = next((root / "auth_bearer").iterdir())
    assert code == entry.read_text()  # printed code is byte-exact (tabs and newlines kept)
