"""Load a deployed workflow from Pipedream's API into the engine's `Workflow` model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from checks.jsondata import obj
from checks.loaders.api_json import workflow_from_api
from checks.model import Trigger, TriggerKind, Workflow
from checks.pipedream.client import PipedreamClient, run_sync
from checks.pipedream.credentials import Credentials


async def fetch_workflow_json_async(
    workflow_id: str, org_id: str | None = None, credentials: Credentials | None = None
) -> dict[str, Any]:
    """The raw `GET /workflows/{id}` document (credentials from the keyring by default)."""
    async with PipedreamClient(credentials) as pd:
        return await pd.get_workflow(workflow_id, org_id)


async def load_remote_workflow_async(
    workflow_id: str, org_id: str | None = None, credentials: Credentials | None = None
) -> Workflow:
    doc = await fetch_workflow_json_async(workflow_id, org_id, credentials)
    return workflow_from_document(doc, workflow_id)


def load_remote_workflow(
    workflow_id: str, org_id: str | None = None, credentials: Credentials | None = None
) -> Workflow:
    """Fetch workflow `p_…` and map it; raises a one-line `PipedreamError` on any failure."""
    return run_sync(lambda: load_remote_workflow_async(workflow_id, org_id, credentials))


def fetch_workflow_json(
    workflow_id: str, org_id: str | None = None, credentials: Credentials | None = None
) -> dict[str, Any]:
    return run_sync(lambda: fetch_workflow_json_async(workflow_id, org_id, credentials))


def workflow_from_document(doc: dict[str, Any], workflow_id: str) -> Workflow:
    """Map an API document with the shared JSON loader, plus what only the API carries."""
    settings = obj(doc.get("settings"))
    name = doc.get("name") or settings.get("name") or workflow_id
    wf = workflow_from_api(doc, source=Path(workflow_id), name=str(name))
    wf.id = workflow_id
    wf.origin = "api"  # not writable: fixes are shown, never written back
    wf.settings = dict(settings)
    triggers = [t for t in doc.get("triggers") or [] if isinstance(t, dict)]
    if len(triggers) > 1:
        wf.settings["other_triggers"] = [describe_trigger(t) for t in triggers[1:]]
    for step, raw in zip(
        wf.steps, [s for s in doc.get("steps") or [] if isinstance(s, dict)], strict=False
    ):
        saved = obj(raw.get("savedComponent"))
        if step.code is None and saved.get("id"):
            step.code_note = (
                f"the Pipedream API did not include the code of saved component {saved['id']}; "
                "only the step's settings were checked"
            )
    return wf


def describe_trigger(raw: dict[str, Any]) -> str:
    from checks.loaders.api_json import trigger_from_api

    return trigger_from_api(raw).describe()


def summary(doc: dict[str, Any], workflow: Workflow) -> str:
    """One paragraph for `stepguard fetch`: triggers, steps, which steps came without code."""
    trig: Trigger = workflow.trigger
    lines = [f"{workflow.id}: {workflow.name}"]
    trigger_text = trig.describe()
    if trig.kind is TriggerKind.HTTP and trig.endpoint_url:
        trigger_text += f" at {trig.endpoint_url}"
    lines.append(f"  trigger: {trigger_text}")
    for other in workflow.settings.get("other_triggers", []):
        lines.append(f"  trigger: {other}")
    for step in workflow.steps:
        kind = step.registry_action or (step.runtime or step.language.value)
        code = "code included" if step.code is not None else "no code (the API left it out)"
        lines.append(f"  step {step.index + 1} {step.namespace}: {kind}, {code}")
    with_code = sum(1 for s in workflow.steps if s.code is not None)
    size = len(json.dumps(doc))
    lines.append(f"  {len(workflow.steps)} steps, {with_code} with code; {size} bytes of JSON")
    return "\n".join(lines)
