"""False-positive filters: placeholders, references, documented examples, ids and hashes."""

from __future__ import annotations

import re

from checks.secrets.entropy import is_hex

# Keys published in provider documentation (not secrets; flagging them only adds noise).
DOCUMENTED_EXAMPLES = frozenset(
    {
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AKIAI44QH8DHBEXAMPLE",
        "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
        "sk_test_26PHem9AhJZvU623DfE1x4sd",
        "rk_test_26PHem9AhJZvU623DfE1x4sd",
        "whsec_1234567890abcdef1234567890abcdef",
        "xoxb-not-a-real-token-this-will-not-work",
        "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
        "SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
        "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwi"
        "aWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI",
    }
)

_PLACEHOLDER_WORDS = re.compile(
    r"your[_\-\s.]?|<[^>]*>|\{\{|\}\}|\$\{|%[sd]|xxxx|\*\*\*|\.\.\.|…|changeme|change[_-]?me|example"
    r"|dummy|placeholder|sample|redacted|replace[_-]?(?:me|this|with)|insert[_-]?|todo|fixme"
    r"|secret[_-]?here|token[_-]?here|key[_-]?here|goes[_-]?here|not[_-]?a[_-]?real|fake",
    re.IGNORECASE,
)
_TEST_WORD = re.compile(r"(?:^|[^a-z])(?:test|testing|demo|mock|foo|bar|lorem)(?:[^a-z]|$)", re.I)
_REFERENCE = re.compile(r"^\$[A-Za-z_{(]|^%[A-Za-z_]+%$|process\.env|os\.environ|\$auth|^env\.")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_PIPEDREAM_ID = re.compile(r"(?:p|apn|hi|dc|sc|c|pd|ti|ei|o|proj|tch|exu|oa|ctok)_[A-Za-z0-9]{4,}")
_INTEGRITY = re.compile(r"^(?:sha1|sha256|sha384|sha512|md5)-[A-Za-z0-9+/=]+$")
HASH_HEX_LENGTHS = frozenset({32, 40, 56, 64, 96, 128})


def is_placeholder(value: str) -> bool:
    """Template text, references and filler (`YOUR_API_KEY`, `${KEY}`, `xxxx`, `changeme`)."""
    if _PLACEHOLDER_WORDS.search(value) or _REFERENCE.search(value):
        return True
    return low_variety(value)


def has_test_word(value: str) -> bool:
    return bool(_TEST_WORD.search(value))


def low_variety(value: str) -> bool:
    """`aaaaaaaa`, `0000…`, `abababab`: too few distinct characters for a key."""
    if not value:
        return True
    distinct = len(set(value))
    return distinct <= 3 or (len(value) >= 16 and distinct < min(8, len(value) // 4))


def is_documented_example(value: str) -> bool:
    if value in DOCUMENTED_EXAMPLES:
        return True
    return any(example in value for example in DOCUMENTED_EXAMPLES if len(example) >= 20)


def is_uuid(value: str) -> bool:
    return bool(_UUID.fullmatch(value))


def is_hash_like(value: str) -> bool:
    """Hex digests (md5/sha1/sha2 lengths), git SHAs and SRI integrity strings."""
    if _INTEGRITY.match(value):
        return True
    return is_hex(value) and len(value) in HASH_HEX_LENGTHS


def is_pipedream_id(value: str) -> bool:
    return bool(_PIPEDREAM_ID.fullmatch(value))


def is_non_secret_shape(value: str) -> bool:
    """Values that are never secrets whatever their name: URLs, data URIs, public keys, paths."""
    v = value.strip()
    if v.startswith(
        ("data:", "http://", "https://", "//", "/", "./", "../", "#", "-----BEGIN PUBLIC")
    ):
        return True
    if v.startswith(("-----BEGIN CERTIFICATE", "ssh-rsa ", "ssh-ed25519 ", "ecdsa-sha2-")):
        return True
    if v.startswith(("pk_live_", "pk_test_")):  # Stripe publishable keys are public
        return True
    return "://" in v
