"""GitHub-Sync project folders: `<slug>-p_<id>/workflow.yaml` with one folder per code step."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

from checks.errors import UnreadableFile
from checks.loaders.files import read_text
from checks.model import (
    EXTENSION_LANGUAGE,
    HttpAuth,
    Language,
    Step,
    Trigger,
    TriggerKind,
    Workflow,
    language_for_runtime,
)
from checks.parse_errors import toml_error_reason, yaml_error_reason

WORKFLOW_FILE = "workflow.yaml"
STATE_FILE = ".workflow.state"
LOCAL_SETTINGS = ".stepguard.toml"
ENTRY_NAMES = ("entry.js", "entry.mjs", "entry.ts", "entry.py", "entry.sh", "entry.go", "entry.cjs")
_DIR_ID = re.compile(r"-(p_[A-Za-z0-9]+)$")


def is_workflow_dir(path: Path) -> bool:
    return (path / WORKFLOW_FILE).is_file()


def _yaml_load(text: str) -> Any:
    """Parse workflow.yaml; raises UnreadableFile with the line of a syntax error."""
    # Imported here: a scan of component files never needs YAML.
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe").load(text)  # the C loader (ruamel.yaml.clib) when installed
    except YAMLError as exc:
        raise UnreadableFile(yaml_error_reason(exc)) from None


def trigger_from_id(raw: dict[str, Any]) -> Trigger:
    tid = str(raw.get("id") or "")
    kind = {
        "hi_": TriggerKind.HTTP,
        "ti_": TriggerKind.TIMER,
        "ei_": TriggerKind.EMAIL,
        "dc_": TriggerKind.APP,
    }.get(tid[:3], TriggerKind.UNKNOWN)
    return Trigger(kind=kind, id=tid or None, auth=HttpAuth.UNKNOWN, raw=dict(raw))


def load_workflow_dir(wdir: Path) -> tuple[Workflow, list[tuple[Path, str]]]:
    """Load one workflow folder. Raises UnreadableFile if workflow.yaml is unusable."""
    problems: list[tuple[Path, str]] = []
    wdir = Path(os.path.realpath(wdir))
    ypath = wdir / WORKFLOW_FILE
    text = read_text(ypath)
    doc = _yaml_load(text)
    if not isinstance(doc, dict):
        raise UnreadableFile(
            "workflow.yaml is not a mapping (expected schema, name, triggers, steps)"
        )

    wid = _workflow_id(wdir)
    triggers = doc.get("triggers") or []
    trigger = (
        trigger_from_id(triggers[0])
        if isinstance(triggers, list) and triggers and isinstance(triggers[0], dict)
        else Trigger(kind=TriggerKind.UNKNOWN)
    )
    _apply_local_settings(wdir, trigger, problems)

    steps: list[Step] = []
    raw_steps = doc.get("steps") or []
    if not isinstance(raw_steps, list):
        raise UnreadableFile("`steps` in workflow.yaml is not a list")
    for index, raw in enumerate(raw_steps):
        if not isinstance(raw, dict):
            problems.append((ypath, f"step {index + 1} is not a mapping; ignored"))
            continue
        step = _load_step(wdir, raw, index, problems)
        steps.append(step)

    workflow = Workflow(
        name=str(doc.get("name") or wdir.name),
        id=wid,
        source=wdir,
        trigger=trigger,
        steps=steps,
        origin="github-sync",
        settings=dict(doc.get("settings") or {}),
    )
    return workflow, problems


def _workflow_id(wdir: Path) -> str | None:
    state = wdir / STATE_FILE
    if state.is_file():
        try:
            for line in read_text(state).splitlines():
                if line.startswith("id:"):
                    return line.split(":", 1)[1].strip() or None
        except UnreadableFile:
            pass
    m = _DIR_ID.search(wdir.name)
    return m.group(1) if m else None


def _apply_local_settings(wdir: Path, trigger: Trigger, problems: list[tuple[Path, str]]) -> None:
    path = wdir / LOCAL_SETTINGS
    if not path.is_file():
        return
    try:
        data = tomllib.loads(read_text(path))
    except UnreadableFile as exc:
        problems.append((path, f"ignored: {exc}"))
        return
    except tomllib.TOMLDecodeError as exc:
        problems.append((path, f"ignored: {toml_error_reason(exc)}"))
        return
    section = data.get("trigger", {})
    if isinstance(section, dict) and section.get("protected") is True:
        trigger.marked_protected = True


def _load_step(
    wdir: Path, raw: dict[str, Any], index: int, problems: list[tuple[Path, str]]
) -> Step:
    namespace = str(raw.get("namespace") or f"step_{index + 1}")
    runtime = raw.get("runtime")
    uses = raw.get("uses")
    uses = str(uses) if uses is not None else None
    props = raw.get("props") if isinstance(raw.get("props"), dict) else {}
    step = Step(
        namespace=namespace,
        language=language_for_runtime(runtime if isinstance(runtime, str) else None),
        runtime=str(runtime) if runtime is not None else None,
        props=dict(props),
        uses=uses,
        index=index,
    )
    code_path = _code_path(wdir, namespace, uses)
    if code_path is None:
        if step.registry_action is None:
            step.code_note = "no code file for this step"
        return step
    if not code_path.is_file():
        step.code_note = f"code file {code_path.relative_to(wdir).as_posix()} not found"
        problems.append((code_path, "referenced by workflow.yaml but missing"))
        return step
    step.path = code_path
    step.language = EXTENSION_LANGUAGE.get(code_path.suffix, step.language)
    try:
        step.code = read_text(code_path)
    except UnreadableFile as exc:
        step.code_note = exc.reason
        problems.append((code_path, exc.reason))
    return step


def _code_path(wdir: Path, namespace: str, uses: str | None) -> Path | None:
    """The step's code file; never a path outside the (resolved) workflow folder."""
    if uses and uses.startswith(("./", "../")):
        candidate = Path(os.path.realpath(wdir / uses))
        if not candidate.is_relative_to(wdir):
            return None  # never read outside the workflow folder
        return candidate
    if uses:  # registry action
        return None
    for name in ENTRY_NAMES:
        candidate = wdir / namespace / name
        if candidate.is_file():
            return candidate
    return None


def language_of_entry(path: Path) -> Language:
    return EXTENSION_LANGUAGE.get(path.suffix, Language.UNKNOWN)
