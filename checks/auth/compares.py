"""Equality comparisons that involve a credential, as `Compare` facts (language-neutral).

Each half of the auth analysis classifies the two operands of an `==`/`!=` (`===`/`!==`) as an
`Operand`: "trivial" (a constant, length or type: never a credential check), "literal" (a string
written in the code, with its text), "req" (derived from a credential the request carries),
"cred" (another credential, signature or verification result) or "other". `compare_fact`
decides whether the comparison is a credential check and what its evidence shows: a request
credential against a credential-looking literal (a hard-coded secret), or any comparison with a
credential on one side. `shown` is an operand's source text as evidence: credential-looking
string literals redacted, whitespace collapsed, at most 80 characters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from checks.auth.facts import Compare
from checks.parsing.vocabulary import looks_like_credential_literal
from checks.redact import redact

N = TypeVar("N")
OperandKind = Literal["trivial", "literal", "req", "cred", "other"]
_LONG_LITERAL = 8  # shorter literals in evidence are left as written


@dataclass(frozen=True)
class Operand(Generic[N]):
    kind: OperandKind
    node: N
    value: str | None = None  # the text of a "literal"


def compare_fact(
    start: int,
    end: int,
    op: str,
    left: Operand[N],
    right: Operand[N],
    span: Callable[[N], tuple[int, int]],
    evidence: Callable[[N], str],
) -> Compare | None:
    """The credential check the comparison `left op right` at [start, end) is, or None."""
    kinds = {left.kind, right.kind}
    if "trivial" in kinds:
        return None
    if "literal" in kinds:
        lit, other = (left, right) if left.kind == "literal" else (right, left)
        value = lit.value
        if other.kind == "req" and value is not None and looks_like_credential_literal(value):
            ls, le = span(lit.node)
            ev = f'{evidence(other.node)} {op} "{redact(value)}"'
            return Compare(start, end, op, ev, value, ls, le, True)
        return None
    if kinds & {"req", "cred"}:
        ev = f"{evidence(left.node)} {op} {evidence(right.node)}"
        return Compare(start, end, op, ev, request_derived="req" in kinds)
    return None


def shown(source: str, literals: Iterable[str]) -> str:
    """An operand's source text with the credential-looking ones of its string `literals`
    redacted, whitespace collapsed, cut to 80 characters."""
    for value in literals:
        if len(value) >= _LONG_LITERAL and looks_like_credential_literal(value):
            source = source.replace(value, redact(value))
    source = " ".join(source.split())
    return source if len(source) <= 80 else source[:77] + "..."
