"""The language-neutral parts of the auth analysis: taint, comparisons, request reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from checks.auth.compares import Operand, OperandKind, compare_fact, shown
from checks.auth.facts import Compare, StepFacts
from checks.auth.reads import alias_reads, header_read
from checks.auth.taint import Taint
from checks.model import Language


@dataclass
class _S:
    """A summary over string "nodes"."""

    names: set[str]
    calls: list[str] = field(default_factory=list)
    lookups: list[str] = field(default_factory=list)
    ids: set[int] = field(default_factory=set)


def _no(_n: str) -> bool:
    return False


def test_taint_follows_aliases_and_reassignments_in_two_rounds() -> None:
    aliases = {
        "sig": "EVENT.headers.x-hub-signature",
        "ts": "EVENT.headers.x-slack-request-timestamp",
        "body": "EVENT.body",
    }
    assigns = [
        (["b"], _S({"a"})),  # `a` is only bound by the next assignment: the second round
        (["a"], _S({"sig"})),
        (["when"], _S({"ts"})),
        (["raw"], _S({"body"})),
        (["mac"], _S(set(), calls=["digest(x)"])),
        (["text"], _S(set(), calls=["dumps(body)"])),
    ]
    t: Taint[str] = Taint(aliases, assigns)
    t.propagate(0, lambda c: c.startswith("digest"), lambda c: c.startswith("dumps"), _no)
    assert t.req_tainted == {"a", "b"}
    assert t.tainted == {"a", "b", "mac"}
    assert t.serialized == {"text"}
    assert t.ts_vars == {"when"}
    assert t.request_vars == {"a", "b", "when", "raw"}
    assert t.req_name("sig") and not t.req_name("raw")
    assert t.request_name("body") and not t.request_name("mac")
    assert t.timestamp_name("ts") and t.timestamp_name("timestamp") and not t.timestamp_name("x")


def test_taint_reruns_only_when_verifiers_grew() -> None:
    calls: list[str] = []

    def judge(c: str) -> bool:
        calls.append(c)
        return False

    t: Taint[str] = Taint({}, [(["v"], _S(set(), calls=["verify()"]))])
    t.propagate(1, judge, _no, _no)
    t.propagate(1, judge, _no, _no)  # nothing changed since: no round
    assert calls == ["verify()"]
    t.propagate(2, lambda c: True, _no, _no)
    assert t.tainted == {"v"}


def test_taint_seeds_from_node_ids() -> None:
    t: Taint[str] = Taint({}, [(["h"], _S(set(), ids={7}))])
    t.cred_ids.add(7)
    t.propagate(0, _no, _no, _no)
    assert t.req_tainted == {"h"} and t.request_vars == {"h"}


def _spans(n: str) -> tuple[int, int]:
    return (len(n), len(n) + 1)


def test_compare_fact_decisions() -> None:
    def fact(lk: OperandKind, rk: OperandKind, value: str | None = None) -> Compare | None:
        left = Operand(lk, "sig", value if lk == "literal" else None)
        right = Operand(rk, "lit", value if rk == "literal" else None)
        return compare_fact(0, 9, "==", left, right, _spans, str.upper)

    assert fact("req", "trivial") is None
    assert fact("other", "other") is None
    assert fact("cred", "literal", "short") is None  # only a request credential vs a literal
    literal = fact("req", "literal", "s3cr3t-value-123")
    assert literal is not None and literal.literal == "s3cr3t-value-123"
    assert literal.request_derived and (literal.literal_start, literal.literal_end) == (3, 4)
    assert literal.evidence.startswith('SIG == "') and "s3cr3t-value-123" not in literal.evidence
    plain = fact("cred", "other")
    assert plain is not None and plain.evidence == "SIG == LIT" and not plain.request_derived


def test_shown_redacts_credential_literals_and_cuts() -> None:
    secret = "k" * 6 + "Q9z" + "x" * 9
    out = shown(f'check(  "{secret}",\n tok)', [secret, "ok"])
    assert secret not in out and "\n" not in out and out.startswith('check( "')
    assert shown("a " * 60, []).endswith("...") and len(shown("a " * 60, [])) == 80


def test_header_read_and_alias_reads() -> None:
    r = header_read("EVENT.headers", "X-Hub-Signature-256", (1, 5), (2, 4), True)
    assert r.kind == "header" and r.credential and (r.key_start, r.key_end) == (2, 4)
    q = header_read("EVENT.query", "page", (1, 5), (2, 4), False)
    assert q.kind == "query" and not q.credential and not q.certain
    assert not header_read("EVENT.headers", None, (0, 1), (0, 1), True).credential
    facts = StepFacts(language=Language.PYTHON)
    ip = alias_reads(facts, {"ip": "EVENT.client_ip", "n": "EVENT.body.name", "o": None})
    assert ip == {"ip"} and facts.reads_client_ip and facts.body_keys == {"name"}
