"""What a step's code does with credentials, signatures and side effects (language-neutral)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from checks.model import Language
from checks.parsing.outcomes import Outcome

GateKind = Literal["exit", "throw", "return", "bare-exit", "guard", "none"]


@dataclass
class HeaderRead:
    """A read of an incoming request header (or query parameter)."""

    name: str | None  # None when the key is computed (`headers[constants.X]`)
    start: int
    end: int
    key_start: int  # span of the key text without quotes (for the lowercase fix)
    key_end: int
    certain: bool  # rooted at the trigger event, not just something called `headers`
    kind: Literal["header", "query"] = "header"
    credential: bool = False


@dataclass
class Compare:
    """An equality comparison that involves a credential, signature or secret."""

    start: int
    end: int
    op: str
    evidence: str  # redacted
    literal: str | None = None  # the string literal operand, when one side is hard-coded
    literal_start: int = 0
    literal_end: int = 0
    request_derived: bool = False  # one side comes from the request (header/query/body)


@dataclass
class SafeEqual:
    start: int
    end: int
    length_checked: bool


@dataclass
class Hmac:
    start: int
    end: int
    alg_from_request: bool = False
    alg_start: int = 0
    alg_end: int = 0
    reserialized: bool = False  # signed content is re-serialised JSON
    reserialized_start: int = 0
    reserialized_end: int = 0
    timestamp_signed: bool = False  # the signed content includes a timestamp


@dataclass
class Gate:
    """A check of a credential/verification result, and what the code does when it fails."""

    start: int
    end: int
    kind: GateKind
    strength: Literal["strong", "ip"] = "strong"
    respond_status: int | None = None
    guard_start: int = 0  # for "guard": the protected span (the `if` body)
    guard_end: int = 0
    fail_start: int = 0  # the failure branch (for messages)
    fail_end: int = 0
    exit_start: int = 0  # the bare `$.flow.exit(...)` call, for "bare-exit"
    exit_end: int = 0
    fail_signals: bool = (
        False  # the failure branch says so (a 4xx response, "invalid", "unauthorized"…)
    )

    @property
    def ends_workflow(self) -> bool:
        return self.kind in ("exit", "throw")

    def take(self, outcome: Outcome) -> None:
        """What the failure branch does (see `checks.parsing.outcomes`)."""
        self.kind = outcome.kind  # type: ignore[assignment]
        self.respond_status = outcome.respond_status
        self.fail_signals = outcome.fail_signals
        if outcome.exit_span is not None:
            self.exit_start, self.exit_end = outcome.exit_span


@dataclass
class Effect:
    start: int
    end: int
    name: str


@dataclass
class LogUse:
    start: int
    end: int
    what: str  # the identifier/header that is logged
    kind: Literal["secret", "signature"]


@dataclass
class AsyncCall:
    start: int
    end: int
    name: str


@dataclass
class StepFacts:
    language: Language
    header_reads: list[HeaderRead] = field(default_factory=list)
    compares: list[Compare] = field(default_factory=list)
    safe_equals: list[SafeEqual] = field(default_factory=list)
    hmacs: list[Hmac] = field(default_factory=list)
    verifier_calls: list[tuple[int, int, str]] = field(default_factory=list)  # library verifiers
    gates: list[Gate] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    logs: list[LogUse] = field(default_factory=list)
    unawaited: list[AsyncCall] = field(default_factory=list)
    strings: set[str] = field(default_factory=set)
    body_keys: set[str] = field(default_factory=set)
    apps: set[str] = field(default_factory=set)
    freshness_check: bool = False  # compares something with the current time
    reads_trigger_event: bool = False  # certainly reads the trigger event (HTTP data)
    reads_client_ip: bool = False
    run_span: tuple[int, int] | None = None  # the `run`/`handler` function, when found
    run_effects: list[Effect] = field(default_factory=list)  # effects reached from `run`, in order

    def in_run(self, offset: int) -> bool:
        return self.run_span is None or self.run_span[0] <= offset < self.run_span[1]

    @property
    def header_names(self) -> set[str]:
        return {h.name.lower() for h in self.header_reads if h.name and h.kind == "header"}

    @property
    def credential_reads(self) -> list[HeaderRead]:
        return [h for h in self.header_reads if h.credential]

    @property
    def verifies(self) -> bool:
        """Some verification or credential check exists in this code (good or flawed)."""
        return bool(
            self.hmacs
            or self.safe_equals
            or self.verifier_calls
            or self.compares
            or any(g.strength == "strong" for g in self.gates)
        )

    def first_effect(self) -> Effect | None:
        return min(self.effects, key=lambda e: e.start) if self.effects else None
