"""What the semantic model says an expression holds: member paths and origins.

A `PathT` is the member path from a name to the part of its value an expression reads
(`cfg.headers.authorization` → ("headers", "authorization")); None stands for a key only known
at run time and `ELEM` for "an element of" (arrays, loops, array patterns). An `Origin` answers
"what can this expression hold?" (`JsScope.origins`, `PyScope.origins`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from checks.parsing.vocabulary import is_timestamp_name

PathT = tuple[str | None, ...]
ELEM = "[]"


class OriginKind(enum.StrEnum):
    """Where a value comes from, as far as the step's code shows."""

    LITERAL = "literal"  # a string written in the code (`Origin.start/end`: the literal)
    ENV = "env"  # an environment variable (`process.env.X`, `os.environ["X"]`, `os.getenv`)
    ACCOUNT = "account"  # a connected account (`this.app.$auth.*`, `pd.inputs[…]["$auth"]`)
    PROPS = "props"  # a component prop (`this.x`)
    REQUEST = "request"  # the trigger's data (`steps.trigger.event.*`, a source's `event`)
    STEP_EXPORT = "step-export"  # a previous step's export (`steps.name.$return_value`)
    HTTP_RESPONSE = "http-response"  # what an HTTP client call returned
    UNKNOWN = "unknown"  # a parameter, a call result, a global, or beyond the resolver's bounds


@dataclass(frozen=True)
class Origin:
    """One thing an expression can hold: its kind and the expression that supplies it.

    `start`/`end`: byte span of that expression (for a literal, the literal itself). `name`:
    the env variable, prop, step or request part (`headers.x-api-key`); `value`: a literal's
    text; `why`: for UNKNOWN, where the resolver gave up.
    """

    kind: OriginKind
    start: int
    end: int
    name: str = ""
    value: str | None = None
    why: str = ""


MAX_ORIGIN_DEPTH = 6  # names, members and helpers followed before the resolver gives up


def is_timestamp_header(path: str | None) -> bool:
    """A path that reads a timestamp header (`EVENT.headers.x-slack-request-timestamp`)."""
    if not path or not path.startswith("EVENT.headers."):
        return False
    return is_timestamp_name(path.split(".", 2)[2])
