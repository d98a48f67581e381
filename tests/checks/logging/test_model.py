"""The taint model's shortcuts agree with the step-by-step operations they stand for."""

from __future__ import annotations

import random
import string

import pytest

from checks.dataflow.model import (
    Param,
    Shape,
    SourceKind,
    Taint,
    fold,
    placeholder,
)
from checks.parsing.values import ELEM, PathT


def _stepwise(taints: frozenset[Taint], path: PathT) -> frozenset[Taint]:
    """`fold` as one member access after another."""
    for prop in path:
        if prop == ELEM:
            continue
        taints = frozenset(m for t in taints if (m := t.member(prop)) is not None)
    return taints


_STARTS: list[Param] = [
    placeholder(7, 0),
    placeholder(7, 1, rest=True).then(("s",)),
    placeholder(7, 2).then(("m", "a")).then(("v",)),
    placeholder(7, -1, name="opts").then(("c",)),
]
_PATHS: list[PathT] = [
    ("a", "b"),
    ("length", "x"),
    ("x", "length", "y"),
    (ELEM, "a", None),
    (None, ELEM, "length"),
    ("response",) * 40,
]


@pytest.mark.parametrize("start", _STARTS, ids=lambda p: repr(p.ops))
@pytest.mark.parametrize("path", _PATHS, ids=lambda p: ".".join(map(str, p))[:30])
def test_fold_of_a_placeholder_is_its_member_chain(start: Param, path: PathT) -> None:
    env = Taint(SourceKind.SECRET_ENV, Shape.ENV, "process.env", 0, 11)
    taints = frozenset({start, env})
    assert fold(taints, path) == _stepwise(taints, path)
    assert {start.members(path)} == _stepwise(frozenset({start}), path)


def test_members_records_each_member_once() -> None:
    p = placeholder(3, 0).members(("a", ELEM, "b"))
    assert p.ops == (("m", "a"), ("m", "b"))
    assert p.kind is SourceKind.PARAM  # a placeholder stays a placeholder
    s = placeholder(3, 0).then(("s",))
    assert s.members(("a", "b")) is s  # a string's members are the string
    assert s.members(("length",)).ops == (("s",), ("m", "length"))


def test_literal_labels_are_the_redactions_of_the_spans() -> None:
    from checks.dataflow.secrets import LiteralLabels
    from checks.redact import redact

    rng = random.Random(3)
    value = "sk_" + "live_" + "".join(rng.choices(string.ascii_letters + string.digits, k=24))
    data = f'const a = "{value}"; const b = "{value[:12]}";'.encode()
    first = (data.index(value.encode()), data.index(value.encode()) + len(value))
    at = data.index(b'b = "') + 5
    second = (at, at + 12)
    labels = LiteralLabels(data, [second, first, second])
    assert list(labels) == [second, first] and len(labels) == 2
    assert labels[first] == redact(value) and value not in labels[first]
    assert labels.get(second) == redact(value[:12])
    assert labels.get((0, 5), "secret literal") == "secret literal"
    with pytest.raises(KeyError):
        labels[(0, 5)]
