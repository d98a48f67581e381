"""Trigger shapes a snippet is inserted into, and the check that the insertion satisfies the
scan (shared by the test and by the script that lists today's failures)."""

from __future__ import annotations

from pathlib import Path

from checks.engine import ScanOptions, scan
from checks.snippets import list_snippets, render
from checks.snippets.insert import insert_step
from tests.checks.fixes.clearing import problems, read_files

_HTTP = "schema: workflow/2022.04\nname: Hook\ntriggers:\n- id: hi_Q7rVbN2\n"
SHAPES: dict[str, tuple[str, dict[str, str]]] = {
    "http+node-step": (
        _HTTP
        + 'steps:\n- namespace: handle\n  runtime: nodejs20.x\n  uses: "./handle/entry.mjs"\n',
        {
            "handle/entry.mjs": "export default defineComponent({\n"
            "  async run({ steps, $ }) {\n"
            "    const body = steps.trigger.event.body;\n"
            "    return { id: body.id };\n"
            "  },\n"
            "});\n"
        },
    ),
    "http+python-step": (
        _HTTP + "steps:\n- namespace: handle\n  runtime: python3.12\n  uses: ./handle/entry.py\n",
        {
            "handle/entry.py": 'def handler(pd: "pipedream"):\n'
            '    body = pd.steps["trigger"]["event"]["body"]\n'
            '    return {"id": body.get("id")}\n'
        },
    ),
    "http+no-steps": (_HTTP, {}),
}

CASES = [(s.name, lang, shape) for s in list_snippets() for lang in s.languages for shape in SHAPES]


def make(root: Path, shape: str) -> Path:
    yaml, files = SHAPES[shape]
    root.mkdir(parents=True)
    (root / "workflow.yaml").write_text(yaml)
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def insertion_problems(root: Path, name: str, lang: str, shape: str) -> list[str]:
    """Insert snippet `name` in `lang` as the first step of a fresh `shape` workflow at `root`;
    the findings it was offered for must be gone and none may sit on what it wrote."""
    make(root, shape)
    before = scan([root], ScanOptions())
    offered = [f for f in before.findings if f.fix is not None and "snippet" in f.fix.kind]
    old = read_files(before.root)
    insert_step(root, "guard", render(name, lang), lang)
    after = scan([root], ScanOptions())
    new = read_files(after.root)
    found: list[str] = []
    for finding in offered or [None]:
        found += problems(finding, before.findings, after.findings, old, new)
    return sorted(set(found))
