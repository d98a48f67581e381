"""Run stepguard rules on a step written to a real file, the way the engine does."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from checks.engine import check_workflow
from checks.inputs import ScanInputs
from checks.model import EXTENSION_LANGUAGE, Finding, Step, Trigger, TriggerKind, Workflow
from checks.rulebase import get_rule

SUFFIX = {"node": ".mjs", "js": ".mjs", "python": ".py", "py": ".py", "bash": ".sh", "sh": ".sh"}


def write_step(tmp_path: Path, source: str, lang: str, name: str = "entry") -> Path:
    path = tmp_path / f"{name}{SUFFIX[lang]}"
    path.write_text(dedent(source).lstrip("\n"), encoding="utf-8")
    return path


def run_rules(path: Path, *rule_ids: str) -> list[Finding]:
    step = Step(
        namespace=path.stem,
        language=EXTENSION_LANGUAGE[path.suffix],
        code=path.read_text(encoding="utf-8").removeprefix("\ufeff"),
        path=path,
    )
    workflow = Workflow(
        name="wf", id=None, source=path, trigger=Trigger(kind=TriggerKind.HTTP), steps=[step]
    )
    rules = [get_rule(r) for r in rule_ids]
    findings, _, _ = check_workflow(workflow, path.parent, ScanInputs(rules=tuple(rules)))
    return sorted(findings, key=lambda f: (f.line, f.column, f.rule))


def scan_source(tmp_path: Path, source: str, lang: str, *rule_ids: str) -> list[Finding]:
    return run_rules(write_step(tmp_path, source, lang), *rule_ids)
