"""Where a string value sits in a YAML document's source: scalar positions from the parser's
event stream (no document is built), for fixes that edit one value in place."""

from __future__ import annotations

from dataclasses import dataclass

from checks.errors import UnreadableFile
from checks.loaders.bounded import check_yaml_bounds

BOM_CHAR = "\ufeff"


@dataclass(frozen=True)
class YamlScalar:
    start: int  # character offsets of the scalar's source text (quotes included)
    end: int
    value: str
    style: str | None  # None or "": plain; '"' / "'": quoted; '|' / '>': block


def scalars(text: str) -> list[YamlScalar]:
    """Every scalar of `text` in document order; raises UnreadableFile for YAML it cannot read."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import ScalarEvent

    from checks.parse_errors import yaml_error_reason

    try:
        check_yaml_bounds(text)
        return [
            YamlScalar(e.start_mark.index, e.end_mark.index, e.value, e.style)
            for e in YAML(typ="safe").parse(text)
            if isinstance(e, ScalarEvent)
        ]
    except YAMLError as exc:
        raise UnreadableFile(yaml_error_reason(exc)) from None


def value_span(text: str, value: str) -> tuple[int, int] | None:
    """Byte offsets (a leading BOM not counted) of `value` in `text` when it is written exactly
    once in the file, inside one scalar whose source holds it as is; else None."""
    if not value or text.count(value) != 1:
        return None
    try:
        found = [s for s in scalars(text) if value in s.value and value in text[s.start : s.end]]
    except UnreadableFile:
        return None
    if len(found) != 1:
        return None
    at = text.index(value)
    if not found[0].start <= at < at + len(value) <= found[0].end:
        return None
    skip = len(BOM_CHAR.encode()) if text.startswith(BOM_CHAR) else 0
    start = len(text[:at].encode("utf-8", "surrogateescape")) - skip
    return start, start + len(value.encode("utf-8", "surrogateescape"))
