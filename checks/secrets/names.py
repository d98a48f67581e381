"""What a name says: split identifiers into words and decide whether they name a secret."""

from __future__ import annotations

import re
from functools import lru_cache

_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")

SECRET_WORDS = frozenset(
    {
        "key",
        "token",
        "secret",
        "password",
        "passwd",
        "pwd",
        "pass",
        "passphrase",
        "auth",
        "authorization",
        "credential",
        "credentials",
        "apikey",
        "private",
        "privatekey",
        "secretkey",
        "accesskey",
        "signing",
        "bearer",
        "cred",
        "creds",
        "pat",
        "sig",
    }
)
PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "pass", "passphrase"})
# Trailing words that keep the meaning of the word before them (`apiKeyValue`, `token_str`).
FILLER_WORDS = frozenset(
    {"value", "val", "str", "string", "text", "raw", "b64", "base64", "hex", "1", "2"}
)
# Words that make a name about something other than a secret value.
NOT_SECRET_WORDS = frozenset(
    {
        "id",
        "ids",
        "name",
        "names",
        "type",
        "types",
        "label",
        "description",
        "desc",
        "url",
        "uri",
        "urls",
        "endpoint",
        "path",
        "file",
        "filename",
        "public",
        "publishable",
        "field",
        "fields",
        "prop",
        "props",
        "placeholder",
        "format",
        "length",
        "len",
        "count",
        "idempotency",
        "cache",
        "sort",
        "primary",
        "foreign",
        "partition",
        "hash",
        "hashed",
        "sha",
        "checksum",
        "digest",
        "etag",
        "integrity",
        "event",
        "events",
        "template",
        "version",
        "mode",
        "kind",
        "style",
        "class",
        "column",
        "index",
        "attr",
        "param",
        "params",
        "regex",
        "pattern",
        "prefix",
        "suffix",
        "expires",
        "expiry",
        "expiration",
        "ttl",
        "scope",
        "scopes",
        "method",
        "provider",
        "strategy",
        "route",
        "header",
        "headers",
        "location",
        "env",
        "var",
        "variable",
        "input",
        "selector",
        "button",
        "link",
        "icon",
        "color",
        "slug",
        "table",
        "property",
        "map",
        "list",
        "enum",
        "status",
        "state",
        "error",
        "message",
        "msg",
        "title",
        "hint",
        "help",
        "doc",
        "docs",
        "lookup",
        "test",
        "example",
        "sample",
        "dummy",
        "mock",
        "fake",
        "validation",
        "policy",
        "reset",
        "forgot",
        "confirm",
        "update",
        "request",
        "min",
        "max",
        "size",
        "limit",
        "rotation",
        "storage",
        "stream",
        "dedupe",
        "unique",
        "group",
        "order",
        "kid",
        "usage",
        "alias",
        "algorithm",
        "alg",
        "cipher",
        "nonce",
        "salt",
        "iv",
        "session",
        "user",
        "username",
        "login",
        "email",
        "host",
        "domain",
        "region",
        "account",
        "sid",
        "change",
        "client",
        "app",
        "project",
        "org",
        "workspace",
        "team",
        "channel",
        "phone",
    }
)
# Single words that, though in NOT_SECRET_WORDS, still name a secret when they come right
# before the secret word: `clientSecret`, `appPassword`, `userPassword`, `sessionToken`.
QUALIFIERS = frozenset(
    {
        "client",
        "app",
        "user",
        "session",
        "account",
        "project",
        "org",
        "workspace",
        "team",
        "email",
        "login",
        "host",
        "env",
    }
)


@lru_cache(maxsize=4096)
def words(name: str) -> tuple[str, ...]:
    """`X-Api-Key` → (x, api, key); `stripeSecretKEY2` → (stripe, secret, key, 2)."""
    return tuple(w.lower() for w in _WORDS.findall(name))


@lru_cache(maxsize=4096)
def compact(name: str) -> str:
    """Lower-case alphanumerics only: `DD-API-KEY` → `ddapikey`."""
    return "".join(words(name))


@lru_cache(maxsize=4096)
def secret_word(name: str | None) -> str | None:
    """The secret word a name ends with (`key`, `token`, `password`, …), or None.

    `stripeSecretKey`, `api_key`, `AUTH_TOKEN`, `X-Api-Key`, `apiKeyValue`, `clientSecret` name
    secrets; `keyId`, `publicKey`, `passwordHash`, `tokenUrl`, `secretName` do not.
    """
    if not name:
        return None
    ws = list(words(name))
    while ws and ws[-1] in FILLER_WORDS:
        ws.pop()
    if not ws:
        return None
    last = ws[-1]
    joined = "".join(ws[-2:])
    if last not in SECRET_WORDS and joined not in SECRET_WORDS:
        return None
    for w in ws[:-1]:
        if w in NOT_SECRET_WORDS and w not in QUALIFIERS:
            return None
    return joined if joined in SECRET_WORDS else last


def is_password_name(name: str | None) -> bool:
    word = secret_word(name)
    return word in PASSWORD_WORDS if word else False
