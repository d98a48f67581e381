"""HTTP workflows that are public by design: read-only endpoints serving public data.

An unauthenticated endpoint whose steps only fetch data without credentials (GET requests, no
connected account, no app, no registry action) and change nothing gives a caller nothing it
could not read elsewhere; SG301 still reports it, at low severity and with that reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checks.parsing.code import Code
from checks.parsing.js import call_arguments
from checks.transport import request_sites

if TYPE_CHECKING:
    from checks.auth.workflow import StepRole

_READ_METHODS = frozenset({"get", "head"})


def public_by_design(roles: list[StepRole]) -> str | None:
    """The reason the workflow looks public by design, else None."""
    if not roles:
        return None
    for r in roles:
        f, code, step = r.facts, r.ctx.code, r.ctx.step
        if f is None or code is None or r.registry is not None or step.registry_action:
            return None
        if f.apps or step.connected_accounts:
            return None  # works with an account: not only public data
        for e in f.effects:
            last = e.name.rsplit(".", 1)[-1]
            if last in _READ_METHODS and e.name != "$.send.http":
                continue
            if e.name == "fetch" and _single_argument(code, e.start, e.end):
                continue  # fetch(url): a GET
            return None
        if any(s.sends_credentials for s in request_sites(code)):
            return None
    return "it only reads data without credentials and changes nothing"


def _single_argument(code: Code, start: int, end: int) -> bool:
    if code.js_tree is None:
        return False
    node = code.js_tree.root_node.descendant_for_byte_range(start, end)
    while node is not None and node.type != "call_expression":
        node = node.parent
    return node is not None and len(call_arguments(node)) == 1
