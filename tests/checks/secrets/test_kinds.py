"""Severity, liveness and spans: payment keys, JWTs, private keys, URLs, headers."""

from __future__ import annotations

import base64
import json
import random

from checks.model import Language, Severity
from checks.parsing import parse_code
from checks.secrets import SecretKind, find_secrets
from tests.checks.secrets.corpus_values import FORMATS, jwt, pem


def scan_js(text: str):
    return find_secrets(parse_code(text, Language.NODE))


def scan_py(text: str):
    return find_secrets(parse_code(text, Language.PYTHON))


def one(matches, detector: str):
    found = [m for m in matches if m.detector == detector]
    assert len(found) == 1, f"expected one {detector}, got {[m.detector for m in matches]}"
    return found[0]


def test_stripe_live_is_critical_and_test_is_medium() -> None:
    rng = random.Random(1)
    live, test = FORMATS["stripe-live-key"](rng), FORMATS["stripe-test-key"](rng)
    matches = scan_js(f'const a = "{live}";\nconst b = "{test}";\n')
    by_value = {m.value: m for m in matches}
    assert by_value[live].severity is Severity.CRITICAL and by_value[live].live is True
    assert by_value[test].severity is Severity.MEDIUM and by_value[test].live is False
    assert by_value[live].env_name != by_value[test].env_name, "two secrets, two env names"


def test_stripe_publishable_and_documented_keys_are_ignored() -> None:
    rng = random.Random(2)
    pk = FORMATS["stripe-publishable"](rng)
    text = f'const pk = "{pk}";\nconst docs = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";\n'
    assert scan_js(text) == []


def test_aws_secret_only_near_key_id_or_by_name() -> None:
    rng = random.Random(3)
    key_id, secret = FORMATS["aws-access-key-id"](rng), FORMATS["aws-secret-access-key"](rng)
    near = scan_js(f'const c = {{ id: "{key_id}", s: "{secret}" }};\n')
    assert {m.detector for m in near} == {"aws-access-key-id", "aws-secret-access-key"}
    far = scan_js(f'const blob = "{secret}";\n')
    assert far == []
    named = scan_py(f'aws_secret = "{secret}"\n')
    assert [m.provider for m in named] == ["AWS"]


def test_jwt_severity_follows_claims() -> None:
    rng = random.Random(4)
    service = FORMATS["jwt-service"](rng)
    session = FORMATS["jwt-session"](rng)
    anon = FORMATS["supabase-anon-key"](rng)
    m = scan_js(f'const k = "{service}";\n')
    assert m[0].provider == "Supabase" and m[0].severity is Severity.HIGH
    assert m[0].env_name.startswith("SUPABASE")
    m = scan_js(f'const k = "{session}";\n')
    assert m[0].provider == "JWT" and m[0].severity is Severity.MEDIUM
    assert scan_js(f'const k = "{anon}";\n') == []
    no_exp = jwt(rng, {"sub": "integration"})
    assert scan_js(f'const k = "{no_exp}";\n')[0].severity is Severity.HIGH


def test_jwt_io_example_is_ignored() -> None:
    example = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwi"
        "aWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
    )
    assert scan_js(f'const sample = "{example}";\n') == []


def test_private_key_span_covers_the_whole_block() -> None:
    key = pem(random.Random(5))
    text = f"const a = 1;\nconst key = `{key}`;\n"
    m = one(scan_js(text), "private-key")
    assert m.kind is SecretKind.PRIVATE_KEY
    assert text.encode()[m.start : m.end] == key.encode()


def test_service_account_json_is_labelled_google() -> None:
    key = pem(random.Random(6), "PRIVATE KEY", escaped=True)
    doc = {
        "type": "service_account",
        "private_key": "PLACEHOLDER",
        "client_email": "a@b.iam.gserviceaccount.com",
    }
    text = "creds = " + json.dumps(doc).replace("PLACEHOLDER", key) + "\n"
    m = one(scan_py(text), "gcp-service-account-key")
    assert m.provider == "Google Cloud" and m.env_name == "GOOGLE_PRIVATE_KEY"
    assert text.encode()[m.start : m.end] == key.encode()


def test_public_keys_and_elided_private_keys_are_ignored() -> None:
    body = base64.b64encode(random.Random(7).randbytes(300)).decode()
    public = f"-----BEGIN PUBLIC KEY-----\n{body}\n-----END PUBLIC KEY-----"
    elided = "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----"
    assert scan_js(f"const a = `{public}`;\nconst b = `{elided}`;\n") == []


def test_url_password_span_is_only_the_password() -> None:
    text = 'const url = "mysql://reporter:Q7v!x2Lm9Kd@db.acme.io:3306/sales";\n'
    m = one(scan_js(text), "url-password")
    assert text.encode()[m.start : m.end] == b"Q7v!x2Lm9Kd"
    assert m.kind is SecretKind.URL_CREDENTIALS and m.env_name == "MYSQL_PASSWORD"


def test_url_without_real_password_is_ignored() -> None:
    text = (
        'const a = "postgres://user:password@localhost/db";\n'
        "const b = `postgres://${u}:${p}@db.acme.io/app`;\n"
        'const c = "https://api.acme.io/v1?user=me";\n'
        'const d = "redis://:$REDIS_PASSWORD@cache:6379";\n'
    )
    assert scan_js(text) == []


def test_connection_string_password() -> None:
    text = 'conn = "Server=tcp:sql.acme.io,1433;Database=crm;User ID=etl;Password=Zq8!rT3vLp0w;"\n'
    m = one(scan_py(text), "connection-string-password")
    assert text.encode()[m.start : m.end] == b"Zq8!rT3vLp0w"


def test_bearer_span_is_only_the_token() -> None:
    text = 'const h = { Authorization: "Bearer 8hD2kLq9ZxV4mN7pR1sT6wY3" };\nfetch("https://api.widgets.io/x");\n'
    m = one(scan_js(text), "bearer-auth-header")
    assert text.encode()[m.start : m.end] == b"8hD2kLq9ZxV4mN7pR1sT6wY3"
    assert m.env_name == "WIDGETS_API_TOKEN"


def test_provider_token_inside_bearer_wins() -> None:
    gh = FORMATS["github-pat"](random.Random(8))
    matches = scan_js(f'const h = {{ Authorization: "Bearer {gh}" }};\n')
    assert [m.detector for m in matches] == ["github-pat"]


def test_basic_header_needs_real_credentials() -> None:
    creds = base64.b64encode(b"svc_sync:Pq8!zR2mX7").decode()
    placeholder = base64.b64encode(b"user:password").decode()
    text = f'h1 = "Basic {creds}"\nh2 = "Basic {placeholder}"\nh3 = "Basic " + token\n'
    matches = scan_py(text)
    assert [m.detector for m in matches] == ["basic-auth-header"]
    assert matches[0].value == creds


def test_templates_and_concatenation_are_not_headers() -> None:
    text = (
        "const a = `Bearer ${token}`;\n"
        'const b = "Bearer " + token;\n'
        'const c = "Bearer YOUR_TOKEN_HERE_123";\n'
    )
    assert scan_js(text) == []


def test_raw_tokens_found_in_unparseable_code() -> None:
    gh = FORMATS["github-pat"](random.Random(9))
    text = f'export default defineComponent({{ run() {{ const t = "{gh}" if (\n'
    assert [m.detector for m in scan_js(text)] == ["github-pat"]
    py = f'def handler(pd:\n    token = "{gh}"\n'
    assert [m.detector for m in scan_py(py)] == ["github-pat"]


def test_same_secret_twice_has_one_id_and_one_env_name() -> None:
    gh = FORMATS["github-pat"](random.Random(10))
    matches = scan_js(f'const a = "{gh}";\nconst b = "{gh}";\n')
    assert len(matches) == 2
    assert matches[0].secret_id == matches[1].secret_id
    assert matches[0].env_name == matches[1].env_name


def test_results_are_cached_per_code_object() -> None:
    code = parse_code('const t = "ghp_' + "aB3" * 12 + '";\n', Language.NODE)
    assert find_secrets(code) is find_secrets(code)
