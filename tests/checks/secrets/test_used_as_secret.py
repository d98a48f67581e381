"""Secrets the use decides (an HMAC key, a credential compare's expected value, a `*_SECRET`
constant), and provider tokens inside URL paths and queries. Values are built at test time."""

from __future__ import annotations

import random
import string

import pytest

from checks.model import Language
from checks.parsing import parse_code
from checks.secrets import SecretKind, find_secrets

LOW = "hooks-are-fun-2024"  # low entropy, and used as a secret below


def found(code: str, lang: Language = Language.NODE) -> list[tuple[SecretKind, str]]:
    return [(m.kind, m.value) for m in find_secrets(parse_code(code, lang))]


@pytest.mark.parametrize(
    "code",
    [
        f'const sig = crypto.createHmac("sha256", "{LOW}").update(raw).digest("hex");\n',
        f'if (steps.trigger.event.headers["x-api-key"] !== "{LOW}") {{ return; }}\n',
        f'if (token === "{LOW}") {{ ok(); }}\n',
        f'const WEBHOOK_SECRET = "{LOW}";\n',
        f'const SLACK_API_TOKEN = "{LOW}";\n',
    ],
    ids=["hmac-key", "header-compare", "token-compare", "secret-constant", "token-constant"],
)
def test_literal_used_as_a_secret_is_found_whatever_its_entropy(code: str) -> None:
    assert found(code) == [(SecretKind.GENERIC, LOW)]


def test_python_hmac_key_literal() -> None:
    code = f'import hmac\nd = hmac.new("{LOW}".encode(), body, "sha256").hexdigest()\n'
    assert found(code, Language.PYTHON) == [(SecretKind.GENERIC, LOW)]


@pytest.mark.parametrize(
    "code",
    [
        'if (body.type !== "url_verification") { return; }\n',
        'const WEBHOOK_SECRET_HEADER = "x-hook-secret";\n',
        'const WEBHOOK_SECRET = "YOUR_SECRET_HERE";\n',
        'const sig = crypto.createHmac("sha256", process.env.KEY).update(raw).digest("hex");\n',
        'const SECRET_TOKEN = "aaaaaaaaaaaa";\n',
        'const GREETING = "hooks-are-fun-2024";\n',
    ],
    ids=["event-filter", "header-name", "placeholder", "env-key", "low-variety", "plain-name"],
)
def test_literals_not_used_as_secrets(code: str) -> None:
    assert found(code) == []


def _telegram_token(rng: random.Random) -> str:
    tail = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(33))
    return "".join(rng.choice(string.digits) for _ in range(9)) + ":A" + "A" + tail


def test_telegram_token_in_a_url_path() -> None:
    tok = _telegram_token(random.Random(13))
    code = f'await fetch("https://api.telegram.org/bot{tok}/sendMessage?chat_id=1");\n'
    matches = find_secrets(parse_code(code, Language.NODE))
    assert [(m.detector, m.value) for m in matches] == [("telegram-bot-token", tok)]


def test_digits_before_a_digit_led_token_still_bound_it() -> None:
    tok = _telegram_token(random.Random(14))
    code = f'const id = "12345{tok}";\n'  # 14 digits: not a Telegram bot id
    assert [m.detector for m in find_secrets(parse_code(code, Language.NODE))] == []


def _key(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(32))


def test_api_key_in_a_url_query() -> None:
    key = _key(random.Random(15))
    code = f'const u = "https://api.apiflash.com/v1/urltoimage?access_key={key}&url=x";\n'
    assert found(code) == [(SecretKind.URL_CREDENTIALS, key)]


@pytest.mark.parametrize(
    "query",
    [
        "page_token={v}",  # pagination, not a credential
        "sig={v}",  # an expiring signature (presigned URLs)
        "api_key=${{process.env.API_KEY}}",
        "api_key=YOUR_API_KEY_HERE",
    ],
)
def test_query_values_that_are_not_credentials(query: str) -> None:
    value = _key(random.Random(16))
    code = f"const u = `https://api.acme.io/v1/items?{query.format(v=value)}`;\n"
    assert found(code) == []
