"""HTTP event sources as entry points: does anything stand between a caller and `$emit`?

A source with `$.interface.http` (declared in `props` or `additionalProps`) is a public URL like
an HTTP-triggered workflow. Its `run(event)` either verifies the caller (a signature, a secret
token, a verifier SDK: `StepFacts.verifies`), gates on something any caller can send or learn
(the sender's IP address, an identifier compared with `!==`: `checks.auth.weakgates`), or
checks nothing. The generic HTTP source (the `http` app) is public by design: it exists to
receive any request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tree_sitter import Node

from checks.auth.facts import StepFacts
from checks.auth.weakgates import WeakGate, event_param, weak_gates
from checks.parsing.code import Code
from checks.parsing.js import call_arguments, member_path, string_value, text
from checks.parsing.jsindex import of_type
from checks.parsing.jspaths import js_paths
from checks.parsing.vocabulary import is_timestamp_name, is_verify_name, words
from checks.rulebase import StepContext

# Apps whose sources are generic endpoints meant to take any request (a request bin).
PUBLIC_BY_DESIGN_APPS = frozenset({"http"})

Exposure = Literal["none", "weak"]


@dataclass(frozen=True)
class SourceExposure:
    """What stands between a caller and the source's events, when it is not a sound check."""

    kind: Exposure  # "none": nothing; "weak": only gates any caller can pass
    start: int
    end: int
    gates: tuple[WeakGate, ...] = ()
    public_by_design: bool = False


_REQUEST_PARTS = ("EVENT.headers", "EVENT.body", "EVENT.bodyRaw", "EVENT.rawBody")
_REQUEST_NAMES = frozenset({"headers", "bodyRaw", "rawBody"})
_VALIDITY_OBJECTS = frozenset({"source", "signature", "sig", "request", "webhook", "hmac", "token"})


def _verifier_name(name: str) -> bool:
    """`verifySignature`, `constructEvent`, `isValidSource`, `isValidSignature`."""
    if is_verify_name(name):
        return True
    ws = set(words(name))
    return "valid" in ws and bool(ws & _VALIDITY_OBJECTS)


def _delegated_verifier(code: Code, facts: StepFacts) -> bool:
    """A verifier called on the request's headers or body (`this.app.isValidSource(headers,
    bodyRaw)`, `this.stripe.sdk().webhooks.constructEvent(event.bodyRaw, sig, secret)`): the
    check lives in another file (the app), where this file's facts cannot see it."""
    if code.js_tree is None:
        return False
    param = event_param(code, facts)
    paths = js_paths(code, param)
    for node in of_type(code, "call_expression"):
        fn = node.child_by_field_name("function")
        prop = fn.child_by_field_name("property") if fn is not None else None
        last = text(prop) if prop is not None else (text(fn) if fn is not None else "")
        if not last or not _verifier_name(last):
            continue
        for arg in call_arguments(node):
            path = paths.resolve(arg)[0]
            if path is None and param is not None and arg.type == "member_expression":
                # `event.bodyRaw` after `event` is reassigned (`event = constructEvent(…)`)
                written = member_path(arg) or ""
                path = "EVENT" + written[len(param) :] if written.startswith(param + ".") else None
            if path is None and arg.type == "identifier" and text(arg) in _REQUEST_NAMES:
                path = f"EVENT.{text(arg)}"  # the names a source destructures the event into
            if path is not None and (path == "EVENT" or path.startswith(_REQUEST_PARTS)):
                return True
    return False


def source_exposure(ctx: StepContext, facts: StepFacts) -> SourceExposure | None:
    """None when the source verifies its callers (soundly or with a flaw other rules report)."""
    strong_gate = any(g.strength == "strong" for g in facts.gates)
    if facts.hmacs or facts.safe_equals or facts.verifier_calls or facts.compares or strong_gate:
        return None
    if ctx.code is not None and _delegated_verifier(ctx.code, facts):
        return None
    public = bool(facts.apps & PUBLIC_BY_DESIGN_APPS)
    gates = tuple(weak_gates(ctx, facts))
    if gates:
        first = gates[0]
        return SourceExposure("weak", first.start, first.end, gates, public)
    at = facts.run_span[0] if facts.run_span is not None else 0
    return SourceExposure("none", at, at, (), public)


def verifier_timestamp_argument(code: Code, start: int, end: int) -> str | None:
    """The timestamp-named argument (`timestamp`, `headers["x-ts"]`) a verifier call at
    [start, end) is handed, else None: an SDK verifier given the timestamp leaves its age to
    the caller (SendGrid's `verifySignature`; Stripe's `constructEvent` takes no timestamp)."""
    if code.js_tree is None:
        return None
    node: Node | None = code.js_tree.root_node.descendant_for_byte_range(start, end)
    while node is not None and node.type != "call_expression":
        node = node.parent
    if node is None:
        return None
    for arg in call_arguments(node):
        if arg.type == "identifier":
            name = text(arg)
        elif arg.type == "member_expression":
            prop = arg.child_by_field_name("property")
            name = text(prop) if prop is not None else ""
        elif arg.type == "subscript_expression":
            index = arg.child_by_field_name("index")
            name = (string_value(index) or "") if index is not None else ""
        else:
            continue
        if name and is_timestamp_name(name):
            return name
    return None
