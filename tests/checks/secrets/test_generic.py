"""The generic detector: names from the parse tree, randomness from the value, exact spans."""

from __future__ import annotations

import pytest

from checks.model import Language
from checks.parsing import parse_code
from checks.parsing.vocabulary import secret_word
from checks.secrets import SecretKind, find_secrets
from checks.secrets.entropy import looks_random, shannon

SECRET = "Vb7Qm2Lx9Tz4Rk8Wp3Ny6Hd1"  # fake: a random-looking 24-character value
LANGS = {"js": Language.NODE, "ts": Language.TYPESCRIPT, "py": Language.PYTHON, "sh": Language.BASH}


def generic(text: str, lang: str):
    return [m for m in find_secrets(parse_code(text, LANGS[lang])) if m.kind is SecretKind.GENERIC]


POSITIVES = [
    ("js", f'const apiKey = "{SECRET}";', "apiKey"),
    ("js", f"let clientSecret = '{SECRET}';", "clientSecret"),
    ("js", f'const cfg = {{ "x-api-key": "{SECRET}" }};', "x-api-key"),
    ("js", f"config.auth_token = `{SECRET}`;", "auth_token"),
    ("js", f'headers["X-Auth-Token"] = "{SECRET}";', "X-Auth-Token"),
    ("js", f'function call(url, accessToken = "{SECRET}") {{ return url; }}', "accessToken"),
    ("js", f'const key = process.env.PARTNER_API_KEY || "{SECRET}";', "PARTNER_API_KEY"),
    (
        "js",
        f'if (req.headers["x-webhook-secret"] !== "{SECRET}") {{ throw new Error(); }}',
        "x-webhook-secret",
    ),
    ("js", f'client.setApiKey("{SECRET}");', "setApiKey"),
    ("js", f'headers.set("X-Api-Key", "{SECRET}");', "X-Api-Key"),
    ("ts", f'const secretKey: string = "{SECRET}";', "secretKey"),
    ("ts", f'class Api {{ private token = "{SECRET}"; }}', "token"),
    ("py", f'api_key = "{SECRET}"', "api_key"),
    ("py", f'client = Client(api_secret="{SECRET}")', "api_secret"),
    ("py", f'HEADERS = {{"X-Api-Key": "{SECRET}"}}', "X-Api-Key"),
    ("py", f'def f(token="{SECRET}"):\n    return token', "token"),
    ("py", f'key = os.environ.get("VENDOR_TOKEN", "{SECRET}")', "VENDOR_TOKEN"),
    ("py", f'if headers.get("x-api-key") != "{SECRET}":\n    pass', "x-api-key"),
    ("py", f'self.password = r"{SECRET}"', "password"),
    ("py", f'ACCESS_TOKEN = """{SECRET}"""', "ACCESS_TOKEN"),
    ("sh", f'export VENDOR_API_KEY="{SECRET}"', "VENDOR_API_KEY"),
    ("sh", f"SERVICE_TOKEN={SECRET}", "SERVICE_TOKEN"),
]


@pytest.mark.parametrize(("lang", "code", "name"), POSITIVES)
def test_generic_secret_in_every_syntax(lang: str, code: str, name: str) -> None:
    matches = generic(code + "\n", lang)
    assert len(matches) == 1, f"{lang}: {name} not found"
    m = matches[0]
    assert (code + "\n").encode()[m.start : m.end] == SECRET.encode(), "span must be the value only"
    assert m.context_name == name


NEGATIVES = [
    ("js", 'const apiKey = "YOUR_API_KEY_GOES_HERE";'),
    ("js", 'const token = "{{process.env.SLACK_TOKEN}}";'),
    ("js", f'const publicKey = "{SECRET}";'),
    ("js", f'const keyId = "{SECRET}";'),
    ("js", f'const tokenUrl = "{SECRET}";'),
    ("js", 'const secret = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";'),
    ("js", 'const key = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3";'),
    ("js", 'const cacheKey = "user-profile-settings-v2";'),
    ("js", 'const apiKey = "p_ab12CD3ef";'),
    ("js", 'const token = "https://auth.acme.io/oauth/token";'),
    ("js", f'const description = "{SECRET}";'),
    ("js", 'const secret = "the quick brown fox jumps";'),
    ("js", 'const passwordField = "input[name=password]";'),
    ("js", 'const auth = "sha512-Q3Jvc3N0cmluZ3N0cmluZ3N0cmluZw==";'),
    ("js", 'const key = "slack-send-message-to-channel";'),
    ("js", 'const testToken = "Ab3dEf6hIj9kLm2nOp5q";'),
    ("js", 'const token = "test-token-Ab3dEf6hIj9kLm";'),
    ("py", 'password = "password"'),
    ("py", 'secret = os.environ["SECRET"]'),
    ("py", 'token = f"{prefix}{SUFFIX}abcdefghij"'),
    ("py", 'api_key = "pk_live_51Hq2e3R4t5Y6u7I8o9P0aSdFgHjKlZxCvBnM"'),
    ("sh", 'API_KEY="${VENDOR_API_KEY}"'),
    ("sh", "TOKEN=$(cat /run/secrets/token)"),
]


@pytest.mark.parametrize(("lang", "code"), NEGATIVES)
def test_generic_near_misses(lang: str, code: str) -> None:
    assert generic(code + "\n", lang) == [], f"{lang}: near miss flagged"


def test_short_hard_coded_password_is_found() -> None:
    matches = generic('db_password = "Pg9!trek42"\n', "py")
    assert [m.detector for m in matches] == ["generic-password"]


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("stripeSecretKey", "secretkey"),
        ("stripe_key", "key"),
        ("API_KEY", "apikey"),
        ("X-Api-Key", "apikey"),
        ("apiKeyValue", "apikey"),
        ("clientSecret", "secret"),
        ("keyId", None),
        ("publicKey", None),
        ("passwordHash", None),
        ("tokenUrl", None),
        ("secretName", None),
        ("monkey", None),
    ],
)
def test_secret_words(name: str, word: str | None) -> None:
    assert secret_word(name) == word


def test_randomness_measures() -> None:
    assert shannon("aaaa") == 0.0
    assert shannon("abcd") == 2.0
    assert looks_random(SECRET)
    assert not looks_random("thisIsMyVeryLongVariable")
    assert not looks_random("aws-s3-upload-files-v2")
    assert not looks_random("short1A")


COMPONENT = (
    "export default defineComponent({{\n"
    "  name: 'Url2Pic',\n  version: '0.0.1',\n  {meta}: '{value}',\n  type: 'action',\n"
    "  props: {{}},\n  async run() {{ return 1; }},\n}});\n"
)


@pytest.mark.parametrize("meta", ["key", "name", "description"])
@pytest.mark.parametrize("value", ["api-flash-url2pic", SECRET])
def test_component_metadata_is_never_a_secret(meta: str, value: str) -> None:
    assert generic(COMPONENT.format(meta=meta, value=value), "js") == []


def test_key_of_a_plain_object_is_still_a_secret() -> None:
    code = f"const client = new Api({{ key: '{SECRET}', region: 'eu' }});\n"
    assert [m.context_name for m in generic(code, "js")] == ["key"]


def test_component_key_without_run_but_with_version() -> None:
    """A `module.exports = { key, version, … }` component whose run lives in a spread."""
    code = f"module.exports = {{ ...base, key: '{SECRET}', version: '0.1.0' }};\n"
    assert generic(code, "js") == []
