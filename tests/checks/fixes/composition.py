"""A GitHub-Sync workflow whose one code step offers every kind of mechanical fix, and helpers
to scan it and apply a random fix (shared by the journal property tests)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from checks.engine import ScanOptions, scan
from checks.fixes.fixer import FixerSet, project_fixers
from checks.model import Finding
from checks.snippets import list_snippets, render
from checks.snippets.insert import insert_step
from tests.checks.migrate.helpers import github_token, stripe_key

WORKFLOW_YAML = """\
schema: workflow/2022.04
name: Orders
triggers:
- id: hi_Q7rVbN2
steps:
- namespace: notify
  runtime: nodejs20.x
  uses: "./notify/entry.mjs"
"""

STEP = """\
import axios from "axios";
import _ from "lodash";

const STRIPE_KEY = "{stripe}";
const GH_TOKEN = "{github}";
const STATUS_PAGE = "http://status.acme-ops.com/api/events";

export default defineComponent({{
  async run({{ steps, $ }}) {{
    const received = steps.trigger.event.headers["X-Hub-Signature-256"];
    if (!received) {{
      $.flow.exit("no signature");
    }}
    const order = steps.trigger.event.body;
    await axios.post("http://hooks.acme-ops.com/in", {{ id: order.id }}, {{
      headers: {{ Authorization: `Bearer ${{STRIPE_KEY}}` }},
    }});
    await axios.post(STATUS_PAGE, {{ kind: "order", id: _.get(order, "orderId") }});
    await fetch("https://api.github.com/user", {{
      headers: {{ authorization: `token ${{GH_TOKEN}}` }},
    }});
    console.log("headers were", steps.trigger.event.headers);
    console.log("body", steps.trigger.event.body);
  }},
}});
"""


def write_workflow(folder: Path) -> Path:
    """The workflow folder (fresh secret values each time, made at run time)."""
    folder.mkdir(parents=True)
    (folder / "workflow.yaml").write_text(WORKFLOW_YAML)
    (folder / "notify").mkdir()
    (folder / "notify" / "entry.mjs").write_text(
        STEP.format(stripe=stripe_key(), github=github_token())
    )
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def scan_folder(folder: Path) -> tuple[list[Finding], list]:
    result = scan([folder], ScanOptions())
    return result.findings, result.workflows


def fixers(folder: Path, findings: list[Finding], workflows: list) -> FixerSet:
    return project_fixers(folder, findings=findings, workflows=workflows, version=lambda f: "1.7.2")


@dataclass
class Applied:
    entry_id: str
    what: str


def apply_random(rng: random.Random, folder: Path, namespaces: set[str]) -> Applied | None:
    """Scan, then apply one randomly chosen fix (or insert a random snippet); None when no fix
    is left to apply."""
    if rng.random() < 0.15:
        from checks.protect import mark_protected

        marked = mark_protected(folder, protected=rng.choice([True, False]))
        if marked.undo_id is not None:
            return Applied(marked.undo_id, "protect")
    findings, workflows = scan_folder(folder)
    fs = fixers(folder, findings, workflows)
    options = [(f, fixer) for f in findings if (fixer := fs.fixer_for(f)) is not None]
    if not options or rng.random() < 0.2:
        snippet = rng.choice(list_snippets())
        lang = rng.choice(["node", "python"])
        name = f"guard_{len(namespaces)}"
        namespaces.add(name)
        result = insert_step(folder, name, render(snippet.name, lang), lang)
        return Applied(result.undo_id, f"insert {snippet.name}/{lang}")
    finding, fixer = rng.choice(options)
    entry = fixer.apply(finding)
    return Applied(entry.id, f"{fixer.kind.value} {finding.rule}:{finding.line}")
