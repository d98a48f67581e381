"""Every detector: a positive sample (exact span and value) and negatives (placeholders, names)."""

from __future__ import annotations

import random

import pytest

from checks.model import Language
from checks.parsing import parse_code
from checks.secrets import find_secrets
from checks.secrets.catalog import DETECTORS
from tests.checks.secrets.samples import NEAR_MISSES, TEMPLATES, VARIANTS, sample

LANG = {".py": Language.PYTHON, ".mjs": Language.NODE}
IDS = [d.id for d in DETECTORS]


def _matches(text: str, suffix: str):
    return find_secrets(parse_code(text, LANG[suffix]))


def test_catalogue_is_wide_and_well_formed() -> None:
    assert len(DETECTORS) >= 50
    assert len(set(IDS)) == len(IDS), "detector ids must be unique"
    providers = {d.provider for d in DETECTORS}
    assert len(providers) >= 50
    for d in DETECTORS:
        assert (
            d.env_name
            and d.env_name.upper() == d.env_name
            and not d.env_name.startswith("PIPEDREAM_")
        )
        assert d.description


@pytest.mark.parametrize("detector_id", IDS)
def test_detector_finds_its_format_with_exact_span(detector_id: str) -> None:
    code, value, suffix = sample(detector_id)
    matches = _matches(code, suffix)
    mine = [m for m in matches if m.detector == detector_id]
    assert len(mine) == 1, f"{detector_id}: expected one match, got {[m.detector for m in matches]}"
    m = mine[0]
    data = code.encode()
    assert data[m.start : m.end] == value.encode(), f"{detector_id}: span is not exactly the value"
    assert m.value == value, f"{detector_id}: value differs"


@pytest.mark.parametrize("detector_id", IDS)
def test_detector_ignores_placeholder_body(detector_id: str) -> None:
    code, value, suffix = sample(detector_id)
    det = next(d for d in DETECTORS if d.id == detector_id)
    keep = max(det.prefix_len, 0)
    if det.kind.value == "private-key":
        fake = value.split("\n")[0] + "\n...\n" + value.split("\n")[-1]
    else:
        fake = value[:keep] + "x" * (len(value) - keep)
    matches = _matches(code.replace(value, fake), suffix)
    assert not [m for m in matches if m.detector == detector_id], (
        f"{detector_id}: placeholder flagged"
    )


@pytest.mark.parametrize("detector_id", [d.id for d in DETECTORS if d.names is not None])
def test_named_detector_needs_its_name(detector_id: str) -> None:
    _, value, _ = sample(detector_id)
    code = f'const displayValue = "{value}";\n'
    matches = _matches(code, ".mjs")
    assert not [m for m in matches if m.detector == detector_id], (
        f"{detector_id}: fired without name"
    )


@pytest.mark.parametrize("detector_id", [d.id for d in DETECTORS if d.near is not None])
def test_near_detector_needs_its_anchor(detector_id: str) -> None:
    _, value, _ = sample(detector_id)
    code = f'const blob = "{value}";\n'
    matches = _matches(code, ".mjs")
    assert not [m for m in matches if m.detector == detector_id], (
        f"{detector_id}: fired without anchor"
    )


@pytest.mark.parametrize("detector_id", IDS)
def test_detector_repr_and_message_never_show_value(detector_id: str) -> None:
    code, value, suffix = sample(detector_id)
    for m in _matches(code, suffix):
        assert value not in repr(m) and value not in str(m)
        assert m.redacted.endswith(f"fp {m.secret_id})")


def _cases(table: dict) -> list[tuple[str, int]]:
    return [(det, i) for det, gens in table.items() for i in range(len(gens))]


@pytest.mark.parametrize(("detector_id", "index"), _cases(VARIANTS))
def test_detector_finds_every_variant_of_its_format(detector_id: str, index: int) -> None:
    value = VARIANTS[detector_id][index](random.Random(f"variant:{detector_id}:{index}"))
    code = TEMPLATES.get(detector_id, 'const token = "{v}";\n').format(v=value)
    mine = [m for m in _matches(code, ".mjs") if m.detector == detector_id]
    assert [m.value for m in mine] == [value], f"{detector_id}: missed {value[:8]}… variant {index}"


@pytest.mark.parametrize(("detector_id", "index"), _cases(NEAR_MISSES))
def test_detector_ignores_near_misses_of_its_format(detector_id: str, index: int) -> None:
    value = NEAR_MISSES[detector_id][index](random.Random(f"near:{detector_id}:{index}"))
    code = TEMPLATES.get(detector_id, 'const token = "{v}";\n').format(v=value)
    mine = [m for m in _matches(code, ".mjs") if m.detector == detector_id]
    assert not mine, f"{detector_id}: near miss {index} reported"
