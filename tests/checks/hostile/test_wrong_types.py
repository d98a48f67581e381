"""Wrong-typed workflow.yaml fields: refused with a one-line reason, or made plain data."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.errors import InputError
from checks.loaders import load_paths

WF = "wf-p_abc123"
HEAD = "schema: workflow/2022.04\n"

REFUSED = {
    "settings-list": ("settings: [1, 2]\nsteps: []\n", "`settings` in workflow.yaml is a list"),
    "triggers-string": ("triggers: hi_abc\nsteps: []\n", "`triggers` in workflow.yaml is a string"),
    "name-mapping": ("name: {a: 1}\nsteps: []\n", "`name` in workflow.yaml is a mapping"),
    "steps-mapping": ("steps: {a: 1}\n", "`steps` in workflow.yaml is a mapping"),
    "namespace-list": (
        "steps:\n- namespace: [1, 2]\n  runtime: nodejs20.x\n",
        "step 1 `namespace` in workflow.yaml is a list",
    ),
    "uses-mapping": ("steps:\n- namespace: s\n  uses: {a: 1}\n", "step 1 `uses`"),
    "props-list": ("steps:\n- namespace: s\n  uses: a@1\n  props: [1]\n", "step 1 `props`"),
    "runtime-bool": ("steps:\n- namespace: s\n  runtime: true\n", "is a boolean"),
}


def _yaml(tmp_path: Path, body: str) -> Path:
    wdir = tmp_path / WF
    wdir.mkdir()
    (wdir / "workflow.yaml").write_text(HEAD + body)
    return wdir / "workflow.yaml"


@pytest.mark.parametrize(("body", "reason"), REFUSED.values(), ids=REFUSED.keys())
def test_wrong_type_is_refused_with_one_line(tmp_path: Path, body: str, reason: str) -> None:
    path = _yaml(tmp_path, body)
    with pytest.raises(InputError) as info:
        load_paths([path])
    assert reason in str(info.value) and "\n" not in str(info.value)
    (tmp_path / "ok.js").write_text("export default defineComponent({ async run() {} })\n")
    loaded = load_paths([tmp_path])
    assert [(s.path, reason in s.reason) for s in loaded.skipped] == [(f"{WF}/workflow.yaml", True)]


def test_yaml_only_types_become_plain_data(tmp_path: Path) -> None:
    body = (
        "steps:\n- namespace: s\n  uses: a@1\n  props:\n"
        "    when: 2024-01-01\n    blob: !!binary aGVsbG8=\n    tags: !!set {b, a}\n    1: one\n"
    )
    loaded = load_paths([_yaml(tmp_path, body)])
    props = loaded.workflows[0].steps[0].props
    assert props == {"when": "2024-01-01", "blob": "aGVsbG8=", "tags": ["a", "b"], "1": "one"}


def test_recursive_alias_is_bounded(tmp_path: Path) -> None:
    path = _yaml(tmp_path, "steps:\n- &s\n  namespace: s\n  uses: a@1\n  props: {self: *s}\n")
    with pytest.raises(InputError, match=r"workflow\.yaml"):
        load_paths([path])
