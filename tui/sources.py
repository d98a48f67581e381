"""Turn CLI arguments (paths and `p_…` workflow ids) into loaded workflows."""

from __future__ import annotations

import re
from pathlib import Path

from checks.loaders import LoadResult, load_paths

WORKFLOW_ID = re.compile(r"^p_[A-Za-z0-9]{4,}$")


def is_remote_id(arg: str) -> bool:
    """`p_…` names a deployed workflow unless a file of that name exists here."""
    return bool(WORKFLOW_ID.match(arg)) and not Path(arg).exists()


def load_inputs(args: list[str], org_id: str | None = None) -> LoadResult:
    """Load local paths and remote workflow ids (`p_…`, fetched from Pipedream's API)."""
    ids = [a for a in args if is_remote_id(a)]
    paths = [Path(a) for a in args if a not in ids]
    result = load_paths(paths) if paths else LoadResult(root=Path.cwd().resolve())
    if ids:
        from checks.pipedream import load_remote_workflow  # httpx: only when asked for

        for wid in ids:
            result.workflows.append(load_remote_workflow(wid, org_id))
    return result
