"""Which member chains may read the trigger event: a byte test on the name a chain starts with.

`JsPaths.resolve` gives a member chain an `EVENT` path only from the name the chain starts
with: `steps`, the event parameter, a name bound to a path of the event or of `steps`, or the
conventional `headers`/`event` (never certain). `event_roots` lists those names for a step, and
`may_start_at` tests a node's source against them (no match, e.g. `(steps).x`: it may).
"""

from __future__ import annotations

import re

from tree_sitter import Node

from checks.parsing.jspaths import JsPaths

# The whole (ASCII) identifier a node's source starts with (as `jspaths` reads it); no match
# when it goes on in a non-ASCII letter or an escape.
_LEADING_NAME = re.compile(rb"[A-Za-z_$][A-Za-z0-9_$]*(?![A-Za-z0-9_$\\\x80-\xff])")


def event_roots(paths: JsPaths, certain: bool) -> set[bytes]:
    """The names a chain resolving to an `EVENT` path can start with; `certain`: only those
    from which the path is certain."""
    roots = {b"steps"} if certain else {b"steps", b"headers", b"event"}
    if paths.event_param is not None:
        roots.add(paths.event_param.encode())
    for name, (path, sure) in paths.aliases.items():
        if (sure or not certain) and path is not None and path.startswith(("EVENT", "steps")):
            roots.add(name.encode())
    return roots


def may_start_at(data: bytes, node: Node, roots: set[bytes]) -> bool:
    """False when `node`'s source starts with a whole name not in `roots`."""
    lead = _LEADING_NAME.match(data, node.start_byte)
    return lead is None or lead.group() in roots
