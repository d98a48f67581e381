"""`redact_text`: the one function every message passes (issue 14.2)."""

from __future__ import annotations

import random
import string

import pytest

from checks.redact import redact, redact_text

ALNUM = string.ascii_letters + string.digits
RNG = random.Random(141)


def _pick(n: int, alphabet: str = ALNUM) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(n))


GITHUB = "gh" + "p_" + _pick(36)
TELEGRAM = f"{RNG.randint(10**8, 10**9 - 1)}:A" + "A" + _pick(33)
PASSWORD = _pick(5) + "(" + _pick(4) + "," + _pick(5) + "]9"
RANDOM_PATH = _pick(28)
URL_PASSWORD = _pick(9) + "!" + _pick(9) + "*3"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (f"found duplicate key with value {GITHUB}", GITHUB),
        (f"POST http://api.telegram.org/bot{TELEGRAM}/sendMessage", TELEGRAM),
        (f"settings: password: {PASSWORD} (ignored)", PASSWORD),
        (f"http://hooks.example.com/catch/{RANDOM_PATH}/", RANDOM_PATH),
        (f'headers: {{"Authorization": "Bearer {GITHUB}"}}', GITHUB),
        (f"could not connect to https://admin:{URL_PASSWORD}@db.example.com", URL_PASSWORD),
    ],
)
def test_values_in_free_text_are_masked(text: str, value: str) -> None:
    out = redact_text(text)
    assert value not in out
    assert redact(value) in out
    assert redact_text(out) == out, "redacted text is a fixed point"


@pytest.mark.parametrize(
    "text",
    [
        "wf-p_abc123/workflow.yaml: malformed YAML at line 10 column 5: duplicate key 'token'",
        "fetch sends a request to api.example.com over plain HTTP (http://api.example.com/v1/users)",
        "https://api.telegram.org/bot${this.telegram_bot_api.$auth.token}/sendMessage",
        "SG101 Provider API token in code",
        "Use https://… · 3 requests use this URL",
    ],
)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert redact_text(text) == text


def test_text_too_long_to_check_is_cut_not_shown_unchecked() -> None:
    text = "a: " * 10_000 + GITHUB
    out = redact_text(text)
    assert GITHUB not in out and GITHUB[6:20] not in out
    assert out.endswith("more characters not shown)")
