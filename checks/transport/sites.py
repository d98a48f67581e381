"""The request-site model shared by the transport and connected-account rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from checks.transport.urls import UrlParts, split_url


@dataclass(frozen=True)
class UrlLiteral:
    """The string literal whose text starts with the URL's scheme (what the https fix edits)."""

    start: int  # byte span of the whole literal node
    end: int
    scheme_start: int  # byte offset of the first letter of "http" (or "ws") in the source


@dataclass(frozen=True)
class StaticUrl:
    """What is known statically about a URL: a text prefix and where its scheme is written."""

    prefix: str
    complete: bool
    literal: UrlLiteral | None = None

    @property
    def parts(self) -> UrlParts | None:
        return split_url(self.prefix)


UNKNOWN_URL = StaticUrl("", False, None)


@dataclass(frozen=True)
class TokenSource:
    """An expression that supplies a credential to a request: an env var or a literal."""

    kind: Literal["env", "literal"]
    start: int  # byte span of the expression to replace
    end: int
    name: str | None = None  # env var name
    scheme: str = ""  # "Bearer", "Basic", "Token" when a literal carries the auth scheme


@dataclass
class RequestSite:
    """One outbound HTTP request or WebSocket (or a client configured with a base URL)."""

    client: str  # "fetch", "axios", "requests", "curl", …
    start: int  # byte span of the call (or command)
    end: int
    url: StaticUrl
    role: Literal["url", "base"] = "url"
    tokens: list[TokenSource] = field(default_factory=list)
    sends_credentials: bool = False  # an auth header/option or credentials in the URL
    fixable: bool = True  # False for option objects ({protocol, hostname}) with no URL literal
    websocket: bool = False  # a WebSocket client: `ws://` is plaintext too (`wss://` is not)
    url_span: tuple[int, int] | None = None  # the URL expression as written (`url`, `config.url`)


# Plaintext schemes a URL literal may start with (what the https fix rewrites).
PLAIN_SCHEMES = (b"http://", b"ws://")


def literal_scheme_start(raw: bytes, start: int) -> int | None:
    """Byte offset of `http://` or `ws://` at the very start of a string literal's contents.

    `raw` is the source of the literal (JS `"…"`, `'…'`, `` `…` ``; Python with any prefix
    letters and single or triple quotes). Escapes before the scheme make it None.
    """
    i = 0
    while i < len(raw) and chr(raw[i]) in "rRbBuUfF":
        i += 1
    for quote in (b'"""', b"'''", b'"', b"'", b"`"):
        if raw.startswith(quote, i):
            i += len(quote)
            break
    else:
        return None
    if any(raw[i : i + len(scheme)].lower() == scheme for scheme in PLAIN_SCHEMES):
        return start + i
    return None
