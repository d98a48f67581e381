"""GitHub-Sync project folders: `<slug>-p_<id>/workflow.yaml` with one folder per code step."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

from checks.errors import UnreadableFile
from checks.fsutil import read_input_text
from checks.jsondata import obj
from checks.loaders.bounded import check_yaml_bounds, plain
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
    """A folder holding a workflow.yaml (any kind of entry: loading says what is wrong with it)."""
    return os.path.lexists(path / WORKFLOW_FILE) and not (path / WORKFLOW_FILE).is_dir()


def _yaml_load(text: str) -> Any:
    """Parse workflow.yaml; raises UnreadableFile with the line of a syntax error."""
    # Imported here: a scan of component files never needs YAML.
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        check_yaml_bounds(text)  # before building anything: aliases and depth are bounded
        doc = YAML(typ="safe").load(text)  # the C loader (ruamel.yaml.clib) when installed
    except YAMLError as exc:
        raise UnreadableFile(yaml_error_reason(exc)) from None
    except ValueError:  # e.g. an integer past Python's digit limit
        raise UnreadableFile("malformed YAML: a value cannot be converted") from None
    return plain(doc)


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
    text = read_input_text(ypath, root=wdir, root_is_real=True)
    doc = _yaml_load(text)
    if not isinstance(doc, dict):
        raise UnreadableFile(
            "workflow.yaml is not a mapping (expected schema, name, triggers, steps)"
        )
    _check_types(doc)

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
        source_text=text,
    )
    return workflow, problems


_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "name": (str, int, float),
    "triggers": (list,),
    "steps": (list,),
    "settings": (dict,),
}
_STEP_TYPES: dict[str, tuple[type, ...]] = {
    "namespace": (str, int),
    "runtime": (str,),
    "uses": (str,),
    "props": (dict,),
}
_TYPE_NAMES = {str: "a string", list: "a list", dict: "a mapping", int: "a number"}


def _check_types(doc: dict[str, Any]) -> None:
    """Refuse a workflow.yaml whose known fields have the wrong type, with a one-line reason."""
    for key, types in _FIELD_TYPES.items():
        _check_field(doc, key, types, f"`{key}`")
    for index, raw in enumerate(doc.get("steps") or []):
        if isinstance(raw, dict):
            for key, types in _STEP_TYPES.items():
                _check_field(raw, key, types, f"step {index + 1} `{key}`")


def _check_field(doc: dict[str, Any], key: str, types: tuple[type, ...], label: str) -> None:
    value = doc.get(key)
    if value is None or (isinstance(value, types) and not isinstance(value, bool)):
        return
    raise UnreadableFile(
        f"{label} in workflow.yaml is {_type_name(value)}, expected {_TYPE_NAMES[types[0]]}"
    )


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    for kind, name in _TYPE_NAMES.items():
        if isinstance(value, kind):
            return name
    return "a number" if isinstance(value, float) else type(value).__name__


def _workflow_id(wdir: Path) -> str | None:
    state = wdir / STATE_FILE
    if os.path.lexists(state):
        try:
            for line in read_input_text(state, root=wdir, root_is_real=True).splitlines():
                if line.startswith("id:"):
                    return line.split(":", 1)[1].strip() or None
        except UnreadableFile:
            pass  # the id is a label only: the folder name gives it too
    m = _DIR_ID.search(wdir.name)
    return m.group(1) if m else None


def _apply_local_settings(wdir: Path, trigger: Trigger, problems: list[tuple[Path, str]]) -> None:
    path = wdir / LOCAL_SETTINGS
    if not os.path.lexists(path):
        return
    try:
        data = tomllib.loads(read_input_text(path, root=wdir, root_is_real=True))
    except UnreadableFile as exc:
        problems.append((path, f"ignored: {exc.reason}"))
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
    props = obj(raw.get("props"))
    step = Step(
        namespace=namespace,
        language=language_for_runtime(runtime if isinstance(runtime, str) else None),
        runtime=str(runtime) if runtime is not None else None,
        props=dict(props),
        uses=uses,
        index=index,
    )
    if uses is None and not _plain_name(namespace):
        step.code_note = (
            "namespace is not a plain folder name (it could lead outside the workflow folder); "
            "code not read"
        )
        problems.append((wdir / WORKFLOW_FILE, f"step {index + 1}: {step.code_note}"))
        return step
    code_path = _code_path(wdir, namespace, uses)
    if code_path is None:
        if step.registry_action is None:
            step.code_note = "no code file for this step"
        return step
    real = Path(os.path.realpath(code_path))
    if not real.is_relative_to(wdir):
        step.code_note = "code file resolves outside the workflow folder; not read"
        problems.append((wdir / WORKFLOW_FILE, f"step {index + 1}: {step.code_note}"))
        return step
    if not os.path.lexists(real):
        step.code_note = f"code file {real.relative_to(wdir).as_posix()} not found"
        problems.append((real, "referenced by workflow.yaml but missing"))
        return step
    step.path = real
    step.language = EXTENSION_LANGUAGE.get(real.suffix, step.language)
    try:
        step.code = read_input_text(real, root=wdir, root_is_real=True)
    except UnreadableFile as exc:
        step.path = None
        step.code_note = exc.reason
        problems.append((real, exc.reason))
    return step


def _plain_name(namespace: str) -> bool:
    """A step folder name: no separators, not `.`/`..`, no NUL (Pipedream namespaces are
    identifiers)."""
    return namespace not in ("", ".", "..") and not any(c in namespace for c in "/\\\0")


def _code_path(wdir: Path, namespace: str, uses: str | None) -> Path | None:
    """The step's code file as workflow.yaml names it (not resolved: the caller checks where it
    really is); None for registry actions and steps without a file."""
    if uses and uses.startswith(("./", "../", "/")):
        return wdir / uses
    if uses:  # registry action
        return None
    for name in ENTRY_NAMES:
        candidate = wdir / namespace / name
        if os.path.lexists(candidate):
            return candidate
    return None


def language_of_entry(path: Path) -> Language:
    return EXTENSION_LANGUAGE.get(path.suffix, Language.UNKNOWN)
