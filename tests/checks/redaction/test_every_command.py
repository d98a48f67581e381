"""Every command that takes a PATH, run on a project with secrets planted in file names and in
every kind of malformed content: no value and no raw ESC on stdout or stderr (issue 14, sweep).

The project of `test_planted_secrets` (duplicate YAML key among step props, broken workflow
JSON, unparseable JavaScript and Python, a bot token in a URL path, a malformed URL, a broken
`.stepguard.toml`) gets, in addition, file and folder names that carry a token and terminal
escapes, and a workflow folder whose `workflow.yaml` quotes a secret in a parse error.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from tests.checks.redaction.test_planted_secrets import leaks, planted, write_project
from tests.checks.vault.conftest import config_home, memory_keyring
from tui.cli import main

__all__ = ["config_home", "memory_keyring"]

SPOOF = "\x1b]0;owned\x07\x1b[2J\r"


def _hostile_tree(root: Path, v: dict[str, str]) -> Path:
    write_project(root, v)
    named = root / f"wf{SPOOF}{v['github2']}"
    (named / "step").mkdir(parents=True)
    (named / "workflow.yaml").write_text(
        "schema: workflow/2022.04\nname: named\ntriggers:\n- id: hi_n\nsteps:\n"
        "- namespace: step\n  uses: ./step/entry.js\n",
        encoding="utf-8",
    )
    (named / "step" / "entry.js").write_text(
        "import axios from 'axios';\n"
        "export default defineComponent({\n"
        "  async run() {\n"
        f'    const key = "{v["stripe"]}";\n'
        "    return axios.get('https://example.com', { headers: { key } });\n"
        "  },\n"
        "});\n",
        encoding="utf-8",
    )
    (root / f"step{SPOOF}{v['slack']}.js").write_text(
        f'export default defineComponent({{ async run() {{ return "{v["github"]}" +; }} }});\n',
        encoding="utf-8",
    )
    dup = root / f"dup{SPOOF}"
    dup.mkdir()
    (dup / "workflow.yaml").write_text(
        "schema: workflow/2022.04\nname: dup\nsteps:\n- namespace: a\n"
        f'  props: {{token: "{v["github"]}" x: 1}}\n',  # the parser quotes slices of it
        encoding="utf-8",
    )
    return named


def _check(capsys: pytest.CaptureFixture[str], values: dict[str, str], what: str) -> str:
    got = capsys.readouterr()
    text = got.out + got.err
    assert leaks(text, values) == [], f"{what}: a planted value was printed"
    raw = [hex(ord(c)) for c in "\x1b\x07\r" if c in text]
    assert raw == [], f"{what}: raw control characters were printed"
    return text


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    values = planted()
    root = tmp_path / "proj"
    named = _hostile_tree(root, values)
    names = "".join(str(p) for p in root.rglob("*"))
    assert sorted(leaks(names, {k: values[k] for k in ("github2", "slack")})) == [
        "github2",
        "slack",
    ], "the leak check can fail on names"
    return root, named, values


@pytest.mark.parametrize(
    "args",
    [
        ["scan", "{root}", "--fail-on", "never"],
        ["scan", "{root}", "--format", "markdown", "--fail-on", "never"],
        ["packages", "{root}", "--offline"],
        ["packages", "{root}", "--offline", "--format", "json"],
        ["secrets", "list", "--project", "{root}"],
        ["secrets", "undo", "{root}"],
        ["snippet", "bearer", "--insert", "{root}/dup" + SPOOF],
    ],
    ids=lambda a: " ".join(a[:2]) + (" " + a[-1] if a[-1].startswith("--") else ""),
)
def test_command_prints_no_value_and_no_raw_escape(
    tree, args: list[str], memory_keyring, config_home, capsys: pytest.CaptureFixture[str]
) -> None:
    root, _named, values = tree
    code = main([a.replace("{root}", str(root)) for a in args])
    text = _check(capsys, values, args[0])
    assert code in (0, 1, 2) and text.strip(), "the command said something"


def test_secrets_migrate_interactive_and_yes_print_no_value(
    tree, memory_keyring, config_home, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _named, values = tree
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n" * 20))
    assert main(["secrets", "migrate", str(root)]) == 0
    text = _check(capsys, values, "secrets migrate")
    assert "Secret 1/" in text and "rewrote" in text
    assert main(["secrets", "list"]) == 0
    text = _check(capsys, values, "secrets list")
    assert "\\x1b]0;owned" in text  # the hostile folder name, escaped
    assert main(["secrets", "undo", str(root)]) == 0
    _check(capsys, values, "secrets undo")


def test_snippet_insert_into_hostile_folder_prints_no_value(
    tree, capsys: pytest.CaptureFixture[str]
) -> None:
    _root, named, values = tree
    assert main(["snippet", "bearer", "--insert", str(named)]) == 0
    text = _check(capsys, values, "snippet --insert")
    assert "inserted step" in text
    assert main(["snippet", "undo-insert", str(named)]) == 0
    _check(capsys, values, "snippet undo-insert")
