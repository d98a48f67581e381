"""SG6xx: what steps log, export and return (Pipedream stores all of it).

Thin layer over `checks.dataflow`: one analysis per step (cached across the four rules), each
flow mapped to a rule by the kind of its source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from checks.dataflow import Flow, SourceKind, analyze, literal_secrets
from checks.extras import LoggingExtra
from checks.hmac_keys import hmac_keys_logged
from checks.model import Category, Finding, Fix, FixKind, Severity
from checks.parsing import Code
from checks.redact import redact_in
from checks.rulebase import StepContext, rule
from checks.rules.response_output import response_token_findings

FIX_KIND = FixKind.LOGGING
_LINE_REF = re.compile(r" on line \d+")  # labels of error sources name a line; keys must not

RULE_FOR_KIND = {
    SourceKind.SECRET_LITERAL: "SG601",
    SourceKind.SECRET_ENV: "SG601",
    SourceKind.AUTH: "SG601",
    SourceKind.HEADER: "SG602",
    SourceKind.HEADERS: "SG602",
    SourceKind.TRIGGER_EVENT: "SG603",
    SourceKind.REQUEST_ERROR: "SG604",
}
SEVERITY_FOR_KIND = {
    SourceKind.SECRET_LITERAL: Severity.HIGH,
    SourceKind.SECRET_ENV: Severity.HIGH,
    SourceKind.AUTH: Severity.HIGH,
    SourceKind.HEADER: Severity.HIGH,
    SourceKind.HEADERS: Severity.MEDIUM,
    SourceKind.TRIGGER_EVENT: Severity.MEDIUM,
    SourceKind.REQUEST_ERROR: Severity.MEDIUM,
}

# the analysis of a Code object per event mode and migrated names, kept on the object (as
# `checks.auth.facts` does) so SG601-SG604 share it for as long as the Code lives


def step_flows(ctx: StepContext) -> list[Flow]:
    """The data-flow analysis of one step, computed once for all SG6xx rules."""
    code = ctx.code
    if code is None:
        return []
    is_source = ctx.step.is_source
    migrated = ctx.inputs.migrated_env
    mode: _Mode = (bool(is_source and ctx.workflow.trigger.is_http), is_source, migrated)
    return code.memo(
        (step_flows, mode),
        lambda: _analyze(code, http_event=mode[0], is_source=is_source, migrated=migrated),
    )


_Mode = tuple[bool, bool, frozenset[str]]  # HTTP event parameter, source, migrated env names


def _analyze(
    code: Code, *, http_event: bool, is_source: bool, migrated: frozenset[str]
) -> list[Flow]:
    if not (code.language.is_js or code.py_tree is not None):
        return []
    return analyze(
        code,
        http_event_param=http_event,
        source_event_param=is_source,
        sensitive_env=migrated,
    )


def source_display(flow: Flow) -> str:
    """The source as a message shows it (a literal secret's label is already its redaction)."""
    return f"`{flow.taint.label}`"


def _evidence(ctx: StepContext, flow: Flow) -> str:
    code = ctx.code
    assert code is not None
    line_no, _ = code.position(flow.sink_start)
    line_start = code.line_starts[line_no - 1]
    line_end = code.data.find(b"\n", line_start)
    line_end = len(code.data) if line_end == -1 else line_end
    spans, _ = literal_secrets(code)
    pieces: list[str] = []
    cursor = line_start
    for s, e in sorted(spans):
        if e <= line_start or s >= line_end:
            continue
        s, e = max(s, line_start), min(e, line_end)
        pieces.append(code.data[cursor:s].decode("utf-8", "replace"))
        secret = code.data[s:e].decode("utf-8", "replace")
        pieces.append(redact_in(secret, [(0, len(secret))]))
        cursor = e
    pieces.append(code.data[cursor:line_end].decode("utf-8", "replace"))
    return "".join(pieces).strip()[:200]


def _findings(ctx: StepContext, rule_id: str) -> Iterator[Finding]:
    flows = step_flows(ctx)
    if not flows or ctx.code is None:
        return
    seen: set[tuple[int, int]] = set()
    for flow in flows:
        if RULE_FOR_KIND[flow.taint.kind] != rule_id or (flow.start, flow.end) in seen:
            continue
        seen.add((flow.start, flow.end))  # flows arrive primary-first for each value
        mine = [t for t in flow.all_taints if RULE_FOR_KIND[t.kind] == rule_id]
        primary = mine[0] if mine else flow.taint
        line, _ = ctx.code.position(flow.sink_start)
        line += ctx.step.code_line_offset
        shown = replace(flow, taint=primary)
        if flow.via:
            message = f"{source_display(shown)} ({primary.kind.describe}) {_via(ctx, flow, line)}"
        else:
            message = (
                f"{source_display(shown)} ({primary.kind.describe}) reaches `{flow.sink}` "
                f"on line {line} — "
                f"{flow.sink_kind.consequence}"
            )
        if len(mine) > 1:
            others = ", ".join(source_display(replace(flow, taint=t)) for t in mine[1:4])
            message += f" (also {others})"
        extra: LoggingExtra = {
            "source": primary.label,
            "sink": flow.sink,
            "source_kind": primary.kind.value,
            "sink_kind": flow.sink_kind.value,
        }
        if len(mine) > 1:
            extra["sources"] = [t.label for t in mine]
        key_via = ""
        if flow.via:
            extra["via"] = list(flow.via)
            extra["sink_line"] = _via_sink_line(ctx, flow)
            key_via = "|" + ">".join(flow.via)  # not the lines: fingerprints survive moves
        evidence = _evidence(ctx, flow)
        fix = Fix(FIX_KIND, flow.fix_summary) if flow.edits and flow.fix_summary else None
        yield ctx.finding(
            flow.start,
            flow.end,
            message,
            evidence=evidence,
            severity=max(SEVERITY_FOR_KIND[t.kind] for t in mine) if mine else None,
            fix=fix,
            extra=extra,
            key=f"{flow.sink}|{_LINE_REF.sub('', primary.label)}|{evidence}{key_via}",
        )


def _via_sink_line(ctx: StepContext, flow: Flow) -> int:
    """The line of the sink inside the helper a flow goes through."""
    assert ctx.code is not None
    return ctx.code.position(flow.via_sink_start)[0] + ctx.step.code_line_offset


def _via(ctx: StepContext, flow: Flow, call_line: int) -> str:
    """`is passed to `debug()` on line 9, which hands it to `console.log` on line 2 — …`."""
    sink_line = _via_sink_line(ctx, flow)
    first, *rest = flow.via
    through = f" through {' → '.join(f'`{h}()`' for h in rest)}" if rest else ""
    return (
        f"is passed to `{first}()` on line {call_line}, which hands it{through} to "
        f"`{flow.sink}` on line {sink_line} — {flow.sink_kind.consequence}"
    )


_FIX_TEXT = (
    'log `Object.keys(x)` instead of a whole object, mask a string (`x.slice(0, 4) + "…"`), '
    "or remove the log statement"
)


@rule(
    id="SG601",
    name="secret-in-step-output",
    category=Category.LOGGING,
    severity=Severity.HIGH,
    title="Secret reaches a log, export, return value or error",
    explanation="""A secret (a credential written in the code, an env var whose name marks it as
    a secret, a connected account's $auth, or a token read from an HTTP response such as
    `(await res.json()).access_token`) flows into console output, a step export, the
    value `run`/`handler` returns, an HTTP response or a thrown error message. Pipedream keeps
    all of these with the execution, where anyone with access to the workflow can read them.""",
    fix=_FIX_TEXT,
)
def secret_in_step_output(ctx: StepContext) -> Iterator[Finding]:
    yield from _findings(ctx, "SG601")
    yield from response_token_findings(ctx)
    yield from _hmac_key_findings(ctx)


def _hmac_key_findings(ctx: StepContext) -> Iterator[Finding]:
    """An HMAC key (a secret by use) written to the logs (`checks.hmac_keys`)."""
    if ctx.code is None:
        return
    for k in hmac_keys_logged(ctx.code):
        extra: LoggingExtra = {
            "source": f"HMAC key {k.name}",
            "sink": k.sink,
            "source_kind": "hmac-key",
            "sink_kind": "log",
        }
        yield ctx.finding(
            k.start,
            k.end,
            (
                f"`{k.name}` is the key of an HMAC in this function and `{k.sink}` writes it to "
                "the step's logs, which Pipedream keeps with each execution: anyone who reads "
                "them can sign forged requests."
            ),
            evidence=f"{k.sink}(… {k.name} …)",
            extra=extra,
            key=f"hmac-key:{k.sink}:{k.name}",
        )


@rule(
    id="SG602",
    name="request-credential-in-step-output",
    category=Category.LOGGING,
    severity=Severity.HIGH,
    title="Incoming credential or headers reach a log, export or return value",
    explanation="""The trigger request's Authorization, Cookie, API-key or webhook-signature
    header, a token query parameter, or the whole headers object is logged, exported,
    returned or put in an error. Those values let anyone replay requests or impersonate the
    caller, and Pipedream stores them with the step's output.""",
    fix=_FIX_TEXT,
)
def request_credential_in_step_output(ctx: StepContext) -> Iterator[Finding]:
    yield from _findings(ctx, "SG602")


@rule(
    id="SG603",
    name="trigger-event-in-step-output",
    category=Category.LOGGING,
    severity=Severity.MEDIUM,
    title="Whole trigger event logged, exported or returned",
    explanation="""The whole trigger event includes the request headers (Authorization, cookies,
    signatures). Copying it into logs, exports or the return value spreads those headers into
    output that later steps, destinations and log subscribers receive. Log the fields you
    need (`event.body`, `event.method`, `event.path`) instead.""",
    fix=_FIX_TEXT,
)
def trigger_event_in_step_output(ctx: StepContext) -> Iterator[Finding]:
    yield from _findings(ctx, "SG603")


@rule(
    id="SG604",
    name="authenticated-request-error-logged",
    category=Category.LOGGING,
    severity=Severity.MEDIUM,
    title="HTTP client error logged after an authenticated request",
    explanation="""axios and got errors carry the request configuration (`err.config.headers`,
    `err.options.headers`), so logging or serialising the whole error after a request sent with
    an Authorization header, a $auth token or a secret env var writes that credential to the
    step's logs. Log `err.message` or `err.response?.data` instead.""",
    fix="log `err.message` (or `err.response?.data`) instead of the whole error",
)
def authenticated_request_error_logged(ctx: StepContext) -> Iterator[Finding]:
    yield from _findings(ctx, "SG604")
