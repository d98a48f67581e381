"""Raw-text detectors for credentials in URLs / connection strings and literal auth headers."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass

from checks.model import Severity
from checks.parsing.vocabulary import is_credential_query
from checks.secrets.entropy import looks_random
from checks.secrets.filters import has_test_word, is_documented_example, is_placeholder, low_variety
from checks.secrets.model import SecretKind


@dataclass(frozen=True)
class RawHit:
    start: int
    end: int
    detector: str
    provider: str
    description: str
    env_name: str
    kind: SecretKind
    severity: Severity = Severity.HIGH


_URL_CREDS = re.compile(
    rb"(?<![A-Za-z0-9+.\-])(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]{1,20})://"
    rb"(?P<user>[^\s:@/?#'\"`<>{}\[\]\\]{0,128}):(?P<v>[^\s@/?#'\"`<>{}\[\]\\]{1,256})@"
    rb"(?P<host>[A-Za-z0-9.\-_]+|\[[0-9a-fA-F:]+\])"
)
# What every `_URL_CREDS` match contains: "://", then `user:password` (2-385 bytes, none of
# them "@", whitespace or another byte both parts exclude), then "@". A cheap test first.
_URL_CREDS_HINT = re.compile(rb"://[^\s@/?#'\"`<>{}\[\]\\]{2,385}@")
_CONN_PASSWORD = re.compile(
    rb"(?i)(?:[;?&]|[\"'`])\s*(?:password|pwd)\s*=\s*(?P<v>[^;&'\"`\s]{4,128})(?=[;&'\"`])"
)
_AUTH_HEADER = re.compile(
    rb"(?<![A-Za-z0-9_])(?P<scheme>[Bb]earer|BEARER|[Bb]asic|BASIC|Token)[ \t]+"
    rb"(?P<v>[A-Za-z0-9._~+/\-]{16,}=*)(?![A-Za-z0-9._~+/\-=])"
)
# `_AUTH_HEADER` without its boundary checks: faster to search (no leading lookbehind).
_AUTH_HEADER_HINT = re.compile(
    rb"(?:[Bb]earer|BEARER|[Bb]asic|BASIC|Token)[ \t]+[A-Za-z0-9._~+/\-]{16}"
)
_WEAK_PASSWORDS = frozenset(
    {
        "password",
        "pass",
        "passwd",
        "pwd",
        "pw",
        "secret",
        "user",
        "username",
        "admin",
        "root",
        "postgres",
        "guest",
        "test",
        "mysql",
        "redis",
        "changeme",
        "pass123",
        "password123",
        "example",
        "yourpassword",
        "mypassword",
        "x",
        "xxx",
        "token",
        "apikey",
        "api_key",
        "key",
    }
)
_SCHEME_WORDS = {
    "postgres": ("PostgreSQL", "POSTGRES_PASSWORD"),
    "postgresql": ("PostgreSQL", "POSTGRES_PASSWORD"),
    "mysql": ("MySQL", "MYSQL_PASSWORD"),
    "mariadb": ("MariaDB", "MYSQL_PASSWORD"),
    "mongodb": ("MongoDB", "MONGODB_PASSWORD"),
    "mongodb+srv": ("MongoDB", "MONGODB_PASSWORD"),
    "redis": ("Redis", "REDIS_PASSWORD"),
    "rediss": ("Redis", "REDIS_PASSWORD"),
    "amqp": ("AMQP", "AMQP_PASSWORD"),
    "amqps": ("AMQP", "AMQP_PASSWORD"),
    "ftp": ("FTP", "FTP_PASSWORD"),
    "sftp": ("SFTP", "SFTP_PASSWORD"),
    "smtp": ("SMTP", "SMTP_PASSWORD"),
    "smtps": ("SMTP", "SMTP_PASSWORD"),
    "mssql": ("SQL Server", "MSSQL_PASSWORD"),
    "sqlserver": ("SQL Server", "MSSQL_PASSWORD"),
}
_GENERIC_HOST_LABELS = {"www", "api", "app", "hooks", "rest", "v1", "v2", "gateway", "service"}


def host_word(host: str) -> str | None:
    """`api.acme-corp.io` → `ACME_CORP`; None for localhost and IP addresses."""
    host = host.strip("[]").lower()
    if not host or host == "localhost" or re.fullmatch(r"[0-9.:]+", host):
        return None
    labels = [part for part in host.split(".") if part]
    if len(labels) >= 2:
        labels = labels[:-1]  # drop the TLD
    labels = [lab for lab in labels if lab not in _GENERIC_HOST_LABELS]
    if not labels:
        return None
    word = re.sub(r"[^a-z0-9]+", "_", labels[-1]).strip("_").upper()
    return word if word and word[0].isalpha() else None


def _weak_password(value: str) -> bool:
    return value.lower() in _WEAK_PASSWORDS or is_placeholder(value) or value.startswith(("$", "%"))


def url_credentials(data: bytes) -> Iterator[RawHit]:
    """Passwords in `scheme://user:password@host` URLs and `Password=…;` connection strings."""
    if _URL_CREDS_HINT.search(data) is not None:
        for m in _URL_CREDS.finditer(data):
            value = m.group("v").decode("utf-8", "replace")
            if _weak_password(value) or is_documented_example(value):
                continue
            scheme = m.group("scheme").decode().lower()
            provider, env = _SCHEME_WORDS.get(scheme, ("", ""))
            if not env:
                word = host_word(m.group("host").decode("utf-8", "replace"))
                provider = word.title() if word else "URL"
                env = f"{word}_PASSWORD" if word else "URL_PASSWORD"
            yield RawHit(
                m.start("v"),
                m.end("v"),
                "url-password",
                provider,
                f"password in a {scheme}:// URL",
                env,
                SecretKind.URL_CREDENTIALS,
            )
    lowered = data.lower()
    if b"password" in lowered or b"pwd" in lowered:
        for m in _CONN_PASSWORD.finditer(data):
            value = m.group("v").decode("utf-8", "replace")
            if _weak_password(value) or value.startswith("{"):
                continue
            yield RawHit(
                m.start("v"),
                m.end("v"),
                "connection-string-password",
                "Database",
                "password in a connection string",
                "DB_PASSWORD",
                SecretKind.URL_CREDENTIALS,
            )


def auth_headers(data: bytes) -> Iterator[RawHit]:
    """Literal `Bearer <token>` / `Basic <base64>` / `Token <token>` values."""
    lowered = data.lower()
    if b"bearer" not in lowered and b"basic" not in lowered and b"token " not in lowered:
        return
    if _AUTH_HEADER_HINT.search(data) is None:
        return
    for m in _AUTH_HEADER.finditer(data):
        value = m.group("v").decode("utf-8", "replace")
        scheme = m.group("scheme").decode().lower()
        if is_placeholder(value) or is_documented_example(value):
            continue
        if scheme == "basic":
            if not _basic_is_credentials(value):
                continue
            yield RawHit(
                m.start("v"),
                m.end("v"),
                "basic-auth-header",
                "HTTP",
                "Basic Authorization credential",
                "BASIC_AUTH_CREDENTIALS",
                SecretKind.AUTH_HEADER,
            )
            continue
        if not looks_random(value):
            continue
        yield RawHit(
            m.start("v"),
            m.end("v"),
            "bearer-auth-header",
            "HTTP",
            f"{scheme.title()} token in an Authorization header",
            "API_TOKEN",
            SecretKind.AUTH_HEADER,
        )


def _basic_is_credentials(value: str) -> bool:
    try:
        decoded = base64.b64decode(value + "=" * (-len(value) % 4), validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    if ":" not in decoded:
        return False
    _user, _, password = decoded.partition(":")
    return bool(password) and not _weak_password(password) and decoded.isprintable()


# `?api_key=<value>` / `&access_token=<value>` written inside a URL. A signature (`sig=`,
# presigned URLs) expires and is left out.
_QUERY_CRED = re.compile(
    rb"[?&](?P<name>[A-Za-z][A-Za-z0-9_\-]{1,40})="
    rb"(?P<v>[A-Za-z0-9_\-.~%]{8,256})(?=[&#\"'`\s]|$)"
)
_QUERY_HINT = re.compile(rb"[?&][A-Za-z0-9_\-]*(?:key|token|secret|auth|pass|pw)=", re.IGNORECASE)
_EXTRA_QUERY_NAMES = frozenset({"access_key", "accesskey", "client_secret", "auth_token"})
_EXPIRING = frozenset({"sig", "signature", "hmac"})


def url_query_credentials(data: bytes) -> Iterator[RawHit]:
    """Credentials in a URL's query string (`…?api_key=…`), whatever the text before them."""
    if _QUERY_HINT.search(data) is None:
        return
    for m in _QUERY_CRED.finditer(data):
        name = m.group("name").decode("ascii").lower()
        if name in _EXPIRING or not (is_credential_query(name) or name in _EXTRA_QUERY_NAMES):
            continue
        value = m.group("v").decode("utf-8", "replace")
        if (
            is_placeholder(value)
            or is_documented_example(value)
            or has_test_word(value)
            or low_variety(value)
        ):
            continue
        word = name.upper().replace("-", "_")
        yield RawHit(
            m.start("v"),
            m.end("v"),
            "url-query-credential",
            "URL",
            f"credential in a URL query ({name}=)",
            word if word not in ("KEY", "TOKEN") else f"API_{word}",
            SecretKind.URL_CREDENTIALS,
        )
