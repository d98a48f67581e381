"""Turn CLI arguments (paths and `p_…` workflow ids) into loaded workflows."""

from __future__ import annotations

import re
from pathlib import Path

from checks.errors import InputError
from checks.loaders import LoadResult, load_paths

WORKFLOW_ID = re.compile(r"p_[A-Za-z0-9]{2,}")


def parse_workflow_id(text: str) -> str | None:
    """The Pipedream workflow id `text` spells (`p_` + letters and digits), else None.

    The one parser for ids: `fetch`, `scan`, `packages` and `open` all use it.
    """
    wid = text.strip()
    return wid if WORKFLOW_ID.fullmatch(wid) else None


def is_remote_id(arg: str) -> bool:
    """`p_…` names a deployed workflow unless a file of that name exists here (a path wins)."""
    return parse_workflow_id(arg) is not None and not Path(arg).exists()


def check_arguments(args: list[str]) -> None:
    """Refuse an empty argument: `Path("")` would silently mean the current folder."""
    for arg in args:
        if not arg.strip():
            raise InputError(repr(arg), "empty path (name a file or folder, e.g. `.`)")


def load_inputs(args: list[str], org_id: str | None = None) -> LoadResult:
    """Load local paths and remote workflow ids (`p_…`, fetched from Pipedream's API)."""
    check_arguments(args)
    ids = [a for a in args if is_remote_id(a)]
    paths = [Path(a) for a in args if a not in ids]
    result = load_paths(paths) if paths else LoadResult(root=Path.cwd().resolve())
    if ids:
        from checks.pipedream import load_remote_workflow  # httpx: only when asked for

        for wid in ids:
            result.workflows.append(load_remote_workflow(parse_workflow_id(wid) or wid, org_id))
    return result
