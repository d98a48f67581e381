"""Workflow view: is an HTTP workflow authenticated before it does work; whose webhook is it?"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from checks.auth.analysis import facts_for
from checks.auth.facts import Gate, StepFacts
from checks.auth.providers import (
    PROVIDERS,
    Provider,
    any_provider_literal,
    provider_for_app,
    provider_for_literal,
    providers_for_header,
)
from checks.auth.registry import RegistryAuth, registry_auth
from checks.auth.trigger_kind import Guess, event_paths, guess_trigger
from checks.model import HttpAuth, Language
from checks.parsing.vocabulary import words

if TYPE_CHECKING:
    from checks.rulebase import StepContext, WorkflowContext

_WEBHOOK_WORDS = frozenset(
    {
        "webhook",
        "webhooks",
        "hook",
        "hooks",
        "events",
        "event",
        "listener",
        "callback",
        "callbacks",
        "receiver",
        "handler",
        "ipn",
        "notifications",
    }
)
_GENERIC_HEADERS = frozenset(
    {
        "x-signature",
        "webhook-id",
        "x-webhook-id",
        "x-webhook-subscription",
        "x-hub-signature",
        "x-event-name",
    }
)


def _providers_by_body_key() -> dict[str, tuple[Provider, ...]]:
    """Payload key -> the providers that list it, in PROVIDERS order (the order reasons get)."""
    out: dict[str, list[Provider]] = {}
    for p in PROVIDERS:
        for key in dict.fromkeys(p.body_keys):
            out.setdefault(key, []).append(p)
    return {key: tuple(ps) for key, ps in out.items()}


_BY_BODY_KEY = _providers_by_body_key()
_NAME_WORDS = tuple((p, frozenset(p.name_words)) for p in PROVIDERS if p.name_words)
_ALL_NAME_WORDS = frozenset().union(*(ws for _p, ws in _NAME_WORDS))


@dataclass
class StepRole:
    index: int
    ctx: StepContext
    facts: StepFacts | None
    registry: RegistryAuth | None = None
    gate: Gate | None = None  # the first gate that ends the workflow (or the step) on failure
    protects_later: bool = False  # a gate precedes all of this step's own work
    is_work: bool = False
    first_unprotected: tuple[int, int] | None = None  # effect before the gate, inside the step


@dataclass
class ProviderMatch:
    provider: Provider
    score: int
    reasons: list[str]
    anchor_step: int | None = None  # index into roles
    anchor_span: tuple[int, int] = (0, 0)


@dataclass
class WorkflowAuth:
    http: bool
    inferred_http: bool  # trigger not recorded; what the code reads says HTTP (trigger_kind)
    protected_by_trigger: bool
    roles: list[StepRole] = field(default_factory=list)
    first_work: int | None = None
    gate_step: int | None = None
    late_gate: int | None = None
    weak_only: bool = False  # the only check is on the sender's IP address
    nonending_verify: StepRole | None = None
    provider: ProviderMatch | None = None
    source: bool = False  # an event-source component (single file)
    guess: Guess = Guess.NONE  # trigger not recorded: what the code reads points to

    @property
    def authenticated(self) -> bool:
        return self.gate_step is not None and (
            self.first_work is None or self.gate_step <= self.first_work
        )


def _role(index: int, ctx: StepContext) -> StepRole:
    step = ctx.step
    facts = facts_for(ctx)
    role = StepRole(index, ctx, facts)
    if facts is None:
        reg = registry_auth(step.registry_action)
        role.registry = reg
        if reg is not None and reg.ends_workflow:
            role.protects_later = True
        else:
            role.is_work = True  # a registry action, or a step whose code we cannot see
        return role
    if step.language not in (Language.NODE, Language.TYPESCRIPT, Language.PYTHON):
        role.is_work = bool(ctx.code and ctx.code.text.strip())
        return role
    gates = [g for g in facts.gates if facts.in_run(g.start) and g.kind != "none"]
    ending = sorted((g for g in gates if g.kind != "guard"), key=lambda g: g.start)
    effects = facts.run_effects
    guards = [g for g in gates if g.kind == "guard"]

    def protected(start: int) -> bool:
        if any(g.end <= start for g in ending):
            return True
        return any(g.guard_start <= start < g.guard_end for g in guards if g.guard_end)

    unprotected = [e for e in effects if not protected(e.start)]
    if ending:
        role.gate = ending[0]
        if unprotected:
            role.is_work = True
            role.first_unprotected = (unprotected[0].start, unprotected[0].end)
        else:
            role.protects_later = True
    else:
        role.is_work = True
        if unprotected:
            role.first_unprotected = (unprotected[0].start, unprotected[0].end)
        elif guards:
            role.gate = guards[0]
    return role


def analyse_workflow(wctx: WorkflowContext) -> WorkflowAuth:
    """Each step's role, where the first work and the first check are, and the provider."""
    cached = getattr(wctx, "_stepguard_auth", None)
    if isinstance(cached, WorkflowAuth):
        return cached
    wf = wctx.workflow
    trigger = wf.trigger
    roles = [_role(i, ctx) for i, ctx in enumerate(wctx.steps)]
    source = len(roles) == 1 and wctx.steps[0].step.is_source and trigger.is_http
    guess = Guess.NONE
    if trigger.kind.value == "unknown" and not source:  # judged by what the steps read
        guess = guess_trigger(p for r in roles if r.ctx.code for p in event_paths(r.ctx.code))
    inferred = guess is Guess.HTTP
    result = WorkflowAuth(
        http=trigger.is_http or inferred,
        inferred_http=inferred,
        protected_by_trigger=trigger.auth in (HttpAuth.CUSTOM_TOKEN, HttpAuth.OAUTH)
        or trigger.marked_protected,
        roles=roles,
        source=source,
        guess=guess,
    )
    weak_step: int | None = None
    for r in roles:
        if r.protects_later:
            if r.gate is not None and r.gate.strength == "ip":
                weak_step = r.index if weak_step is None else weak_step
                continue
            result.gate_step = r.index
            break
        if (
            r.registry is not None
            and not r.registry.ends_workflow
            and result.nonending_verify is None
        ):
            result.nonending_verify = r
        if r.is_work:
            result.first_work = r.index
            break
    if result.gate_step is None and weak_step is not None:
        result.gate_step, result.weak_only = weak_step, True
    if result.first_work is not None:
        for r in roles[result.first_work :]:
            if r.protects_later or (r.gate is not None and r.gate.ends_workflow):
                result.late_gate = r.index
                break
    if source and roles[0].facts is not None:
        f = roles[0].facts
        strong = f.verifies
        result.gate_step = 0 if (strong or any(g.strength == "ip" for g in f.gates)) else None
        result.weak_only = not strong and result.gate_step is not None
        result.first_work = 0
    result.provider = identify_provider(wctx, roles, source)
    with contextlib.suppress(AttributeError):
        wctx._stepguard_auth = result  # type: ignore[attr-defined]
    return result


def identify_provider(
    wctx: WorkflowContext, roles: list[StepRole], source: bool
) -> ProviderMatch | None:
    """The webhook provider this workflow (or source) most likely handles (code, names, apps)."""
    scores: dict[str, ProviderMatch] = {}
    receiving: set[str] = set()

    def add(
        p: Provider,
        points: int,
        reason: str,
        step: int | None = None,
        span: tuple[int, int] = (0, 0),
        receives: bool = True,
    ) -> None:
        m = scores.setdefault(p.name, ProviderMatch(p, 0, []))
        m.score += points
        if reason not in m.reasons:
            m.reasons.append(reason)
        if step is not None and (m.anchor_step is None or (receives and m.anchor_span == (0, 0))):
            m.anchor_step, m.anchor_span = step, span
        if receives:
            receiving.add(p.name)

    p: Provider | None  # the lookups below may find no provider
    for r in roles:
        f = r.facts
        if f is None:
            continue
        for h in f.header_reads:
            if not h.name or h.kind != "header":
                continue
            for p in providers_for_header(h.name):
                weight = 1 if h.name.lower() in _GENERIC_HEADERS else 3
                add(p, weight, f"reads the {h.name.lower()} header", r.index, (h.start, h.end))
        for s in f.strings if any_provider_literal(f.strings) else ():
            p = provider_for_literal(s)
            if p is not None:
                add(p, 2, f"handles {p.display} event type {s!r}", r.index)
        for key in f.body_keys:
            for p in _BY_BODY_KEY.get(key, ()):
                add(p, 2, f"reads the payload field {key!r}", r.index)
        for slug in f.apps:
            p = provider_for_app(slug)
            if p is not None:
                add(p, 3 if source else 1, f"uses the {p.display} app", r.index, receives=source)
        for prop in r.ctx.step.connected_accounts:
            p = provider_for_app(prop)
            if p is not None:
                add(
                    p,
                    1,
                    f"step {r.ctx.step.namespace} uses a {p.display} account",
                    r.index,
                    receives=False,
                )
    names: list[str] = []
    if not source:  # a component file's "name" is its path; its app import says more
        names = [wctx.workflow.name or "", wctx.workflow.trigger.name or ""]
        names += [r.ctx.step.namespace for r in roles if r.facts is not None]
    for text in names:
        ws = set(words(text))
        if ws.isdisjoint(_ALL_NAME_WORDS):
            continue  # no provider's name word in it: `add` below is never reached
        hooky = bool(ws & _WEBHOOK_WORDS)
        for p, name_words in _NAME_WORDS:
            if not ws.isdisjoint(name_words):
                add(p, 2 if hooky else 1, f"is named {text!r}", receives=hooky)
    candidates = [m for m in scores.values() if m.provider.name in receiving and m.score >= 2]
    if not candidates:
        return None
    return max(candidates, key=lambda m: (m.score, bool(set(m.provider.signature_headers))))


def first_work_span(role: StepRole) -> tuple[int, int]:
    if role.first_unprotected is not None:
        return role.first_unprotected
    if role.facts is not None and role.facts.run_effects:
        e = role.facts.run_effects[0]
        return e.start, e.end
    return 0, 0
