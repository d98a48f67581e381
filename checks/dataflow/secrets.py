"""Literal secrets as taint sources, from the secrets detectors."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from checks.parsing import Code
from checks.redact import redact
from checks.secrets import find_secrets


class LiteralLabels(Mapping[tuple[int, int], str]):
    """The redacted label of each literal secret's byte span, redacted when first asked for:
    only the literals that reach a sink are ever shown."""

    def __init__(self, data: bytes, spans: list[tuple[int, int]]) -> None:
        self._data = data
        self._spans = dict.fromkeys(spans)
        self._made: dict[tuple[int, int], str] = {}

    def __getitem__(self, span: tuple[int, int]) -> str:
        label = self._made.get(span)
        if label is None:
            if span not in self._spans:
                raise KeyError(span)
            start, end = span
            label = self._made[span] = redact(self._data[start:end].decode("utf-8", "replace"))
        return label

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


def literal_secrets(code: Code) -> tuple[list[tuple[int, int]], LiteralLabels]:
    """Byte spans of secret literals in `code` and a redacted label for each (built once per
    step, kept on `code`: callers only read them).

    Uses `checks.secrets.find_secrets` (matches carry `.start/.end` byte spans). A failure of
    the detector propagates: the engine reports the rule as failed rather than losing SG601's
    literal sources without a word.
    """
    return code.memo(literal_secrets, lambda: _literal_secrets(code))


def _literal_secrets(code: Code) -> tuple[list[tuple[int, int]], LiteralLabels]:
    spans: list[tuple[int, int]] = []
    for m in find_secrets(code):
        start, end = m.start, m.end
        if not 0 <= start < end <= len(code.data):
            continue
        spans.append((start, end))
    return spans, LiteralLabels(code.data, spans)
