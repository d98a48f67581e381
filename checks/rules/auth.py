"""Authentication of HTTP triggers and flaws in authentication code (SG301-SG310).

Analysis lives in `checks.auth`; this module only turns its facts into findings.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from checks.auth import analyse_workflow, facts_for
from checks.auth.ctcompare import constant_time_replacement
from checks.auth.facts import StepFacts
from checks.auth.providers import provider_for_headers
from checks.auth.public import public_by_design
from checks.auth.sigflaws import digest_compares, trust_on_first_use, weak_random_secrets
from checks.auth.sources import source_exposure
from checks.auth.workflow import WorkflowAuth, first_work_span
from checks.extras import AuthExtra
from checks.model import Category, Finding, Fix, FixKind, HttpAuth, Severity
from checks.parsing.jsindex import of_type
from checks.rulebase import StepContext, WorkflowContext, rule

AUTH_SNIPPET_FIX = Fix(
    FixKind.INSERT_SNIPPET,
    (
        "Add a first step that checks a shared secret and ends the workflow on failure "
        "(stepguard snippet bearer)"
    ),
)
_ALTERNATIVES = ["bearer", "api-key", "basic", "jwt-hs256", "jwt-jwks"]


def trigger_note(ctx: WorkflowContext, wa: WorkflowAuth) -> str:
    """What stepguard knows about the trigger's own Authorization setting."""
    wf = ctx.workflow
    if wa.inferred_http:
        return (
            " The trigger is not recorded here; the code reads request data only an HTTP "
            "trigger has (headers, query, method) or responds with $.respond, so it looks "
            "HTTP-triggered."
        )

    if wf.trigger.auth is HttpAuth.UNKNOWN:
        where = "the synced workflow.yaml" if wf.is_github_sync else "this export"
        return (
            f" {where[0].upper()}{where[1:]} does not record the HTTP trigger's own Authorization "
            "setting: if the trigger requires a custom token or OAuth, mark it protected "
            "([trigger] protected = true in .stepguard.toml)."
        )
    if wf.trigger.auth is HttpAuth.NONE:
        return " The HTTP trigger's Authorization setting is None."
    return ""


@rule(
    id="SG301",
    name="http-trigger-unauthenticated",
    category=Category.AUTH,
    severity=Severity.HIGH,
    title="HTTP-triggered workflow does work before authenticating the caller",
    explanation="""HTTP trigger URLs are public: anyone who learns one can run the workflow with
    any payload. Unless the trigger's own Authorization setting (custom token or OAuth) is on, the
    first step should check a credential the caller sends (an Authorization header, an API-key
    header, a signature or a query token) and end the workflow when it is wrong, with `return
    $.flow.exit(...)` (Node) or `return pd.flow.exit(...)` (Python), usually after responding 401.
    This rule fires when a step does work (runs an action, calls an API, writes data) before any
    such check. An HTTP event source (`$.interface.http`, also when declared in `additionalProps`)
    is the same kind of entry point: its run() must verify the caller before it emits. A source
    that checks only what any caller can send or learn (the sender's IP address, an identifier
    such as a channel id, clientState or shop domain compared with `!==`, a header like
    `user-agent`) is reported as weak (medium); the generic HTTP source, public by design, at
    low severity. Where the trigger is not recorded (a loose step file), it is judged by what the
    code reads: request headers, the query or method, or `$.respond` mean HTTP (medium); e-mail
    fields (`headers.subject`, `headers.from`, attachments) mean an e-mail trigger (not
    reported); anything else stays unknown and is not assumed to be HTTP. A workflow that only
    reads data without credentials and changes nothing is public by design: low severity.
    Fetching what a check needs is part of it, not work: Pipedream's raw body, or the issuer's
    keys (a GET of a configured JWKS or certificate URL whose response only goes into key import
    and verification).""",
    scope="workflow",
    fix=AUTH_SNIPPET_FIX.summary,
    fix_kind=AUTH_SNIPPET_FIX.kind,
)
def http_trigger_unauthenticated(wctx: WorkflowContext) -> Iterator[Finding]:
    wa = analyse_workflow(wctx)
    if wa.source and not wa.protected_by_trigger:
        yield from _source_unauthenticated(wctx, wa)
        return
    if not wa.http or wa.source or wa.protected_by_trigger or wa.provider is not None:
        return
    if wa.first_work is None or (wa.authenticated and not wa.weak_only):
        return
    if wa.inferred_http and not any(r.facts is not None and r.facts.run_effects for r in wa.roles):
        return  # trigger guessed, and no step has an effect (a template `$.respond`)
    role = wa.roles[wa.first_work]
    ns = role.ctx.step.namespace
    severity = Severity.HIGH
    if wa.weak_only and wa.gate_step is not None:
        gate_ns = wa.roles[wa.gate_step].ctx.step.namespace
        message = (
            f"Step '{gate_ns}' only checks the caller's IP address before the workflow does work; "
            "add a credential check that ends the workflow when it fails."
        )
        severity = Severity.MEDIUM
        role = wa.roles[wa.gate_step]
    elif role.gate is not None and role.first_unprotected is not None:
        message = (
            f"Step '{ns}' does work before its own credential check, so an unauthenticated "
            "request has already had an effect when the check fails."
        )
    else:
        message = (
            f"Anyone who knows this workflow's URL can run it: step '{ns}' does work "
            "before any step checks a credential."
        )
        if wa.late_gate is not None and wa.late_gate != wa.first_work:
            message += (
                f" The check in step '{wa.roles[wa.late_gate].ctx.step.namespace}' comes too late."
            )
    if wa.nonending_verify is not None and wa.nonending_verify.registry is not None:
        r = wa.nonending_verify
        message += (
            f" Step '{r.ctx.step.namespace}' ({r.registry.key}) {r.registry.note}, "  # type: ignore[union-attr]
            "so a failed check does not stop the workflow."
        )
    message += trigger_note(wctx, wa)
    if wa.inferred_http:
        severity = min(severity, Severity.MEDIUM)
    start, end = first_work_span(role) if role.facts is not None else (0, 0)
    if wa.inferred_http and role.facts is not None and role.facts.run_span is not None:
        start = end = role.facts.run_span[0]  # the guess is about the step as an entry point
    public = public_by_design(wa.roles) if wa.http else None
    if public is not None:
        severity = Severity.LOW
        message += (
            f" It looks public by design ({public}): reported at low severity; add a check if "
            "the data or the work is not meant for everyone."
        )
    yield role.ctx.finding(
        start,
        end,
        message,
        evidence=(
            f"{wctx.workflow.trigger.describe()}; first work in step '{role.ctx.step.namespace}'"
        ),
        severity=severity,
        rule=wctx.rule,
        fix=AUTH_SNIPPET_FIX,
        extra={
            "snippet": "bearer",
            "alternatives": _ALTERNATIVES,
            "insert_before_step": wa.roles[wa.first_work].ctx.step.namespace,
            "trigger_auth": wctx.workflow.trigger.auth.value,
            "can_mark_protected": wctx.workflow.is_github_sync,
        },
        key=f"unauthenticated:{role.ctx.step.namespace}",
    )


def _source_unauthenticated(wctx: WorkflowContext, wa: WorkflowAuth) -> Iterator[Finding]:
    """An HTTP event source whose run() emits for any caller, or only behind weak gates."""
    role = wa.roles[0]
    if role.facts is None:
        return
    exposure = source_exposure(role.ctx, role.facts)
    if exposure is None:
        return
    signs = (
        f" {wa.provider.provider.display} signs its deliveries: verify that signature."
        if wa.provider is not None and wa.provider.provider.signature_headers
        else ""
    )
    if exposure.kind == "weak":
        whats = " and ".join(dict.fromkeys(g.what for g in exposure.gates))
        message = (
            f"This event source's only gate is {whats}: that identifies a delivery but does not "
            "authenticate it, so anyone who knows the endpoint URL (and has seen one delivery, "
            "or can send from an allowed address) can make it emit events. Check a secret the "
            f"caller must prove (a signature or a token) before emitting.{signs}"
        )
        severity = Severity.MEDIUM
        key = "source-weak-gate"
    else:
        message = (
            "Anyone who knows this event source's endpoint URL can make it emit events: run() "
            "checks no signature, token or other credential before it works on the request."
            f"{signs}"
        )
        severity = Severity.HIGH
        key = "source-unauthenticated"
    if exposure.public_by_design:
        message += (
            " This is a generic HTTP endpoint, public by design (it exists to take any "
            "request): keep what it emits to data you would publish, or add a token check."
        )
        severity = Severity.LOW
    yield role.ctx.finding(
        exposure.start,
        exposure.end,
        message,
        evidence=f"{wctx.workflow.trigger.describe()}; event source",
        severity=severity,
        rule=wctx.rule,
        fix=AUTH_SNIPPET_FIX,
        extra={
            "snippet": "bearer",
            "alternatives": _ALTERNATIVES,
            "event_source": True,
            "weak_gates": [g.kind for g in exposure.gates],
            "public_by_design": exposure.public_by_design,
        },
        key=key,
    )


@rule(
    id="SG302",
    name="credential-compare-not-constant-time",
    category=Category.AUTH,
    severity=Severity.MEDIUM,
    title="Secret or signature compared with == / ===",
    explanation="""Ordinary string equality stops at the first differing character, so response
    times leak how much of a guessed token or signature is right. Compare secrets and signatures
    with `crypto.timingSafeEqual` on equal-length Buffers (check the lengths first: it throws when
    they differ) in Node, or `hmac.compare_digest` in Python.""",
    fix="Compare with crypto.timingSafeEqual after a length check (hmac.compare_digest in Python)",
    fix_kind=FixKind.EDIT,
)
def credential_compare(ctx: StepContext) -> Iterator[Finding]:
    facts = facts_for(ctx)
    if facts is None:
        return
    safe = (
        "hmac.compare_digest"
        if ctx.code is not None and ctx.code.language.value == "python"
        else "crypto.timingSafeEqual"
    )
    provider = provider_for_headers(facts.header_names)
    extra: AuthExtra = (
        {"provider": provider.name, "snippet": provider.snippet_name} if provider else {}
    )
    if ctx.code is not None:  # digests from helpers, Buffer.compare (checks.auth.sigflaws)
        for i, d in enumerate(digest_compares(ctx.code)):
            if any(c.start < d.end and d.start < c.end for c in facts.compares):
                continue
            yield ctx.finding(
                d.start,
                d.end,
                f"`{d.what}` compares a computed signature digest in non-constant time; "
                f"use {safe}.",
                evidence=f"{d.what} on a computed digest",  # no code text: it may hold a key
                extra=extra.copy(),
                key=f"digest-compare:{d.what}:{i}",
            )
    for c in facts.compares:
        if c.literal is not None:
            continue
        what = "a value taken from the request" if c.request_derived else "a secret or signature"
        found = extra.copy()
        rewrite = constant_time_replacement(ctx.code, c.start, c.end) if ctx.code else None
        if rewrite is not None:  # an exact in-place rewrite (checks.fixes.replace applies it)
            found["replacement"] = rewrite
        yield ctx.finding(
            c.start,
            c.end,
            f"`{c.op}` compares {what} in non-constant time; use {safe}.",
            evidence=c.evidence,
            extra=found,
            key=f"compare:{c.evidence}",
        )


@rule(
    id="SG303",
    name="timing-safe-equal-length-unchecked",
    category=Category.AUTH,
    severity=Severity.LOW,
    title="timingSafeEqual without a length check",
    explanation="""`crypto.timingSafeEqual` throws a RangeError when its two Buffers differ in
    length, so a request with a short or missing signature crashes the step with an error instead
    of being rejected cleanly (and error notifications fire for every probe). Check `a.length ===
    b.length` first, or catch the error and reject.""",
    fix="Compare the Buffer lengths before calling timingSafeEqual and reject when they differ",
    fix_kind=FixKind.EDIT,
)
def timing_safe_equal_length(ctx: StepContext) -> Iterator[Finding]:
    facts = facts_for(ctx)
    if facts is None:
        return
    for s in facts.safe_equals:
        if not s.length_checked:
            yield ctx.finding(
                s.start,
                s.end,
                (
                    "timingSafeEqual throws when the lengths differ; check the lengths first and "
                    "reject the request."
                ),
                key="timingSafeEqual",
            )


@rule(
    id="SG304",
    name="hardcoded-expected-credential",
    category=Category.AUTH,
    severity=Severity.HIGH,
    title="Expected credential hard-coded in the check",
    explanation="""The value a request's token, key or signature header is compared with is written
    in the code. Everyone who can read the workflow (or its GitHub-Sync repository) can call it,
    and rotating the credential means editing code. Keep the expected value in an environment
    variable and compare in constant time.""",
    fix=(
        "Move the expected value to an environment variable and compare with timingSafeEqual "
        "/ compare_digest"
    ),
    fix_kind=FixKind.EDIT,
)
def hardcoded_expected(ctx: StepContext) -> Iterator[Finding]:
    facts = facts_for(ctx)
    if facts is None:
        return
    for c in facts.compares:
        if c.literal is None:
            continue
        yield ctx.finding(
            c.start,
            c.end,
            "A request credential is compared with a value written in the code; keep the expected "
            "value in an environment variable (and compare in constant time).",
            evidence=c.evidence,
            extra={"literal_start": c.literal_start, "literal_end": c.literal_end},
            key=f"hardcoded:{c.evidence}",
        )


@rule(
    id="SG305",
    name="auth-failure-does-not-stop",
    category=Category.AUTH,
    severity=Severity.HIGH,
    title="Failed authentication does not stop the workflow",
    explanation="""When a credential or signature check fails, the workflow must end at once:
    `return $.flow.exit(...)` / `return pd.flow.exit(...)` (throwing also ends it, but reports an
    error). A bare `$.flow.exit()` lets the rest of the step run first (reported when
    that rest has an effect); a plain `return` ends only
    the current step, so later steps still run; a failure branch that only logs, or responds 2xx,
    lets the request through.""",
    fix='End the failure branch with `return $.flow.exit("unauthorized")` after responding 401',
    fix_kind=FixKind.EDIT,
)
def auth_failure_continues(ctx: StepContext) -> Iterator[Finding]:
    facts = facts_for(ctx)
    if facts is None:
        return
    later_steps = ctx.step.index < len(ctx.workflow.steps) - 1 and not ctx.step.is_source
    for g in facts.gates:
        if g.kind in ("guard",) or (not facts.in_run(g.start) and not ctx.step.is_source):
            continue
        if g.respond_status is not None and 200 <= g.respond_status < 300 and g.fail_end:
            yield ctx.finding(
                g.fail_start,
                g.fail_end,
                (
                    f"The failure branch of this check responds {g.respond_status}, telling the "
                    "caller the request was accepted."
                ),
                key=f"2xx:{g.respond_status}",
            )
        if g.kind == "bare-exit":
            if not _acts_after(ctx, facts, g.exit_end):
                continue  # nothing with an effect runs after it: the step ends harmlessly
            call = ctx.code.slice(g.exit_start, g.exit_end) if ctx.code else ""
            line_start = ctx.code.data.rfind(b"\n", 0, g.exit_start) + 1 if ctx.code else 0
            alone = ctx.code is not None and not ctx.code.data[line_start : g.exit_start].strip()
            yield ctx.finding(
                g.exit_start,
                g.exit_end,
                (
                    "`$.flow.exit()` without `return` lets the rest of this step run before the "
                    "workflow "
                    "ends; write `return $.flow.exit(...)`."
                ),
                extra={"replacement": f"return {call}"} if alone and call else {},
                key="bare-exit",
            )
        elif g.kind == "none" and g.fail_end and g.fail_signals:
            yield ctx.finding(
                g.fail_start,
                g.fail_end,
                (
                    "The branch taken when the check fails neither returns, throws nor ends the "
                    "workflow, "
                    "so the request is processed anyway."
                ),
                key="no-exit",
            )
        elif g.kind == "return" and later_steps:
            yield ctx.finding(
                g.fail_start,
                g.fail_end,
                (
                    "A plain `return` ends only this step: later steps still run for the "
                    "rejected request. "
                    "Use `return $.flow.exit(...)`."
                ),
                key="step-return",
            )


def _acts_after(ctx: StepContext, facts: StepFacts, offset: int) -> bool:
    """Something after `offset` in the step has an effect or returns a value (the request's
    data becoming the step's result)."""
    if any(e.start >= offset for e in facts.effects):
        return True
    code = ctx.code
    if code is None:
        return False
    if code.language.is_js:
        return any(
            n.start_byte >= offset and n.named_child_count > 0
            for n in of_type(code, "return_statement")
        )
    return any(
        isinstance(n, ast.Return) and n.value is not None and code.py_node_offsets(n)[0] >= offset
        for n in code.py_nodes
    )


@rule(
    id="SG306",
    name="header-name-not-lowercase",
    category=Category.AUTH,
    severity=Severity.MEDIUM,
    title="Request header read with capital letters",
    explanation="""Pipedream lower-cases the names of incoming request headers, so
    `headers["X-Hub-Signature-256"]` or `headers.Authorization` is always undefined. A check built
    on it either rejects everything or, worse, compares undefined with another missing value and
    lets everything through. Use the lower-case name.""",
    fix="Use the lower-case header name",
    fix_kind=FixKind.LOWERCASE_HEADER,
)
def header_not_lowercase(ctx: StepContext) -> Iterator[Finding]:
    facts = facts_for(ctx)
    if facts is None or ctx.code is None:
        return
    for h in facts.header_reads:
        if h.kind != "header" or not h.name or h.name == h.name.lower():
            continue
        if not (h.certain or facts.reads_trigger_event):
            continue
        if ctx.code.slice(h.key_start, h.key_end) != h.name:
            continue  # escapes or odd quoting: no mechanical fix
        lower = h.name.lower()
        yield ctx.finding(
            h.key_start,
            h.key_end,
            (
                f"Pipedream lower-cases request header names, so '{h.name}' is never present; "
                f"read '{lower}'."
            ),
            severity=Severity.HIGH if h.credential else Severity.MEDIUM,
            fix=Fix(FixKind.LOWERCASE_HEADER, f"Read the header as '{lower}'"),
            extra={"replacement": lower, "start_byte": h.key_start, "end_byte": h.key_end},
            key=f"header:{h.name}",
        )


@rule(
    id="SG307",
    name="async-verifier-not-awaited",
    category=Category.AUTH,
    severity=Severity.HIGH,
    title="Async verification function called without await",
    explanation="""An async function returns a Promise, and a Promise is always truthy: `if
    (!verify(req))` never takes the failure branch and `verify(req)` as a statement never stops the
    workflow. Await the verifier.""",
    fix="Put `await` before the call",
    fix_kind=FixKind.EDIT,
)
def async_not_awaited(ctx: StepContext) -> Iterator[Finding]:
    facts = facts_for(ctx)
    if facts is None or ctx.code is None:
        return
    for a in facts.unawaited:
        call = ctx.code.slice(a.start, a.end)
        extra: AuthExtra = (
            {"replacement": f"(await {call})", "start_byte": a.start, "end_byte": a.end}
            if len(call) < 400
            else {}
        )
        yield ctx.finding(
            a.start,
            a.end,
            (
                f"'{a.name}' is async but is called without await, so its result is a Promise "
                "that always "
                "counts as success."
            ),
            extra=extra,
            key=f"unawaited:{a.name}",
        )


@rule(
    id="SG308",
    name="verification-secret-logged",
    category=Category.AUTH,
    severity=Severity.MEDIUM,
    title="Verification secret or signature logged",
    explanation="""Verification code writes a secret, a received signature or a computed signature
    to the logs or step exports, which Pipedream stores with each execution. A logged signing
    secret lets anyone with access to the logs forge requests; logged signatures help replay
    them.""",
    fix="Remove the value from the log line (log only that the check passed or failed)",
    fix_kind=FixKind.EDIT,
)
def secret_logged(ctx: StepContext) -> Iterator[Finding]:
    facts = facts_for(ctx)
    if facts is None or not (facts.verifies or facts.credential_reads):
        return
    for log in facts.logs:
        yield ctx.finding(
            log.start,
            log.end,
            (
                f"Verification code logs '{log.what}' "
                f"({'a secret' if log.kind == 'secret' else 'a signature'})."
            ),
            evidence=f"logs {log.what}",
            severity=Severity.HIGH if log.kind == "secret" else Severity.LOW,
            key=f"log:{log.what}",
        )


@rule(
    id="SG309",
    name="secret-from-weak-random",
    category=Category.AUTH,
    severity=Severity.MEDIUM,
    title="Secret generated with Math.random",
    explanation="""A webhook secret, token or client state is made with `Math.random()`, which is
    not a cryptographically secure generator: its output can be predicted from a few observed
    values, so a caller can guess the secret the check relies on. Bad:
    `generateSecret() { return "" + Math.random(); }`. Good:
    `crypto.randomBytes(32).toString("hex")` (or `crypto.randomUUID()`); in Python
    `secrets.token_hex(32)`.""",
    fix='Generate it with crypto.randomBytes(32).toString("hex") (secrets.token_hex in Python)',
    fix_kind=FixKind.MANUAL,
)
def weak_random_secret(ctx: StepContext) -> Iterator[Finding]:
    if ctx.code is None:
        return
    for w in weak_random_secrets(ctx.code):
        yield ctx.finding(
            w.start,
            w.end,
            (
                f"`{w.what}` is generated with Math.random(), which is predictable (not a "
                'CSPRNG); use crypto.randomBytes(32).toString("hex").'
            ),
            evidence=f"Math.random() for {w.what}",
            key=f"weak-random:{w.what}",
        )


@rule(
    id="SG310",
    name="secret-trust-on-first-use",
    category=Category.AUTH,
    severity=Severity.HIGH,
    title="Secret taken from an incoming request (trust on first use)",
    explanation="""The code stores a secret or token it received in a request (a handshake header,
    a body field) and checks later requests against it. Whoever reaches the endpoint first — or
    whoever sends a new handshake later, when nothing stops the value being replaced — chooses
    the secret, and from then on their forged requests pass. Bad:
    `this.db.set("secret", event.headers["x-hook-secret"])` in `run`. Good: take the secret from
    the provider's API when the webhook is created (in `activate`), or accept a handshake only
    while one is expected (right after creating the webhook) and never overwrite a stored secret
    from a request.""",
    fix="Get the secret when creating the webhook (activate) or accept one handshake only",
    fix_kind=FixKind.MANUAL,
)
def secret_trust_on_first_use(ctx: StepContext) -> Iterator[Finding]:
    if ctx.code is None:
        return
    for t in trust_on_first_use(ctx.code):
        yield ctx.finding(
            t.start,
            t.end,
            (
                f"`{t.what}` is stored from an incoming request: whoever sends it first chooses "
                "the secret later requests are checked against (trust on first use)."
            ),
            evidence=f"stores {t.what} from the request",
            key=f"tofu:{t.what}",
        )
