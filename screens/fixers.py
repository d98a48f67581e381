"""Adapters between the wizard and the engine's fix services (UI-free)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.model import Category, Finding, Workflow

AUTH_CHOICES = [
    ("basic", "Basic auth"),
    ("bearer", "Bearer token"),
    ("api-key", "API key header"),
    ("jwt-hs256", "JWT (HS256)"),
]


@dataclass
class Preview:
    """What a fix would change: a redacted diff or the code to paste, plus notes."""

    text: str
    language: str = "diff"  # "diff" | "node" | "python" | "text"
    notes: list[str] = field(default_factory=list)


@dataclass
class Applied:
    """The result of applying a fix: what to tell the user and how to undo it later."""

    message: str
    undo: dict[str, Any] = field(default_factory=dict)
    wrote_files: bool = True
    record: dict[str, Any] = field(default_factory=dict)  # kept in the progress file (no values)


def is_replaceable(f: Finding) -> bool:
    from checks.fixes.replace import is_replaceable as replaceable

    return replaceable(f)


def panel_kind(f: Finding) -> str:
    """Which wizard panel handles a finding."""
    kind = f.fix.kind if f.fix else ""
    if kind == "manual":
        return "generic"
    if f.category is Category.SECRET or kind == "migrate-secret":
        return "secret"
    if is_replaceable(f):
        return "edit"
    from checks.fixes.pin import is_pinnable

    if is_pinnable(f):
        return "pin"
    if f.category is Category.SIGNATURE or (f.extra.get("provider") and f.rule == "SG302"):
        return "signature"
    if f.category is Category.AUTH:
        return "auth"
    if f.category is Category.TRANSPORT or kind == "https":
        return "https"
    if f.category is Category.LOGGING:
        return "logging"
    if f.category is Category.ACCOUNT:
        return "account"
    return "generic"


def workflow_dir(workflow: Workflow) -> Path | None:
    """The GitHub-Sync folder of a workflow (where steps can be inserted), if it has one."""
    if not workflow.is_github_sync or not workflow.can_write:
        return None
    return workflow.source


def snippet_lang(workflow: Workflow) -> str:
    """Node unless every code step of the workflow is Python."""
    langs = {s.language.value for s in workflow.steps if s.code is not None}
    return "python" if langs == {"python"} else "node"


# -- snippet insertion (checks.snippets.insert) ----------------------------------------------------


def free_namespace(workflow: Workflow, wanted: str) -> str:
    """`wanted`, or `wanted_2`, `wanted_3`, … when a step already has that name."""
    taken = {s.namespace for s in workflow.steps}
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}_{n}" in taken:
        n += 1
    return f"{wanted}_{n}"


def insert_snippet(workflow: Workflow, namespace: str, code: str, lang: str) -> Applied:
    wdir = workflow_dir(workflow)
    if wdir is None:
        raise LookupError(
            "this workflow is not a writable GitHub-Sync folder: copy the snippet instead"
        )
    namespace = free_namespace(workflow, namespace)
    from checks.snippets.insert import insert_step  # ruamel.yaml: imported when used

    result = insert_step(wdir, namespace, code, lang)
    shown = f"{namespace}/{result.entry_file.name}"
    return Applied(
        f"Inserted {shown} as the first step of {workflow.name}. "
        "Push it with GitHub Sync, then set the environment variable in Pipedream.",
        undo={"kind": "journal", "root": str(wdir), "id": result.undo_id},
        record={"namespace": namespace},
    )


def undo_insert(undo: dict[str, Any]) -> str:
    from checks.snippets.insert import undo_insert as remove_inserted

    remove_inserted(Path(undo["workflow_dir"]))
    return "Removed the inserted step."


# -- trigger protection (checks.protect) -----------------------------------------------------------


def mark_protected(workflow: Workflow) -> Applied:
    wdir = workflow_dir(workflow)
    if wdir is None:
        raise LookupError("only GitHub-Sync workflow folders can be marked")
    from checks.protect import mark_protected as mark

    mark(wdir)
    undo: dict[str, Any] = {"kind": "protect", "workflow_dir": str(wdir)}
    return Applied("Marked the trigger as protected (recorded in .stepguard.toml).", undo=undo)


def unmark_protected(undo: dict[str, Any]) -> str:
    from checks.protect import mark_protected as mark

    mark(Path(undo["workflow_dir"]), False)
    return "The trigger is no longer marked as protected."
