"""Workflows in the shape `GET /v1/workflows/{id}` returns (`triggers[]`, `steps[]`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checks.errors import UnreadableFile
from checks.fsutil import read_input_text
from checks.jsondata import obj
from checks.loaders.bounded import json_loads
from checks.model import (
    HttpAuth,
    Language,
    Step,
    Trigger,
    TriggerKind,
    Workflow,
    language_for_runtime,
)


def looks_like_api_workflow(doc: Any) -> bool:
    doc = _unwrap(doc)
    return isinstance(doc, dict) and isinstance(doc.get("steps"), list) and "triggers" in doc


def _unwrap(doc: Any) -> Any:
    if isinstance(doc, dict) and isinstance(doc.get("data"), dict) and "steps" not in doc:
        return doc["data"]
    return doc


def load_api_json_file(path: Path, root: Path | None = None) -> Workflow:
    """Load a workflow JSON file (inside `root`, when given). Raises UnreadableFile."""
    text = read_input_text(path, root)
    doc = json_loads(text)
    if not looks_like_api_workflow(doc):
        raise UnreadableFile("JSON is not a Pipedream workflow (expected `triggers` and `steps`)")
    workflow = workflow_from_api(_unwrap(doc), source=path)
    workflow.source_text = text
    return workflow


def trigger_from_api(raw: dict[str, Any]) -> Trigger:
    tid = str(raw.get("id") or "")
    if tid.startswith("hi_") or "endpoint_url" in raw:
        auth = _http_auth(raw)
        return Trigger(
            kind=TriggerKind.HTTP,
            id=tid or None,
            auth=auth,
            endpoint_url=raw.get("endpoint_url")
            if isinstance(raw.get("endpoint_url"), str)
            else None,
            raw=raw,
        )
    if tid.startswith("ti_") or "interval_seconds" in raw or "cron" in raw:
        return Trigger(kind=TriggerKind.TIMER, id=tid or None, raw=raw)
    if tid.startswith("ei_") or "email_address" in raw:
        return Trigger(kind=TriggerKind.EMAIL, id=tid or None, raw=raw)
    if tid.startswith("dc_") or "component_id" in raw:
        name = raw.get("name") if isinstance(raw.get("name"), str) else None
        return Trigger(kind=TriggerKind.APP, id=tid or None, name=name, raw=raw)
    return Trigger(kind=TriggerKind.UNKNOWN, id=tid or None, raw=raw)


def _http_auth(raw: dict[str, Any]) -> HttpAuth:
    value = raw.get("auth") or raw.get("authorization") or raw.get("auth_type")
    if isinstance(value, dict):
        value = value.get("type")
    if not isinstance(value, str):
        return HttpAuth.UNKNOWN
    v = value.lower()
    if v in ("none", "public", ""):
        return HttpAuth.NONE
    if "oauth" in v:
        return HttpAuth.OAUTH
    if "token" in v or "static" in v:
        return HttpAuth.CUSTOM_TOKEN
    return HttpAuth.UNKNOWN


def workflow_from_api(doc: dict[str, Any], source: Path, name: str | None = None) -> Workflow:
    triggers = doc.get("triggers") or []
    trigger = (
        trigger_from_api(triggers[0])
        if isinstance(triggers, list) and triggers and isinstance(triggers[0], dict)
        else Trigger(kind=TriggerKind.UNKNOWN)
    )
    steps: list[Step] = []
    for index, raw in enumerate(doc.get("steps") or []):
        if isinstance(raw, dict):
            steps.append(_step_from_api(raw, index))
    settings = obj(doc.get("settings"))
    wname = name or doc.get("name") or settings.get("name") or source.stem
    return Workflow(
        name=str(wname),
        id=doc.get("id") if isinstance(doc.get("id"), str) else None,
        source=source,
        trigger=trigger,
        steps=steps,
        origin="api",
    )


def _step_from_api(raw: dict[str, Any], index: int) -> Step:
    lang = raw.get("lang") if isinstance(raw.get("lang"), str) else None
    saved = obj(raw.get("savedComponent"))
    code = saved.get("code") if isinstance(saved.get("code"), str) else None
    props = raw.get("configured_props_json")
    if isinstance(props, str):
        try:
            props = json_loads(props)
        except UnreadableFile:
            props = {}
    if not isinstance(props, dict):
        props = {}
    key = raw.get("component_key") if isinstance(raw.get("component_key"), str) else None
    language = language_for_runtime(lang)
    if language is Language.UNKNOWN and code is not None:
        language = Language.PYTHON if "def handler" in code else Language.NODE
    step = Step(
        namespace=str(raw.get("namespace") or f"step_{index + 1}"),
        language=language,
        code=code,
        runtime=lang,
        props=props,
        uses=key,
        index=index,
    )
    if code is None:
        step.code_note = (
            "the Pipedream API did not include this step's code; only its settings were checked"
        )
    return step
