"""Independent request signers, written from each provider's documentation (not from the snippets).

Each `Provider` builds signed requests for one snippet; `scenarios()` turns a provider into named
test scenarios (valid, tampered body, wrong secret, missing header, …) built at run time so that
timestamps are fresh when the snippet runs.
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import json
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa

DEFAULT_URL = "https://eo1a2b3c4d.m.pipedream.net/hooks/in?source=test"
JSON_TYPE = "application/json; charset=utf-8"
FORM_TYPE = "application/x-www-form-urlencoded"
# Odd spacing, a newline and non-ASCII text: any re-serialisation would change these bytes.
SAMPLE_JSON = (
    '{"id":"evt_1A2b",  "type": "invoice.paid", "amount": 1000,\n'
    ' "note": "caf\u00e9 \u2615 \\"quoted\\"", "nested": {"a": [1, 2.50, 3]}}'
).encode()
AUTH_BODY = {"hello": "world", "amount": 1000}

Mutate = Callable[[bytes], bytes] | None


def hmac_digest(algorithm: str, key: bytes | str, *parts: bytes | str) -> bytes:
    key_bytes = key.encode() if isinstance(key, str) else key
    mac = hmac.new(key_bytes, digestmod=algorithm)
    for part in parts:
        mac.update(part.encode() if isinstance(part, str) else part)
    return mac.digest()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def apply(sig: bytes, mutate: Mutate) -> bytes:
    return mutate(sig) if mutate else sig


def rfc3339(ts: float, nanos: bool = False, offset_hours: int = 0) -> str:
    zone = dt.timezone(dt.timedelta(hours=offset_hours))
    moment = dt.datetime.fromtimestamp(int(ts), tz=zone)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if nanos:
        text += ".123456789"
    if offset_hours == 0:
        return text + "Z"
    zone_text = moment.strftime("%z")
    return f"{text}{zone_text[:3]}:{zone_text[3:]}"


@dataclass
class Signed:
    """The parts of a request a provider produces."""

    headers: dict[str, str]
    body: bytes
    url: str = DEFAULT_URL
    method: str = "POST"


@dataclass
class Scenario:
    """One concrete request to feed a snippet, and what must happen."""

    request: dict[str, Any]
    env: dict[str, str]
    expect: str  # "ok" | "reject" | "handshake"
    payload: Any = None
    check: Callable[[dict[str, Any]], None] | None = None  # extra assertions on the result


GARBAGE = "!!not~a~signature??"


@dataclass
class Provider:
    """Base: a provider signs `body` at time `ts` with `secret`; subclasses fill in the scheme."""

    name: str
    tolerance: float | None = None  # seconds; None = nothing time-bound is signed
    content_type: str = JSON_TYPE
    sig_headers: tuple[str, ...] = ()
    # extra scenario id -> (expectation, builder)
    extra: dict[str, tuple[str, Callable[[Provider, float], Scenario]]] = field(
        default_factory=dict
    )

    # -- to override -------------------------------------------------------------
    def secret(self) -> Any:
        return "s3cr3t-" + self.name

    def wrong_secret(self) -> Any:
        return "other-" + self.name

    def env(self, secret: Any) -> dict[str, str]:
        raise NotImplementedError

    def body(self, ts: float) -> bytes:
        return SAMPLE_JSON

    def sign(
        self, body: bytes, ts: float, secret: Any, mutate: Mutate = None, garble: bool = False
    ) -> Signed:
        raise NotImplementedError

    def tamper(self, signed: Signed) -> Signed:
        assert b"1000" in signed.body
        return Signed(
            signed.headers, signed.body.replace(b"1000", b"9000", 1), signed.url, signed.method
        )

    def expected(self, signed: Signed) -> Any:
        text = signed.body.decode()
        if self.content_type.startswith(FORM_TYPE):
            return dict(urllib.parse.parse_qsl(text, keep_blank_values=True))
        try:
            return json.loads(text)
        except ValueError:
            return text

    # -- helpers -----------------------------------------------------------------
    def signed(self, ts: float, secret: Any = None, **kwargs: Any) -> Signed:
        secret = self.secret() if secret is None else secret
        return self.sign(self.body(ts), ts, secret, **kwargs)

    def request(self, signed: Signed, raw: bool = True, **extra: Any) -> dict[str, Any]:
        headers = {"content-type": self.content_type, **signed.headers}
        request: dict[str, Any] = {
            "method": signed.method,
            "url": signed.url,
            "path": urllib.parse.urlsplit(signed.url).path,
            "query": dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(signed.url).query)),
            "headers": {k.lower(): v for k, v in headers.items()},
            "body": self.expected(signed),
        }
        if raw:
            request["bodyRaw"] = signed.body.decode()
        request.update(extra)
        return request

    def scenario(
        self, signed: Signed, expect: str, env: dict[str, str] | None = None, **kwargs: Any
    ) -> Scenario:
        env = self.env(self.secret()) if env is None else env
        payload = self.expected(signed) if expect == "ok" else None
        return Scenario(self.request(signed), env, expect, payload, **kwargs)


# --------------------------------------------------------------------------------------
# Generic scenarios
# --------------------------------------------------------------------------------------


def _valid(p: Provider, now: float) -> Scenario:
    return p.scenario(p.signed(now), "ok")


def _tampered(p: Provider, now: float) -> Scenario:
    return p.scenario(p.tamper(p.signed(now)), "reject")


def _wrong_secret(p: Provider, now: float) -> Scenario:
    return p.scenario(p.signed(now, p.wrong_secret()), "reject")


def _missing_header(p: Provider, now: float) -> Scenario:
    signed = p.signed(now)
    signed.headers = {k: v for k, v in signed.headers.items() if k.lower() not in p.sig_headers}
    return p.scenario(signed, "reject")


def _truncated(p: Provider, now: float) -> Scenario:
    return p.scenario(p.signed(now, mutate=lambda sig: sig[:-4]), "reject")


def _overlong(p: Provider, now: float) -> Scenario:
    return p.scenario(p.signed(now, mutate=lambda sig: sig + b"\x00\x01\x02\x03"), "reject")


def _garbage(p: Provider, now: float) -> Scenario:
    return p.scenario(p.signed(now, garble=True), "reject")


def _stale(p: Provider, now: float) -> Scenario:
    assert p.tolerance is not None
    return p.scenario(p.signed(now - p.tolerance - 90), "reject")


def _future(p: Provider, now: float) -> Scenario:
    assert p.tolerance is not None
    return p.scenario(p.signed(now + p.tolerance + 90), "reject")


def _missing_env(p: Provider, now: float) -> Scenario:
    return p.scenario(p.signed(now), "reject", env={})


def _no_raw_body(p: Provider, now: float) -> Scenario:
    signed = p.signed(now)
    request = p.request(signed, raw=False)

    def check(result: dict[str, Any]) -> None:
        assert "pipedream_upload_body" in (result["exited"] or {}).get("reason", "")

    return Scenario(request, p.env(p.secret()), "reject", check=check)


Builder = Callable[[Provider, float], Scenario]


def scenarios(p: Provider, kind: str) -> dict[str, tuple[str, Builder]]:
    """Scenario id -> (expectation, builder) for provider `p` of snippet `kind`."""
    found: dict[str, tuple[str, Builder]] = {
        "valid": ("ok", _valid),
        "wrong_secret": ("reject", _wrong_secret),
        "missing_header": ("reject", _missing_header),
        "truncated_signature": ("reject", _truncated),
        "overlong_signature": ("reject", _overlong),
        "bad_encoding": ("reject", _garbage),
        "missing_env": ("reject", _missing_env),
    }
    if kind == "signature":
        found["tampered_body"] = ("reject", _tampered)
        found["no_raw_body"] = ("reject", _no_raw_body)
    if p.tolerance is not None:
        found["stale_timestamp"] = ("reject", _stale)
        found["future_timestamp"] = ("reject", _future)
    found.update(p.extra)
    return found


__all__ = [
    "AUTH_BODY",
    "DEFAULT_URL",
    "FORM_TYPE",
    "GARBAGE",
    "JSON_TYPE",
    "SAMPLE_JSON",
    "Provider",
    "Scenario",
    "Signed",
    "apply",
    "b64",
    "b64url",
    "ec",
    "ed25519",
    "hashes",
    "hmac_digest",
    "padding",
    "rfc3339",
    "rsa",
    "scenarios",
    "serialization",
]
