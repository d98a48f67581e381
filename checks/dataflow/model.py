"""Abstract values of the intra-step taint analysis: taints with a shape, and flows into sinks.

A taint says *what* sensitive thing a value may hold (`kind`), *where* it came from (`label`,
the source expression as written, or a redaction for a literal secret) and *how* it behaves
when code reaches into it (`shape`): a `$auth` object yields a secret for every member, the
trigger event yields its headers for `.headers` and nothing sensitive for `.body`, and so on.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from checks.dataflow import names


class SourceKind(enum.StrEnum):
    SECRET_LITERAL = "secret-literal"  # a string literal the secrets detectors flag
    SECRET_ENV = "secret-env"  # process.env.X / os.environ[...] with a sensitive name
    AUTH = "auth"  # a connected account's $auth (object or field)
    HEADER = "auth-header"  # authorization / cookie / signature header (or query token)
    HEADERS = "headers"  # the whole request headers object
    TRIGGER_EVENT = "trigger-event"  # the whole trigger event (includes headers)
    REQUEST_ERROR = "request-error"  # an axios/got error after an authenticated request

    @property
    def describe(self) -> str:
        return {
            SourceKind.SECRET_LITERAL: "secret literal",
            SourceKind.SECRET_ENV: "secret env var",
            SourceKind.AUTH: "connected-account credential",
            SourceKind.HEADER: "credential from the incoming request",
            SourceKind.HEADERS: "all request headers",
            SourceKind.TRIGGER_EVENT: "whole trigger event, headers included",
            SourceKind.REQUEST_ERROR: "HTTP client error carrying the request's auth headers",
        }[self]


class Shape(enum.StrEnum):
    """How member access on a tainted value behaves."""

    VALUE = "value"  # a string (or parsed data) that is itself sensitive
    ENV = "env"  # process.env / os.environ: members are env vars
    AUTH = "auth"  # $auth: every member is a credential
    EVENT = "event"  # trigger event: .headers / .query matter, .body does not
    HEADERS = "headers"  # sensitive header names matter
    QUERY = "query"  # sensitive query parameter names matter
    ERROR = "error"  # axios/got error: .config/.request/.options carry headers
    ERROR_RESPONSE = "error-response"  # err.response: .config/.request carry headers

    @property
    def is_object(self) -> bool:
        return self is not Shape.VALUE


class SinkKind(enum.StrEnum):
    LOG = "log"
    EXPORT = "export"
    RETURN = "return"
    RESPOND = "respond"
    THROW = "throw"

    @property
    def consequence(self) -> str:
        return {
            SinkKind.LOG: "Pipedream stores step logs",
            SinkKind.EXPORT: "step exports are stored and passed to later steps",
            SinkKind.RETURN: "the return value is stored as the step's $return_value",
            SinkKind.RESPOND: "the HTTP response hands it to whoever called the trigger",
            SinkKind.THROW: "Pipedream stores error messages and stack traces",
        }[self]


@dataclass(frozen=True)
class Taint:
    kind: SourceKind
    shape: Shape
    label: str  # source expression as written (never a secret value)
    start: int  # byte span of the source expression
    end: int
    contained: bool = False  # held inside an object literal (not the value itself)

    def with_shape(self, shape: Shape) -> Taint:
        return replace(self, shape=shape)

    def member(self, prop: str | None) -> Taint | None:
        """The taint of `self.<prop>` (None: that member is not sensitive)."""
        label = f"{self.label}.{prop}" if prop is not None else f"{self.label}[…]"
        shape = self.shape
        if shape is Shape.VALUE:
            return None if prop == "length" else self
        if shape is Shape.AUTH:
            return Taint(SourceKind.AUTH, Shape.VALUE, label, self.start, self.end)
        if shape is Shape.ENV:
            if prop is None or names.is_sensitive_env(prop):
                return Taint(SourceKind.SECRET_ENV, Shape.VALUE, label, self.start, self.end)
            return None
        if shape is Shape.EVENT:
            if prop == "headers":
                return Taint(SourceKind.HEADERS, Shape.HEADERS, label, self.start, self.end)
            if prop == "query":
                return Taint(self.kind, Shape.QUERY, label, self.start, self.end)
            return None
        if shape is Shape.HEADERS:
            if prop is not None and names.is_sensitive_header(prop):
                return Taint(SourceKind.HEADER, Shape.VALUE, label, self.start, self.end)
            return None
        if shape is Shape.QUERY:
            if prop is not None and names.is_sensitive_query(prop):
                return Taint(SourceKind.HEADER, Shape.VALUE, label, self.start, self.end)
            return None
        if shape is Shape.ERROR:
            if prop in ("config", "request", "options"):
                return replace(self, label=label)
            if prop == "response":
                return replace(self, label=label, shape=Shape.ERROR_RESPONSE)
            return None
        if shape is Shape.ERROR_RESPONSE:
            if prop in ("config", "request"):
                return replace(self, label=label, shape=Shape.ERROR)
            return None
        return None


EMPTY: frozenset[Taint] = frozenset()


def contain(taints: frozenset[Taint]) -> frozenset[Taint]:
    """Taints of values placed inside an object literal."""
    return frozenset(t if t.contained else replace(t, contained=True) for t in taints)


def to_value(taints: frozenset[Taint]) -> frozenset[Taint]:
    """Serialisation (`JSON.stringify`, `json.dumps`): everything inside ends up in the string."""
    return frozenset(
        t if (t.shape is Shape.VALUE and not t.contained) else replace(t, shape=Shape.VALUE, contained=False)
        for t in taints
    )


def js_stringify(taints: frozenset[Taint]) -> frozenset[Taint]:
    """JS string conversion (template literal, `+`, `String()`): objects become `[object Object]`.

    An axios error becomes its message, a header value stays itself.
    """
    return frozenset(t for t in taints if t.shape is Shape.VALUE and not t.contained)


@dataclass(frozen=True)
class Flow:
    """A source reaching a sink: the analysis result the rules turn into findings."""

    taint: Taint
    sink_kind: SinkKind
    sink: str  # display name: `console.log`, `$.export`, `return`, `throw new Error`
    start: int  # byte span of the value expression that reaches the sink
    end: int
    sink_start: int  # byte span of the whole sink (call / return / throw statement)
    sink_end: int
    all_taints: tuple[Taint, ...] = ()  # every taint reaching this value (primary first)
    edits: tuple[tuple[int, int, str], ...] = ()  # mechanical fix, as byte-span replacements
    fix_summary: str | None = None
