"""The replay-window fact: a clock read compared, subtracted or kept to compare with."""

from __future__ import annotations

import pytest

from checks.auth.js import analyse_js
from checks.model import Language
from checks.parsing import parse_code


@pytest.mark.parametrize(
    ("body", "fresh"),
    [
        ("const now = Date.now();", True),  # kept to compare with
        ("if (Date.now() - ts > 300000) throw new Error('old');", True),
        ("if (new Date(ts) < new Date()) return;", True),
        ("console.log(Date.now());", False),
        ("const d = new Date(ts);", False),
        ("if (ts > 300000) return;", False),
    ],
)
def test_freshness_check(body: str, fresh: bool) -> None:
    code = parse_code(
        f"const ts = Number(steps.trigger.event.headers['x-ts']);\n{body}", Language.NODE
    )
    assert analyse_js(code).freshness_check is fresh
