"""Bounded structured input: alias bombs, deep nesting, wrong types, malformed YAML/JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.checks.hostile.conftest import assert_one_line_error, run_cli, step_js, sync_workflow

WF = "wf-p_abc123"


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines)


def _bomb_yaml() -> str:
    body = "\n".join("    " + line for line in _alias_bomb().splitlines())
    return (
        "schema: workflow/2022.04\nname: bomb\ntriggers:\n- id: hi_abc123\nsteps:\n"
        "- namespace: s\n  uses: slack-send-message@0.0.1\n  props:\n" + body + "\n"
    )


def _deep_yaml(depth: int) -> str:
    return (
        "schema: workflow/2022.04\nname: deep\ntriggers:\n- id: hi_abc123\nsteps:\n"
        "- namespace: s\n  uses: slack-send-message@0.0.1\n  props:\n    x: "
        + "[" * depth
        + "]" * depth
        + "\n"
    )


def _deep_json(depth: int) -> str:
    return '{"triggers": [], "steps": [], "x": ' + "[" * depth + "]" * depth + "}"


def _project(root: Path, yaml_text: str) -> Path:
    wdir = root / WF
    wdir.mkdir(parents=True)
    (wdir / "workflow.yaml").write_text(yaml_text)
    return root


YAML_CASES = {
    "alias-bomb": _bomb_yaml(),
    "deep-1000": _deep_yaml(1_000),
    "deep-50000": _deep_yaml(50_000),
}


@pytest.mark.parametrize("text", YAML_CASES.values(), ids=YAML_CASES.keys())
@pytest.mark.parametrize("command", [["scan"], ["secrets", "migrate"]], ids=["scan", "migrate"])
def test_yaml_bombs_are_refused_with_one_line(tmp_path, text, command) -> None:
    root = _project(tmp_path / "project", text)
    run = run_cli(*command, str(root / WF / "workflow.yaml"))
    assert_one_line_error(run, "workflow.yaml")


@pytest.mark.parametrize("text", YAML_CASES.values(), ids=YAML_CASES.keys())
def test_yaml_bomb_beside_good_code_is_a_skipped_entry(tmp_path, text) -> None:
    root = _project(tmp_path / "project", text)
    (root / "ok.js").write_text(step_js("hello"))
    run = run_cli("scan", str(root), "--format", "json", "--fail-on", "never")
    doc = json.loads(run.out)
    assert [s["path"] for s in doc["skipped"]] == [f"{WF}/workflow.yaml"]
    assert run.code == 2


JSON_CASES = {"deep-1000": _deep_json(1_000), "deep-50000": _deep_json(50_000)}


@pytest.mark.parametrize("text", JSON_CASES.values(), ids=JSON_CASES.keys())
def test_deep_workflow_json_is_refused(tmp_path, text) -> None:
    (tmp_path / "wf.json").write_text(text)
    run = run_cli("scan", str(tmp_path / "wf.json"))
    assert_one_line_error(run, "wf.json", "nested")


@pytest.mark.parametrize("text", JSON_CASES.values(), ids=JSON_CASES.keys())
def test_deep_baseline_json_is_refused(tmp_path, text) -> None:
    (tmp_path / "ok.js").write_text(step_js("hello"))
    (tmp_path / "base.json").write_text(
        text.replace('"triggers": [], "steps": []', '"findings": []')
    )
    run = run_cli("scan", str(tmp_path / "ok.js"), "--baseline", str(tmp_path / "base.json"))
    assert_one_line_error(run, "base.json", "nested")


WRONG_TYPES = {
    "settings-list": "settings: [1, 2]\nsteps: []\n",
    "huge-int": "steps:\n- namespace: s\n  uses: slack@0.0.1\n  props: {n: " + "9" * 6000 + "}\n",
}


@pytest.mark.parametrize("body", WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_wrong_types_never_crash(tmp_path, body) -> None:
    root = tmp_path / "project"
    wdir = root / WF
    wdir.mkdir(parents=True)
    (wdir / "workflow.yaml").write_text("schema: workflow/2022.04\n" + body)
    run = run_cli("scan", str(root), "--format", "json", "--fail-on", "never")
    assert run.code in (0, 2), (run.code, run.err[-400:])
    assert "internal error" not in run.err and "Traceback" not in run.err
    if run.code == 2 and not run.out:
        assert_one_line_error(run, "workflow.yaml")


def test_settings_list_is_refused_with_a_reason(tmp_path) -> None:
    root = tmp_path / "project"
    wdir = root / WF
    wdir.mkdir(parents=True)
    (wdir / "workflow.yaml").write_text("name: x\nsettings: [1, 2]\nsteps: []\n")
    run = run_cli("scan", str(wdir / "workflow.yaml"))
    assert_one_line_error(run, "workflow.yaml", "settings")


def _malformed(secret: str) -> dict[str, tuple[str, str]]:
    """Malformed inputs with a planted secret: name → (file name, text)."""
    yaml_head = "schema: workflow/2022.04\nname: m\ntriggers:\n- id: hi_abc123\nsteps:\n"
    return {
        "yaml-duplicate-prop": (
            "workflow.yaml",
            yaml_head
            + f"- namespace: s\n  uses: a@1\n  props:\n    k: {secret}\n    k: {secret}\n",
        ),
        "yaml-unclosed-quote": (
            "workflow.yaml",
            yaml_head + f'- namespace: s\n  uses: a@1\n  props:\n    k: "{secret}\n    j: [\n',
        ),
        "json-truncated": ("wf.json", '{"triggers": [], "steps": [{"props": "' + secret),
    }


@pytest.mark.parametrize("case", ["yaml-duplicate-prop", "yaml-unclosed-quote", "json-truncated"])
def test_malformed_input_beside_good_code_exits_2(tmp_path, secret, case) -> None:
    name, text = _malformed(secret)[case]
    root = tmp_path / "project"
    target = root / WF / name if name == "workflow.yaml" else root / name
    target.parent.mkdir(parents=True)
    target.write_text(text)
    (root / "ok.js").write_text(step_js("hello"))
    run = run_cli("scan", str(root), "--fail-on", "never")
    assert run.code == 2, (run.code, run.err[-300:])
    assert "Skipped" in run.out
    assert len(run.err_lines) == 1
    assert secret not in run.out + run.err


def test_sync_step_escape_beside_good_code_in_json(tmp_path) -> None:
    root = tmp_path / "project"
    sync_workflow(root / WF, "- namespace: ../../..\n  runtime: nodejs20.x\n")
    run = run_cli("scan", str(root), "--format", "json", "--fail-on", "never")
    assert run.code == 2
