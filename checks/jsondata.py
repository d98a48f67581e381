"""Reading untrusted JSON/YAML documents with types: a member that is not what it should be
reads as empty."""

from __future__ import annotations

from typing import Any


def obj(value: object) -> dict[str, Any]:
    """`value` when it is a JSON object (a dict), else an empty one."""
    return value if isinstance(value, dict) else {}
