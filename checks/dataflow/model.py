"""Abstract values of the intra-step taint analysis: taints with a shape, and flows into sinks.

A taint says *what* sensitive thing a value may hold (`kind`), *where* it came from (`label`,
the source expression as written, or a redaction for a literal secret) and *how* it behaves
when code reaches into it (`shape`): a `$auth` object yields a secret for every member, the
trigger event yields its headers for `.headers` and nothing sensitive for `.body`, and so on.
"""

from __future__ import annotations

import enum
from collections.abc import Container
from dataclasses import dataclass, field, replace

from checks.parsing import vocabulary
from checks.parsing.values import ELEM, PathT

# one operation a placeholder records: an op code ("m" member, "c" contain, "v" to_value,
# "o" values_of, "i" scalars, "s" js_stringify), followed by the member path for "m"
Op = tuple[str, *tuple[str | None, ...]]


class SourceKind(enum.StrEnum):
    SECRET_LITERAL = "secret-literal"  # a string literal the secrets detectors flag
    SECRET_ENV = "secret-env"  # process.env.X / os.environ[...] with a sensitive name
    AUTH = "auth"  # a connected account's $auth (object or field)
    HEADER = "auth-header"  # authorization / cookie / signature header (or query token)
    HEADERS = "headers"  # the whole request headers object
    TRIGGER_EVENT = "trigger-event"  # the whole trigger event (includes headers)
    REQUEST_ERROR = "request-error"  # an axios/got error after an authenticated request
    PARAM = "param"  # placeholder: a local helper's parameter (never reported, see `Param`)

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
            SourceKind.PARAM: "parameter of a helper function",
        }[self]


class Shape(enum.StrEnum):
    """How member access on a tainted value behaves."""

    VALUE = "value"  # a string (or parsed data) that is itself sensitive
    ENV = "env"  # process.env / os.environ: members are env vars
    AUTH = "auth"  # $auth: every member is a credential
    STEPS = "steps"  # `steps` / `pd.steps`: holds the trigger event
    TRIGGER = "trigger"  # `steps.trigger`: holds the event
    EVENT = "event"  # trigger event: .headers / .query matter, .body does not
    HEADERS = "headers"  # sensitive header names matter
    QUERY = "query"  # sensitive query parameter names matter
    ERROR = "error"  # axios/got error: .config/.request/.options carry headers
    ERROR_RESPONSE = "error-response"  # err.response: .config/.request carry headers
    PARAM = "param"  # a helper's parameter: whatever the caller passes (see `Param`)

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
    subscript: bool = field(default=False, compare=False)  # label members as `["x"]` (Python)
    latent: bool = False  # not reportable itself, only members derived from it are

    def with_shape(self, shape: Shape) -> Taint:
        return replace(self, shape=shape)

    def _derive(self, kind: SourceKind, shape: Shape, label: str, latent: bool = False) -> Taint:
        return Taint(
            kind, shape, label, self.start, self.end, self.contained, self.subscript, latent
        )

    def member(self, prop: str | None, sensitive_env: Container[str] = frozenset()) -> Taint | None:
        """The taint of `self.<prop>` (None: that member is not sensitive).

        `sensitive_env`: env var names that are secrets whatever their name says (looked up
        last: it may be a lazy container whose first lookup costs).
        """
        if prop is None:
            label = f"{self.label}[…]"
        elif self.subscript:
            label = f'{self.label}["{prop}"]'
        else:
            label = f"{self.label}.{prop}"
        shape = self.shape
        if shape is Shape.VALUE:
            return None if prop == "length" else self
        if shape is Shape.AUTH:
            return self._derive(SourceKind.AUTH, Shape.VALUE, label)
        if shape is Shape.ENV:
            if prop is None or vocabulary.is_sensitive_env(prop) or prop in sensitive_env:
                return self._derive(SourceKind.SECRET_ENV, Shape.VALUE, label)
            return None
        if shape is Shape.STEPS:
            return self._derive(self.kind, Shape.TRIGGER, label) if prop == "trigger" else None
        if shape is Shape.TRIGGER:
            return self._derive(self.kind, Shape.EVENT, label) if prop == "event" else None
        if shape is Shape.EVENT:
            if prop == "headers":
                return self._derive(SourceKind.HEADERS, Shape.HEADERS, label)
            if prop == "query":
                return self._derive(self.kind, Shape.QUERY, label, latent=True)
            return None
        if shape is Shape.HEADERS:
            if prop is not None and vocabulary.is_sensitive_header(prop):
                return self._derive(SourceKind.HEADER, Shape.VALUE, label)
            return None
        if shape is Shape.QUERY:
            if prop is not None and vocabulary.is_sensitive_query(prop):
                return self._derive(SourceKind.HEADER, Shape.VALUE, label)
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


@dataclass(frozen=True)
class Param(Taint):
    """Placeholder for a parameter of a local helper function, used to summarise the helper.

    It stands for whatever a caller passes as argument `index` (`rest`: that argument and all
    after it; `name`: the parameter's name, for keyword arguments). Every operation the analysis
    applies to it is recorded in `ops` instead of being applied, so a call site replays them on
    the real argument (`apply_ops`) and gets exactly what evaluating the helper with that
    argument would give. Placeholders are never reported (`concrete` drops them).
    """

    fn: int = 0  # identity of the helper (tree-sitter node id / id() of the `def`)
    index: int = -1  # positional index (-1: keyword-only)
    rest: bool = False
    name: str = ""
    ops: tuple[Op, ...] = ()

    def then(self, op: Op) -> Param:
        ops = self.ops
        last = ops[-1][0] if ops else None
        if last == "s" or last == "v":
            # already a plain string: string conversions, iteration, values and members other
            # than `length` leave it as it is (a VALUE taint is its own member)
            if op[0] != "c" and op != ("m", "length"):
                return self
        elif last == "c" and op[0] == "c":
            return self
        return self._with_ops((*ops, op))

    def _with_ops(self, ops: tuple[Op, ...]) -> Param:
        return Param(
            self.kind,
            self.shape,
            self.label,
            self.start,
            self.end,
            fn=self.fn,
            index=self.index,
            rest=self.rest,
            name=self.name,
            ops=ops,
        )

    def member(self, prop: str | None, sensitive_env: Container[str] = frozenset()) -> Taint | None:
        return self.then(("m", prop))

    def members(self, path: PathT) -> Param:
        """`then(("m", prop))` for each prop of a member path (`ELEM` skipped), built once:
        a long path (`x = x.next` evaluated to the depth bound) would copy `ops` at each step."""
        ops = list(self.ops)
        last = ops[-1][0] if ops else None
        for prop in path:
            if prop == ELEM:
                continue
            if (last == "s" or last == "v") and prop != "length":
                continue  # a plain string is its own member (see `then`)
            ops.append(("m", prop))
            last = "m"
        if len(ops) == len(self.ops):
            return self
        return self._with_ops(tuple(ops))


def placeholder(fn: int, index: int, rest: bool = False, name: str = "") -> Param:
    return Param(SourceKind.PARAM, Shape.PARAM, "", 0, 0, fn=fn, index=index, rest=rest, name=name)


def concrete(taints: frozenset[Taint]) -> frozenset[Taint]:
    """Drop helper-parameter placeholders (what is left comes from real sources)."""
    return frozenset(t for t in taints if t.shape is not Shape.PARAM)


EMPTY: frozenset[Taint] = frozenset()


def contain(taints: frozenset[Taint]) -> frozenset[Taint]:
    """Taints of values placed inside an object literal."""
    return frozenset(
        t
        if t.contained
        else t.then(("c",))  # type: ignore[attr-defined]
        if t.shape is Shape.PARAM
        else replace(t, contained=True)
        for t in taints
    )


def to_value(taints: frozenset[Taint]) -> frozenset[Taint]:
    """Serialisation (`JSON.stringify`, `json.dumps`): everything inside ends up in the string."""
    return frozenset(
        t
        if (t.shape is Shape.VALUE and not t.contained)
        else t.then(("v",))  # type: ignore[attr-defined]
        if t.shape is Shape.PARAM
        else replace(t, shape=Shape.VALUE, contained=False)
        for t in taints
        if not t.latent
    )


def values_of(taints: frozenset[Taint]) -> frozenset[Taint]:
    """`Object.values(x)` / `Object.entries(x)` / `dict.values()`: every member, as values."""
    out = set()
    for t in taints:
        if t.shape in (
            Shape.VALUE,
            Shape.STEPS,
            Shape.TRIGGER,
            Shape.EVENT,
            Shape.ERROR,
            Shape.ERROR_RESPONSE,
        ):
            out.add(t)
        elif t.shape is Shape.AUTH:
            out.add(replace(t, kind=SourceKind.AUTH, shape=Shape.VALUE))
        elif t.shape is Shape.ENV:
            out.add(replace(t, kind=SourceKind.SECRET_ENV, shape=Shape.VALUE))
        elif t.shape is Shape.HEADERS:
            out.add(replace(t, shape=Shape.VALUE))
        elif t.shape is Shape.PARAM:
            out.add(t.then(("o",)))  # type: ignore[attr-defined]
    return frozenset(out)


def scalars(taints: frozenset[Taint]) -> frozenset[Taint]:
    """Iterating a value (`list(x)`): only strings and lists keep their content (a dict's keys
    are not sensitive)."""
    return frozenset(
        t.then(("i",)) if t.shape is Shape.PARAM else t  # type: ignore[attr-defined]
        for t in taints
        if t.shape is Shape.VALUE or t.shape is Shape.PARAM
    )


def reportable(taints: frozenset[Taint]) -> frozenset[Taint]:
    """Drop latent taints (a whole query object is not sensitive, only some of its members;
    a non-HTTP source's event has no headers worth reporting as a whole)."""
    return frozenset(t for t in taints if not t.latent)


def js_stringify(taints: frozenset[Taint]) -> frozenset[Taint]:
    """JS string conversion (template literal, `+`, `String()`): objects become `[object Object]`.

    An axios error becomes its message, a header value stays itself.
    """
    return frozenset(
        t.then(("s",)) if t.shape is Shape.PARAM else t  # type: ignore[attr-defined]
        for t in taints
        if (t.shape is Shape.VALUE and not t.contained) or t.shape is Shape.PARAM
    )


def fold(
    taints: frozenset[Taint], path: PathT, sensitive_env: Container[str] = frozenset()
) -> frozenset[Taint]:
    """Apply a member path (`None` = dynamic key, `ELEM` = element of) to taints."""
    if len(path) > 1 and any(t.shape is Shape.PARAM for t in taints):
        # each taint follows the path on its own: placeholders record it in one step
        params = [t for t in taints if t.shape is Shape.PARAM]
        others = frozenset(t for t in taints if t.shape is not Shape.PARAM)
        return fold(others, path, sensitive_env) | frozenset(
            p.members(path)  # type: ignore[attr-defined]
            for p in params
        )
    for prop in path:
        if not taints:
            return EMPTY
        if prop == ELEM:
            continue
        taints = frozenset(m for t in taints if (m := t.member(prop, sensitive_env)) is not None)
    return taints


_OPS = {"c": contain, "v": to_value, "o": values_of, "i": scalars, "s": js_stringify}


def apply_ops(
    taints: frozenset[Taint], ops: tuple[Op, ...], sensitive_env: Container[str] = frozenset()
) -> frozenset[Taint]:
    """Replay the operations a placeholder recorded (`Param.ops`) on an argument's taints."""
    for op in ops:
        if not taints:
            return EMPTY
        taints = fold(taints, op[1:], sensitive_env) if op[0] == "m" else _OPS[op[0]](taints)
    return taints


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
    # through local helpers: the callees as written at each call (`debug`, `this.log`), outermost
    # first; `start`/`end` is then the argument at the outermost call, `sink_start`/`sink_end`
    # that call, and `via_sink_start`/`via_sink_end` the sink inside the innermost helper
    via: tuple[str, ...] = ()
    via_sink_start: int = -1
    via_sink_end: int = -1
