"""The one vocabulary of stepguard's analyses: what names, clients and primitives mean.

Every analysis asks here whether a name holds a credential, which callee is an HTTP client, which
header carries a signature and which call hashes, signs or compares; nothing else keeps a word
list. Sections: words of a name; secret-value names (the secret detectors); sensitive data (the
logging data flow); credential, signature and verifier names (the auth analysis); credential
option keys (transport); HTTP clients; hashing, HMAC and comparison primitives.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

# -- words of a name ------------------------------------------------------------------------

_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


@lru_cache(maxsize=4096)
def words(name: str) -> tuple[str, ...]:
    """Lower-cased words: `X-Api-Key` → (x, api, key); `secretKEY2` → (secret, key, 2).

    Runs of ASCII letters split at case changes, runs of digits on their own; anything else
    separates (`x-hub-signature-256` → (x, hub, signature, 256)).
    """
    return tuple(w.lower() for w in _WORDS.findall(name))


@lru_cache(maxsize=4096)
def compact(name: str) -> str:
    """Lower-case alphanumerics only: `DD-API-KEY` → `ddapikey`."""
    return "".join(words(name))


# -- secret-value names (the secret detectors' name context) ----------------------------------

SECRET_WORDS = frozenset(
    {
        "key",
        "token",
        "secret",
        "password",
        "passwd",
        "pwd",
        "pw",
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
PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "pw", "pass", "passphrase"})
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


# -- sensitive data (the logging data flow) --------------------------------------------------

# Env var names: Pipedream users keep every secret in env vars, but also plain config
# (`NODE_ENV`, `BASE_URL`, `CHANNEL_ID`); a name containing one of these words is a secret.
_ENV_WORDS = (
    "KEY",
    "TOKEN",
    "SECRET",
    "PASS",
    "PWD",
    "AUTH",
    "CREDENTIAL",
    "PRIVATE",
    "SESSION",
    "COOKIE",
    "SIGNING",
)
_ENV_NOT = ("AUTHOR", "KEYWORD", "BYPASS", "PASSTHROUGH", "COMPASS")


@lru_cache(maxsize=1024)
def is_sensitive_env(name: str) -> bool:
    upper = name.upper()
    for word in _ENV_NOT:
        upper = upper.replace(word, "")
    return any(word in upper for word in _ENV_WORDS)


# Header names (Pipedream lower-cases them; compare case-insensitively).
_HEADER_EXACT = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
        "apikey",
        "x-apikey",
        "x-key",
        "x-access-key",
        "x-secret",
        "x-webhook-secret",
        "x-gitlab-token",
        "x-shopify-hmac-sha256",
        "x-amz-security-token",
    }
)
_HEADER_WORDS = re.compile(
    r"signature|hmac|token|secret|password|passwd|auth(?!or)|session|cookie|api[-_]?key"
)


@lru_cache(maxsize=1024)
def is_sensitive_header(name: str) -> bool:
    lower = name.lower().strip()
    return lower in _HEADER_EXACT or bool(_HEADER_WORDS.search(lower))


_QUERY_WORDS = re.compile(
    r"token|secret|signature|^sig$|password|passwd|^pass$|^pwd$|api[-_]?key|^key$|auth(?!or)|hmac|session"
)


@lru_cache(maxsize=1024)
def is_sensitive_query(name: str) -> bool:
    """Query parameters that carry a credential (`?token=…`, `?api_key=…`, `?sig=…`)."""
    return bool(_QUERY_WORDS.search(name.lower()))


# -- credential, signature and verifier names (the auth analysis) ---------------------------

_CRED_WORDS = frozenset(
    {
        "authorization",
        "signature",
        "sig",
        "hmac",
        "secret",
        "token",
        "password",
        "passwd",
        "apikey",
        "digest",
        "bearer",
        "jwt",
        "mac",
        "signatures",
        "secrets",
        "tokens",
    }
)
_KEY_QUALIFIERS = frozenset(
    {"api", "access", "secret", "signing", "webhook", "hmac", "auth", "shared"}
)
# Words that make an identifier *about* a credential rather than the credential itself.
_NOT_VALUE_WORDS = frozenset(
    {
        "length",
        "len",
        "type",
        "types",
        "count",
        "name",
        "names",
        "url",
        "header",
        "headers",
        "id",
        "version",
        "algorithm",
        "alg",
        "scheme",
        "prefix",
        "expires",
        "expiry",
        "timestamp",
        "ts",
        "label",
        "description",
        "format",
        "encoding",
        "field",
        "key_name",
        "page",
        "next",
        "cursor",
        "index",
        "parts",
        "part",
        "valid",
        "is",
        "has",
        "method",
        "methods",
    }
)
_QUERY_CRED = frozenset(
    {
        "token",
        "key",
        "api_key",
        "apikey",
        "secret",
        "sig",
        "signature",
        "auth",
        "access_token",
        "password",
        "pass",
        "pw",
        "hmac",
        "webhook_secret",
        "code_token",
    }
)
# Tokens that stop a "token" word from being a credential (`pageToken`, `nextToken`).
_TOKEN_NONCRED = frozenset(
    {"page", "next", "continuation", "sync", "cursor", "csrf", "plain", "refresh"}
)

VERIFY_WORDS = frozenset(
    {
        "verify",
        "verified",
        "validate",
        "authenticate",
        "authorize",
        "authorized",
        "authenticated",
        "verification",
    }
)


def is_credential_header_name(name: str) -> bool:
    """A header whose name says it carries a credential (providers' own headers: `checks.auth`)."""
    ws = set(words(name.lower()))
    if "key" in ws and ws & _KEY_QUALIFIERS:
        return True
    if "token" in ws and ws & _TOKEN_NONCRED:
        return False
    if "timestamp" in ws or "algorithm" in ws or "version" in ws:
        return False
    return bool(ws & (_CRED_WORDS | {"auth", "apikey"}))


def is_timestamp_name(name: str) -> bool:
    ws = words(name)
    return "timestamp" in ws or "ts" in ws


def is_credential_query(name: str) -> bool:
    return name.lower() in _QUERY_CRED


def is_secretish_name(name: str) -> bool:
    """An identifier that likely holds a credential, signature or secret value."""
    ws = words(name)
    if not ws:
        return False
    s = set(ws)
    if s & _NOT_VALUE_WORDS:
        return False
    if "key" in s and s & _KEY_QUALIFIERS:
        return True
    if "token" in s and s & _TOKEN_NONCRED:
        return False
    return bool(s & _CRED_WORDS) or name.lower() in {"apikey", "api_key", "auth"}


# Every way `is_secretish_name` can hold needs one of these in the name (case-insensitively):
# a word of _CRED_WORDS, "key" (with a qualifier), or apikey/api_key/auth. Keep in step.
_SECRETISH_HINT = re.compile(rb"sig|mac|secret|token|passw|key|digest|bearer|jwt|auth", re.I)


def might_be_secretish(source: bytes, start: int = 0, end: int | None = None) -> bool:
    """False when no name written in `source[start:end]` can pass `is_secretish_name`."""
    return _SECRETISH_HINT.search(source, start, len(source) if end is None else end) is not None


def secret_kind(name: str) -> str | None:
    """'secret' for keys/tokens/passwords, 'signature' for signatures/digests, None otherwise."""
    if not is_secretish_name(name):
        return None
    s = set(words(name))
    if s & {"signature", "sig", "hmac", "digest", "mac"} and not s & {"secret", "key", "signing"}:
        return "signature"
    return "secret"


# Every way `is_verify_name` can hold needs one of these (case-insensitively): "verif", "validat",
# "auth" (VERIFY_WORDS), a credential word after "check", or a listed name. A backslash too: a
# callee's `["\x76erify"]` key is unescaped before the test. Keep in step.
_VERIFY_HINT = re.compile(
    rb"verif|validat|auth|sig|mac|secret|token|key|digest|timingsafeequal|constructevent"
    rb"|safecompare|securecompare|tsscmp|\\",
    re.I,
)


def might_be_verify_name(source: bytes, start: int = 0, end: int | None = None) -> bool:
    """False when no callee written in `source[start:end]` can pass `is_verify_name`."""
    return _VERIFY_HINT.search(source, start, len(source) if end is None else end) is not None


@lru_cache(maxsize=4096)  # asked for every call's name, in several passes
def is_verify_name(name: str) -> bool:
    """`verifySignature`, `validate_webhook`, `checkAuth`, `isAuthorized`, `timingSafeEqual`."""
    ws = set(words(name))
    if ws & VERIFY_WORDS:
        return True
    if "check" in ws and ws & {"signature", "sig", "hmac", "auth", "token", "secret", "key"}:
        return True
    return name in {
        "timingSafeEqual",
        "compare_digest",
        "constructEvent",
        "constructEventAsync",
        "validateRequest",
        "verifyKey",
        "safeCompare",
        "secureCompare",
        "tsscmp",
    }


_SCHEME_WORDS = frozenset(
    {
        "bearer",
        "basic",
        "token",
        "digest",
        "sha256",
        "sha1",
        "sha512",
        "v0",
        "v1",
        "hmac-sha256",
        "hmac",
        "apikey",
        "api-key",
        "jwt",
        "signature",
        "none",
        "null",
        "undefined",
        "true",
        "false",
    }
)


def looks_like_credential_literal(value: str) -> bool:
    """A string literal that may be a hard-coded credential (not a scheme word or a tiny marker)."""
    v = value.strip()
    if len(v) < 6 or v.lower() in _SCHEME_WORDS:
        return False
    # prose with spaces is not a credential, unless it is an Authorization value
    return " " not in v or v.lower().startswith(("bearer ", "basic ", "token "))


# -- credential option keys and env names (transport, connected accounts) --------------------

# Header, option and query names that carry credentials.
_AUTH_KEY = re.compile(
    r"(^|[-_])(authorization|auth|api[-_]?key|apikey|key|token|access[-_]?token|bearer|secret|"
    r"password|passwd|private[-_]?token|x[-_]api[-_]key)($|[-_])|apikey|apitoken|accesstoken",
    re.IGNORECASE,
)
# Environment variable names that hold credentials.
SECRET_ENV_NAME = re.compile(r"KEY|TOKEN|SECRET|PASS|AUTH|CRED|BEARER|SID|PAT", re.IGNORECASE)
_NOT_AUTH = re.compile(r"idempotency|cache|partition|sort|primary|foreign|public", re.IGNORECASE)


def is_auth_key(name: str) -> bool:
    """Whether a header, option or query name carries a credential."""
    name = name.strip()
    return bool(_AUTH_KEY.search(name)) and not _NOT_AUTH.search(name)


# HTTP client option keys that carry credentials (`{ auth: … }`, `headers.authorization`).
AUTH_CONFIG_KEYS = frozenset(
    {"auth", "authorization", "headers.authorization", "password", "bearer", "token"}
)


# -- HTTP clients -----------------------------------------------------------------------------

# Node. Request methods of the clients (`axios.get`, `got.post`, …).
HTTP_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request"})
JS_GET_LIKE = frozenset({"get", "delete", "del", "head", "options", "stream"})
JS_POST_LIKE = frozenset({"post", "put", "patch", "postForm", "putForm", "patchForm"})
JS_FETCH = frozenset(
    {"fetch", "globalThis.fetch", "node-fetch", "undici.fetch", "cross-fetch", "isomorphic-fetch"}
)
# Qualified name prefix → client family. Imports decide the qualified name.
JS_CLIENT_FAMILIES: tuple[tuple[str, str], ...] = (
    ("@pipedream/platform.axios", "axios"),
    ("axios", "axios"),
    ("got", "got"),
    ("ky", "ky"),
    ("superagent", "superagent"),
    ("request", "request"),
    ("http", "http"),
    ("https", "https"),
    ("undici", "undici"),
)
# Distinctive names treated as the library even when the import is not in the step.
JS_IMPLICIT_CLIENTS = frozenset({"axios", "got", "superagent"})
JS_CLIENTS_NEEDING_IMPORT = frozenset({"request", "http", "https", "undici", "ky"})
JS_CLIENT_FACTORIES = {
    "axios.create": "axios",
    "got.extend": "got",
    "ky.create": "ky",
    "ky.extend": "ky",
}
JS_UNDICI_CLASSES = ("undici.Client", "undici.Pool")
# Clients whose errors carry the request they sent (headers included), and their instance
# factories (`axios.create({...})`): what the logging data flow follows into `catch`.
JS_ERROR_CLIENTS = frozenset({"axios", "got"})
JS_ERROR_CLIENT_FACTORIES = frozenset({"axios.create", "got.extend"})
# First word of a callee that makes an outbound request (auth: work done before a check).
JS_HTTP_ROOTS = frozenset(
    {"axios", "fetch", "got", "request", "superagent", "needle", "ky", "undici"}
)
# WebSocket clients. The global `WebSocket` (Node 22+) needs no import unless the name is bound
# in the step; the others are recognised through their imports (qualified name → client).
JS_GLOBAL_WEBSOCKET = frozenset({"WebSocket", "globalThis.WebSocket"})
JS_WEBSOCKET_CLASSES = {
    "ws": "ws",
    "ws.WebSocket": "ws",
    "isomorphic-ws": "isomorphic-ws",
    "isomorphic-ws.WebSocket": "isomorphic-ws",
    "undici.WebSocket": "undici",
    "socket.io-client.Manager": "socket.io-client",
}
# `io(url)`, `io.connect(url)` from socket.io-client (default or named import).
JS_SOCKET_IO_CALLS = frozenset(
    {"socket.io-client", "socket.io-client.io", "socket.io-client.connect"}
)

# Python.
PY_HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
PY_MODULE_CLIENTS = {
    "requests": "requests",
    "httpx": "httpx",
    "aiohttp": "aiohttp",
    "urllib3": "urllib3",
}
# Constructors of session/client objects → client family.
PY_SESSION_CTORS = {
    "requests.Session": "requests",
    "requests.session": "requests",
    "requests.sessions.Session": "requests",
    "httpx.Client": "httpx",
    "httpx.AsyncClient": "httpx",
    "aiohttp.ClientSession": "aiohttp",
    "urllib3.PoolManager": "urllib3",
}
PY_IMPLICIT_CLIENTS = frozenset({"requests", "httpx"})
# First dotted part of a callee with outside effects (auth: work done before a check).
PY_HTTP_ROOTS = frozenset(
    {"requests", "httpx", "urllib", "aiohttp", "urllib3", "smtplib", "subprocess", "boto3"}
)
# WebSocket connections: qualified function or class → (client, positional index, keyword) of
# the URL argument.
PY_WEBSOCKET_CALLS = {
    "websockets.connect": ("websockets", 0, "uri"),
    "websockets.client.connect": ("websockets", 0, "uri"),
    "websockets.asyncio.client.connect": ("websockets", 0, "uri"),
    "websockets.sync.client.connect": ("websockets", 0, "uri"),
    "websockets.legacy.client.connect": ("websockets", 0, "uri"),
    "websocket.create_connection": ("websocket-client", 0, "url"),
    "websocket.WebSocketApp": ("websocket-client", 0, "url"),
}
# Objects whose `connect(url)` opens a WebSocket (websocket-client's `WebSocket()`).
PY_WEBSOCKET_OBJECTS = {"websocket.WebSocket": "websocket-client"}


# -- hashing, HMAC and comparison primitives --------------------------------------------------

JS_HMAC = "createHmac"  # `crypto.createHmac(alg, key)`
JS_SAFE_EQUAL = "timingSafeEqual"  # `crypto.timingSafeEqual(a, b)`
PY_HMAC_CONSTRUCTORS = frozenset({"hmac.new", "hmac.HMAC"})
PY_HASH_CONSTRUCTOR = "hashlib.new"
PY_SAFE_EQUAL = "compare_digest"  # `hmac.compare_digest(a, b)` / `secrets.compare_digest`
# Modules whose calls never act on the outside world (hashing, parsing, clocks).
PY_PURE_MODULES = frozenset({"hmac", "hashlib", "json", "time", "re"})
# Calls that only compute (hash, encode, compare, convert): what a step that does nothing but
# check a signature may call. Functions by qualified name; methods by name, on a value the
# step computed itself or read from the request.
JS_PURE_FUNCTIONS = frozenset(
    {
        "crypto.createHmac",
        "crypto.createHash",
        "crypto.timingSafeEqual",
        "JSON.stringify",
        "JSON.parse",
        "Buffer.from",
        "Buffer.byteLength",
        "Buffer.compare",
        "String",
        "Number",
        "Boolean",
    }
)
JS_PURE_METHODS = frozenset(
    {
        "update",
        "digest",
        "toString",
        "toLowerCase",
        "toUpperCase",
        "trim",
        "slice",
        "substring",
        "startsWith",
        "endsWith",
        "split",
        "replace",
        "equals",
        "includes",
    }
)
PY_PURE_FUNCTIONS = frozenset(
    {
        "hmac.new",
        "hmac.HMAC",
        "hmac.compare_digest",
        "secrets.compare_digest",
        "hashlib.new",
        "hashlib.sha1",
        "hashlib.sha256",
        "hashlib.sha512",
        "json.dumps",
        "json.loads",
        "os.getenv",
        "os.environ.get",
        "base64.b64decode",
        "base64.b64encode",
        "str",
        "bytes",
        "len",
        "isinstance",
    }
)
PY_PURE_METHODS = frozenset(
    {
        "digest",
        "hexdigest",
        "update",
        "encode",
        "decode",
        "lower",
        "upper",
        "strip",
        "startswith",
        "endswith",
        "split",
        "removeprefix",
        "get",
    }
)

# Verifier calls of webhook SDKs (`stripe.webhooks.constructEvent`, `Webhook.verify`); the
# throwing ones reject a bad signature by raising.
JS_LIB_VERIFIERS = frozenset(
    {
        "constructEvent",
        "constructEventAsync",
        "validateRequest",
        "validateRequestWithBody",
        "verifyKey",
        "verify",
        "verifySignature",
        "verifyWebhook",
        "verifyWebhookSignature",
        "isValidSignature",
        "validateWebhook",
        "unmarshal",
        "isValidWebhookEventSignature",
        "jwtVerify",
    }
)
JS_THROWING_VERIFIERS = frozenset(
    {"constructEvent", "constructEventAsync", "verify", "unmarshal", "jwtVerify"}  # jose throws
)
PY_LIB_VERIFIERS = frozenset(
    {
        "construct_event",
        "verify",
        "verify_webhook",
        "validate",
        "verify_key",
        "verify_signature",
        "compare_digest",
        "verify_header",
        "unmarshal",
    }
)
PY_THROWING_VERIFIERS = frozenset(
    {"construct_event", "verify", "verify_header", "unmarshal", "verify_signature"}
)
# JWT libraries' `decode(token, key, …)`: verifies the signature and raises when it does not hold
# (unless told not to: `options={"verify_signature": False}`, PyJWT 1's `verify=False`).
PY_JWT_DECODERS = frozenset({"jwt.decode", "jwt.api_jwt.decode", "jose.jwt.decode"})


# Verifiers that return whether the signature holds (`const ok = crypto.verify(…)`): their
# result is a verification result, as a local verifier's is.
JS_BOOLEAN_VERIFIERS = frozenset(
    {"crypto.verify", "crypto.subtle.verify", "tweetnacl.sign.detached.verify"}
)


# -- key material for verification (JWKS, certificates) -------------------------------------
# Calls that turn fetched key material into a key, or verify with it. A GET of a configured URL
# whose response only reaches these fetches the verifier's keys: part of the check, not work done
# before it (`checks.parsing.keyfetch`). Qualified callees (imports resolved); the `_LAST` sets
# are names distinctive enough to match as the last part of any callee.
JS_KEY_SINKS = frozenset(
    {
        "crypto.createPublicKey",
        "crypto.verify",
        "crypto.subtle.importKey",
        "crypto.webcrypto.subtle.importKey",
        "crypto.X509Certificate",
        "jose.importJWK",
        "jose.importX509",
        "jose.importSPKI",
        "jose.createLocalJWKSet",
        "jose.jwtVerify",
        "jose.compactVerify",
        "jose.flattenedVerify",
        "jose.JWK.asKeyStore",
        "node-jose.JWK.asKeyStore",
        "jsonwebtoken.verify",
        "jwk-to-pem",
    }
)
JS_KEY_SINKS_LAST = frozenset(
    {"createPublicKey", "importJWK", "importX509", "importSPKI", "createLocalJWKSet", "jwkToPem"}
)
PY_KEY_SINKS = frozenset(
    {
        "jwt.decode",
        "jwt.api_jwt.decode",
        "jwt.PyJWK",
        "jwt.PyJWK.from_dict",
        "jwt.PyJWK.from_json",
        "jwt.PyJWKSet",
        "jwt.PyJWKSet.from_dict",
        "jwt.PyJWKSet.from_json",
        "jose.jwt.decode",
        "jose.jwk.construct",
        "jose.jws.verify",
        "jwcrypto.jwk.JWK",
        "jwcrypto.jwk.JWK.from_json",
        "jwcrypto.jwk.JWKSet.from_json",
        "authlib.jose.JsonWebKey.import_key",
        "authlib.jose.JsonWebKey.import_key_set",
        "authlib.jose.jwt.decode",
    }
)
PY_KEY_SINKS_LAST = frozenset(
    {
        "from_jwk",
        "load_pem_public_key",
        "load_der_public_key",
        "load_pem_x509_certificate",
        "load_der_x509_certificate",
        "RSAPublicNumbers",
        "EllipticCurvePublicNumbers",
        "from_public_bytes",
    }
)
# Source text one of the sinks above needs (a cheap test before any flow is followed).
# Words one of which a step must contain to use key material (`createPublicKey`, `importJWK`,
# `jwkToPem`, `jwtVerify`, `PyJWK`, `load_pem_public_key`, …; the shortest that cover them all:
# plain substring tests are several times faster than one alternation over the step's bytes).
KEY_SINK_WORDS = (
    b"verify",
    b"Verify",
    b"jwk",
    b"JWK",
    b"createPublicKey",
    b"importX509",
    b"importSPKI",
    b"importKey",
    b"X509Certificate",
    b"asKeyStore",
    b"jwt.decode",
    b"load_pem_",
    b"load_der_",
    b"PublicNumbers",
    b"from_public_bytes",
    b"import_key",
)


def may_use_key_material(data: bytes) -> bool:
    """Whether the bytes contain a word of `KEY_SINK_WORDS` (no word: no key material used)."""
    return any(word in data for word in KEY_SINK_WORDS)


# -- calls with effects, logs and clocks (the auth analysis' "work before the check") --------

JS_EFFECT_LAST = frozenset(
    {
        "sendMail",
        "query",
        "execute",
        "exec",
        "execSync",
        "spawn",
        "writeFile",
        "writeFileSync",
        "appendFile",
        "appendFileSync",
        "post",
        "put",
        "patch",
        "insert",
        "insertOne",
        "insertMany",
        "updateOne",
        "updateMany",
        "deleteOne",
        "deleteMany",
        "upsert",
        "create",
        "$emit",
    }
)
JS_LOG_CALLS = frozenset(
    {
        "console.log",
        "console.info",
        "console.warn",
        "console.error",
        "console.debug",
        "console.dir",
        "console.trace",
        "$.export",
    }
)
JS_TIME_CALLS = frozenset({"Date.now", "performance.now", "moment", "dayjs", "DateTime.now"})
PY_EFFECT_LAST = frozenset(
    {
        "urlopen",
        "sendmail",
        "send_message",
        "execute",
        "executemany",
        "post",
        "put",
        "patch",
        "insert_one",
        "insert_many",
        "update_one",
        "delete_one",
        "run",
        "Popen",
        "check_output",
        "system",
    }
)
PY_LOG_CALLS = frozenset(
    {
        "print",
        "logging.info",
        "logging.debug",
        "logging.warning",
        "logging.error",
        "logging.critical",
        "logger.info",
        "logger.debug",
        "logger.warning",
        "logger.error",
        "log.info",
        "log.debug",
        "log.warning",
        "log.error",
        "pd.export",
    }
)
PY_TIME_CALLS = frozenset(
    {
        "time.time",
        "datetime.now",
        "datetime.utcnow",
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "time.monotonic",
        "time",
    }
)


def js_effect(name: str, parts: list[str], app_props: Collection[str]) -> str | None:
    """`name` when a JS call with this dotted callee acts on the outside world (a request, a
    send, a store write, an app method, a write-like method), else None."""
    if not parts:
        return None
    root, last = parts[0], parts[-1]
    if root in JS_HTTP_ROOTS or name in (
        "$.send.http",
        "$.send.email",
        "$.send.s3",
        "$.send.emit",
        "$.send.sse",
        "$.flow.trigger",
        "this.$emit",
        "$emit",
    ):
        return name
    if root == "$" and len(parts) > 2 and parts[1] == "send":
        return name
    if last in ("set", "setMany", "delete", "clear") and any(
        "db" in p.lower() or "store" in p.lower() for p in parts[:-1]
    ):
        return name
    if (
        root == "this"
        and len(parts) >= 3
        and parts[1] in app_props
        and not last.startswith(("_", "get"))
    ):
        return name
    if last in JS_EFFECT_LAST and root not in (
        "Object",
        "Buffer",
        "crypto",
        "JSON",
        "Math",
        "Array",
        "Promise",
    ):
        return name
    return None


def py_effect(name: str, parts: list[str]) -> str | None:
    """`name` when a Python call with this dotted callee acts on the outside world."""
    if not parts:
        return None
    if parts[:2] == ["urllib", "parse"]:
        return None  # URL parsing and quoting: no request
    if parts[0] in PY_HTTP_ROOTS or name.startswith(("pd.send", "pd.flow.trigger")):
        return name
    if parts[-1] in PY_EFFECT_LAST and parts[0] not in PY_PURE_MODULES:
        return name
    if parts[-1] in ("set", "delete") and any(
        "store" in p.lower() or "db" in p.lower() for p in parts[:-1]
    ):
        return name
    return None


# -- what a failure branch says ------------------------------------------------------------

FAILURE_WORDS = (
    "invalid",
    "unauthori",
    "forbidden",
    "denied",
    "mismatch",
    "fail",
    "not valid",
    "not allowed",
    "bad signature",
    "wrong",
    "reject",
)


def failure_text(value: str) -> bool:
    low = value.lower()
    return any(w in low for w in FAILURE_WORDS)
