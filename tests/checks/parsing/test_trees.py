"""`SharedTrees`: one parse for step code that recurs across workflows, with the same findings."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import checks.engine as engine
from checks.engine import ScanOptions, scan
from checks.model import Language, Step, Trigger, TriggerKind, Workflow
from checks.parsing.code import Code
from checks.parsing.trees import SharedTrees
from checks.rulebase import step_code

STEP = """import axios from "axios";
export default defineComponent({
  props: { token: { type: "string", secret: true } },
  async run({ $ }) {
    console.log(this.token);
    const key = "sk_live_" + "0aB9cD8eF7gH6iJ5kL4mN3oP2";
    return axios.get("http://api.acme.dev/v1", { headers: { Authorization: key } });
  },
});
"""


def _workflow(name: str, *texts: str) -> Workflow:
    steps = [
        Step(namespace=f"s{i}", language=Language.NODE, code=text, index=i)
        for i, text in enumerate(texts)
    ]
    return Workflow(
        name=name, id=None, source=Path(name), trigger=Trigger(kind=TriggerKind.HTTP), steps=steps
    )


def _tree_of(step: Step) -> object:
    code = step_code(step)
    assert isinstance(code, Code)
    return code.js_tree


def test_a_recurring_text_is_parsed_once_across_workflows() -> None:
    text = STEP
    first, second, other = _workflow("a", text), _workflow("b", text), _workflow("c", "let x;")
    trees = SharedTrees([first, second, other])
    trees.attach(first)
    tree = _tree_of(first.steps[0])
    trees.release(first)
    trees.attach(second)
    assert _tree_of(second.steps[0]) is tree  # reused, not parsed again
    trees.release(second)
    trees.attach(other)
    assert other.steps[0].parsed is None  # a text that does not recur is left to step_code
    assert not trees._trees and not trees._left  # nothing kept after its last use


def test_steps_of_one_workflow_never_share_a_tree() -> None:
    first, both = _workflow("a", STEP), _workflow("b", STEP, STEP)
    trees = SharedTrees([first, both])
    trees.attach(first)
    tree = _tree_of(first.steps[0])
    trees.release(first)
    trees.attach(both)
    one, two = _tree_of(both.steps[0]), _tree_of(both.steps[1])
    assert one is tree and two is not tree and two is not None


PY_STEP = """import os, requests
def handler(pd: "pipedream"):
    print(os.environ["OPENAI_API_KEY"])
    return requests.get("http://api.acme.dev/v1").json()
"""


def test_a_recurring_python_text_is_parsed_once() -> None:
    first, second = _workflow("a", PY_STEP), _workflow("b", PY_STEP)
    for step in (*first.steps, *second.steps):
        step.language = Language.PYTHON
    trees = SharedTrees([first, second])
    trees.attach(first)
    code = step_code(first.steps[0])
    assert code is not None and code.py_tree is not None
    trees.release(first)
    trees.attach(second)
    again = step_code(second.steps[0])
    assert again is not None and again is not code and again.py_tree is code.py_tree


def _every_field(result: engine.ScanResult) -> list[tuple[object, ...]]:
    return [(dataclasses.asdict(f), f.start_byte, f.end_byte) for f in result.findings]


def test_sharing_changes_no_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for folder in ("v1", "v2", "v3"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "step.mjs").write_text(STEP, encoding="utf-8")
        (tmp_path / folder / "other.ts").write_text(STEP.replace("v1", folder), encoding="utf-8")
        (tmp_path / folder / "step.py").write_text(PY_STEP, encoding="utf-8")
    attached: list[str] = []
    real_attach = SharedTrees.attach

    def attach(self: SharedTrees, workflow: Workflow) -> None:
        attached.append(workflow.name)
        real_attach(self, workflow)

    monkeypatch.setattr(SharedTrees, "attach", attach)
    shared = scan([tmp_path], ScanOptions())
    assert len(attached) == 9 and {f.rule for f in shared.findings} >= {"SG201", "SG601", "SG606"}
    with monkeypatch.context() as m:
        m.setattr(SharedTrees, "attach", lambda self, workflow: None)
        alone = scan([tmp_path], ScanOptions())
    assert _every_field(shared) == _every_field(alone)
    assert shared.skipped == alone.skipped
