"""Webhook signature verification (SG401-SG406): missing verification for a known provider,
signatures over re-serialised JSON, unchecked timestamps and algorithms taken from the request.
Analysis lives in `checks.auth`.
"""

from __future__ import annotations

from collections.abc import Iterator

from checks.auth import analyse_workflow, facts_for
from checks.auth.providers import Provider, provider_for_headers, providers_for_header
from checks.auth.sigflaws import (
    always_true_verifiers,
    bodiless_digests,
    echoed_digests,
    fails_open,
    parsed_body_hmacs,
)
from checks.auth.sources import source_exposure, verifier_timestamp_argument
from checks.auth.workflow import first_work_span
from checks.extras import SignatureExtra
from checks.model import Category, Finding, Fix, FixKind, Severity
from checks.rulebase import StepContext, WorkflowContext, rule
from checks.rules.auth import trigger_note


def snippet_fix(provider: Provider) -> Fix:
    what = (
        f"the {provider.display} signature"
        if provider.signature_headers
        else f"the {provider.display} secret token"
    )
    return Fix(
        FixKind.INSERT_SNIPPET,
        f"Add a first step that verifies {what} (stepguard snippet {provider.snippet_name})",
    )


@rule(
    id="SG401",
    name="webhook-signature-not-verified",
    category=Category.SIGNATURE,
    severity=Severity.HIGH,
    title="Webhook from a known provider handled without verifying its signature",
    explanation="""The workflow (or event source) handles webhooks from a provider that signs its
    deliveries (Stripe, GitHub, Slack, Shopify, …), but nothing checks the signature before the
    work is done, so anyone who finds the URL can forge events (fake payments, fake pushes). Verify
    the provider's signature over the raw body in the first step and end the workflow when it does
    not match. Also reported: a check that runs only when the signature header is present
    (`if (sig) { verify… }` lets a request without it through: fails open) and a verify hook that
    always returns true (verification switched off).""",
    scope="workflow",
    fix="Add a first step that verifies the provider's signature (stepguard snippet <provider>)",
    fix_kind=FixKind.INSERT_SNIPPET,
)
def webhook_signature_missing(wctx: WorkflowContext) -> Iterator[Finding]:
    yield from _fails_open(wctx)
    yield from _unverified_provider(wctx)


def _fails_open(wctx: WorkflowContext) -> Iterator[Finding]:
    """Verification that runs only when the signature header is there, or a verify hook that
    always returns true (checks.auth.sigflaws)."""
    for ctx in wctx.steps:
        if ctx.code is None:
            continue
        for f in fails_open(ctx.code):
            yield ctx.finding(
                f.start,
                f.end,
                (
                    f"The signature is verified only when `{f.what}` is present: a request "
                    "without it skips the check and is accepted (fails open). Reject requests "
                    "that carry no signature before verifying."
                ),
                rule=wctx.rule,
                fix=None,
                evidence=f"if ({f.what}) {{ verify }}",
                key=f"fails-open:{f.what}",
            )
        for f in always_true_verifiers(ctx.code):
            yield ctx.finding(
                f.start,
                f.end,
                (
                    f"Verification is switched off: `{f.what}()` always returns true, so every "
                    "request passes it. Verify the signature or token there, or remove the hook."
                ),
                rule=wctx.rule,
                fix=None,
                evidence=f"{f.what}() returns true",
                key=f"always-true:{f.what}",
            )


def _unverified_provider(wctx: WorkflowContext) -> Iterator[Finding]:
    wa = analyse_workflow(wctx)
    match = wa.provider
    if match is None or not (wa.http or wa.source) or wa.protected_by_trigger:
        return
    if wa.authenticated and not wa.weak_only:
        return
    src = wa.roles[0] if wa.source else None
    if src is not None and src.facts is not None and source_exposure(src.ctx, src.facts) is None:
        return  # verified through the app or an SDK (`this.stripe.sdk().webhooks…`)
    p = match.provider
    why = "; ".join(match.reasons[:3])
    kind = "event source" if wa.source else "workflow"
    sig = ", ".join(p.signature_headers) or ", ".join(p.extra_signature_fields) or "signature"
    severity = Severity.HIGH
    if wa.weak_only:
        lead = (
            f"This {kind} handles {p.display} webhooks ({why}) but only checks the "
            "sender's IP address"
        )
        severity = Severity.MEDIUM
    elif wa.source:
        lead = f"This event source handles {p.display} webhooks ({why}) but never verifies {sig}"
    else:
        first = wa.roles[wa.first_work].ctx.step.namespace if wa.first_work is not None else None
        where = f" before step '{first}' does work" if first else ""
        lead = (
            f"This workflow handles {p.display} webhooks ({why}) but nothing verifies {sig}{where}"
        )
    if wa.source:
        message = (
            f"{lead}; anyone who knows the endpoint URL can make it emit forged events. Verify the "
            f"signature in run() before emitting (stepguard snippet {p.snippet_name})."
        )
    else:
        message = (
            f"{lead}; anyone who knows the URL can send forged events. Add a first step that "
            f"verifies it (stepguard snippet {p.snippet_name})."
        )
    if wa.nonending_verify is not None and wa.nonending_verify.registry is not None:
        r = wa.nonending_verify
        message += f" Step '{r.ctx.step.namespace}' ({r.registry.key}) {r.registry.note}."  # type: ignore[union-attr]
    if not wa.source:
        message += trigger_note(wctx, wa)
    if match.anchor_step is not None and match.anchor_span != (0, 0):
        role = wa.roles[match.anchor_step]
        start, end = match.anchor_span
    elif wa.source:
        role = wa.roles[0]
        span = role.facts.run_span if role.facts is not None else None
        start = end = span[0] if span else 0
    else:
        idx = wa.first_work if wa.first_work is not None else (match.anchor_step or 0)
        role = wa.roles[idx]
        start, end = first_work_span(role) if role.facts is not None else (0, 0)
        if (start, end) == (0, 0) and role.facts is not None and role.facts.run_span is not None:
            start = end = role.facts.run_span[0]
    yield role.ctx.finding(
        start,
        end,
        message,
        evidence=f"{p.display} webhook: {why}"[:200],
        severity=severity,
        rule=wctx.rule,
        fix=snippet_fix(p),
        extra={
            "snippet": p.snippet_name,
            "provider": p.name,
            "signature_headers": list(p.signature_headers),
            "evidence": match.reasons,
            "event_source": wa.source,
        },
        key=f"unverified:{p.name}",
    )


@rule(
    id="SG402",
    name="signature-over-reserialized-json",
    category=Category.SIGNATURE,
    severity=Severity.MEDIUM,
    title="Signature computed over re-serialised JSON",
    explanation="""Providers sign the exact bytes they sent. `JSON.stringify(event.body)`,
    `json.dumps(body)` or the parsed `event.body` itself produce different bytes (key order,
    spacing, escaping, number formats), so genuine deliveries fail verification and the check
    tends to get loosened or removed. Sign the raw body: `event.bodyRaw` in an event source, or
    the raw body a workflow gets with `pipedream_upload_body=1`
    (`steps.trigger.event.body.raw_body_url`).""",
    fix="Compute the HMAC over the raw request body (bodyRaw / raw_body_url)",
    fix_kind=FixKind.EDIT,
)
def reserialized_json(ctx: StepContext) -> Iterator[Finding]:
    if ctx.code is not None:
        for p in parsed_body_hmacs(ctx.code):
            yield ctx.finding(
                p.start,
                p.end,
                (
                    f"The HMAC is computed over the parsed body (`{p.what}`), not the raw bytes "
                    "the provider signed; use event.bodyRaw."
                ),
                evidence=f"HMAC update({p.what})",
                key=f"parsed-body:{p.what}",
            )
    facts = facts_for(ctx)
    if facts is None:
        return
    provider = provider_for_headers(facts.header_names)
    extra: SignatureExtra = (
        {"provider": provider.name, "snippet": provider.snippet_name} if provider else {}
    )
    for h in facts.hmacs:
        if h.reserialized:
            yield ctx.finding(
                h.reserialized_start,
                h.reserialized_end,
                (
                    "The signature is computed over re-serialised JSON, not the raw body the "
                    "provider signed."
                ),
                extra=extra.copy(),
                key="reserialized",
            )


def _timestamp_provider(ctx: StepContext) -> Provider | None:
    facts = facts_for(ctx)
    if facts is None:
        return None
    for name in sorted(facts.header_names):
        for p in providers_for_header(name):
            if p.timestamp:
                return p
    return None


@rule(
    id="SG403",
    name="signature-timestamp-not-checked",
    category=Category.SIGNATURE,
    severity=Severity.MEDIUM,
    title="Signed timestamp never compared with the current time",
    explanation="""Schemes such as Stripe, Slack, Calendly, Standard Webhooks/Svix, Zoom, HubSpot
    v3, Twitch, Webflow, Box and Paddle sign a timestamp so receivers can reject old deliveries.
    The code feeds the timestamp into the HMAC but never compares it with `Date.now()` /
    `time.time()`, so a captured request can be replayed forever.""",
    fix="Reject requests whose timestamp is outside the provider's tolerance (e.g. 5 minutes)",
    fix_kind=FixKind.EDIT,
)
def timestamp_not_checked(ctx: StepContext) -> Iterator[Finding]:
    facts = facts_for(ctx)
    if facts is None or facts.freshness_check:
        return
    provider = _timestamp_provider(ctx)
    for h in facts.hmacs:
        if not h.timestamp_signed:
            continue
        window = ""
        if provider is not None and provider.tolerance:
            window = f" ({provider.display}: within {provider.tolerance} s)"
        yield ctx.finding(
            h.start,
            h.end,
            (
                "The signed content includes a timestamp, but the code never checks that it is "
                f"recent{window}; "
                "old requests can be replayed."
            ),
            extra={
                "provider": provider.name if provider else None,
                "tolerance": provider.tolerance if provider else None,
            },
            key="timestamp",
        )
        return
    if ctx.code is None:
        return
    for start, end, name in facts.verifier_calls:
        stamp = verifier_timestamp_argument(ctx.code, start, end)
        if stamp is None:
            continue
        yield ctx.finding(
            start,
            end,
            (
                f"`{name}` is given the signed timestamp ({stamp}) but nothing checks that it is "
                "recent, and this verifier does not either; old deliveries can be replayed. "
                "Reject timestamps older than a few minutes before verifying."
            ),
            extra={"provider": None, "tolerance": None},
            key=f"timestamp:{name}",
        )
        return


@rule(
    id="SG404",
    name="hmac-algorithm-from-request",
    category=Category.SIGNATURE,
    severity=Severity.HIGH,
    title="HMAC algorithm chosen by the request",
    explanation="""The hash algorithm for signature verification comes from the request (a header,
    query parameter or body field). An attacker can pick a weak or unexpected algorithm. Fix the
    algorithm in the code to what the provider documents.""",
    fix="Hard-code the provider's algorithm (e.g. 'sha256')",
    fix_kind=FixKind.EDIT,
)
def algorithm_from_request(ctx: StepContext) -> Iterator[Finding]:
    facts = facts_for(ctx)
    if facts is None:
        return
    for h in facts.hmacs:
        if h.alg_from_request:
            yield ctx.finding(
                h.alg_start,
                h.alg_end,
                (
                    "The HMAC algorithm is taken from the request; use the algorithm the "
                    "provider documents."
                ),
                key="alg",
            )


@rule(
    id="SG405",
    name="signature-does-not-cover-body",
    category=Category.SIGNATURE,
    severity=Severity.MEDIUM,
    title="Signature check does not cover the request body",
    explanation="""The digest the code compares with the request's signature is computed over a
    secret and a timestamp only, never the body. One captured signature header then authorises
    any payload for as long as its timestamp is accepted: the check proves someone once saw a
    valid header, not that this request is genuine. Bad:
    `createHash("sha256").update(`${this.secret}${timestamp}`)`. Good: an HMAC keyed with the
    secret over the timestamp and the raw body,
    `createHmac("sha256", secret).update(`${timestamp}.${event.bodyRaw}`)`, where the provider
    offers such a scheme.""",
    fix="Sign the timestamp and the raw body with an HMAC keyed by the secret",
    fix_kind=FixKind.MANUAL,
)
def signature_without_body(ctx: StepContext) -> Iterator[Finding]:
    if ctx.code is None:
        return
    for b in bodiless_digests(ctx.code):
        yield ctx.finding(
            b.start,
            b.end,
            (
                f"The signature digest covers only a secret and a timestamp (`{b.what}`), not "
                "the request body: one captured signature authorises any payload within the "
                "timestamp window."
            ),
            evidence=f"digest over {b.what}",
            key=f"bodiless:{b.what}",
        )


@rule(
    id="SG406",
    name="signature-echoed-to-caller",
    category=Category.SIGNATURE,
    severity=Severity.HIGH,
    title="Computed signature sent back to the caller",
    explanation="""The step computes the HMAC (or hash) it expects and puts it in the HTTP
    response (`$.respond({ body: digest })`, a response header). Whoever calls the endpoint then
    gets the valid signature for any payload they choose, and can replay it with that payload:
    the endpoint is a signing oracle and the check proves nothing. Bad:
    `return $.respond({ status: 401, body: { expected: digest } })`. Good: respond with a status
    and a fixed message only, and log nothing that lets a caller rebuild the signature.""",
    fix="Respond with a status and a fixed message; never include the computed signature",
    fix_kind=FixKind.MANUAL,
)
def signature_echoed(ctx: StepContext) -> Iterator[Finding]:
    if ctx.code is None:
        return
    for e in echoed_digests(ctx.code):
        yield ctx.finding(
            e.start,
            e.end,
            (
                f"The computed signature (`{e.what}`) is sent back in the HTTP response: any "
                "caller can learn the valid signature for a payload of its choice (a signing "
                "oracle)."
            ),
            evidence=f"responds with {e.what}",
            key=f"echoed:{e.what}",
        )
