"""Test-side providers: one per snippet, each signing requests per the provider's own docs."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from tests.checks.snippets.signers import (
    AUTH_BODY,
    DEFAULT_URL,
    FORM_TYPE,
    GARBAGE,
    Builder,
    Mutate,
    Provider,
    Scenario,
    Signed,
    apply,
    b64,
    b64url,
    ec,
    ed25519,
    hashes,
    hmac_digest,
    padding,
    rfc3339,
    rsa,
    serialization,
)

# ---------------------------------------------------------------------------------------
# Shared-secret HMAC providers
# ---------------------------------------------------------------------------------------


def hexenc(sig: bytes, garble: bool) -> str:
    return GARBAGE if garble else sig.hex()


def b64enc(sig: bytes, garble: bool) -> str:
    return GARBAGE if garble else b64(sig)


@dataclass
class Hmac(Provider):
    """Secret in one env var; `sign_headers` builds the headers from the signature bytes."""

    env_var: str = ""

    def env(self, secret: Any) -> dict[str, str]:
        return {self.env_var: secret}


@dataclass
class Stripe(Hmac):
    def sign(self, body, ts, secret, mutate=None, garble=False, extra_sigs=()):
        t = str(int(ts))
        sig = apply(hmac_digest("sha256", secret, f"{t}.", body), mutate)
        parts = [
            f"t={t}",
            *(f"v1={s}" for s in extra_sigs),
            f"v1={hexenc(sig, garble)}",
            "v0=" + "ab" * 32,
        ]
        return Signed({"Stripe-Signature": ",".join(parts)}, body)


def _stripe_rotation(p: Provider, now: float) -> Scenario:
    signed = p.sign(p.body(now), now, p.secret(), extra_sigs=("00" * 32,))
    return p.scenario(signed, "ok")


@dataclass
class GitHub(Hmac):
    def sign(self, body, ts, secret, mutate=None, garble=False):
        sig = apply(hmac_digest("sha256", secret, body), mutate)
        return Signed(
            {"X-Hub-Signature-256": "sha256=" + hexenc(sig, garble), "X-GitHub-Event": "push"}, body
        )


SLACK_FORM = (
    b"token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&team_domain=example&channel_id=C2147483705"
    b"&user_name=caf%C3%A9&command=%2Fweather&text=94070+1000&response_url=https%3A%2F%2Fhooks"
    b".slack.com%2Fcommands%2F1234%2F5678&trigger_id=13345224609.738474920.8088930838d88f008e0"
)


@dataclass
class Slack(Hmac):
    def body(self, ts):
        return SLACK_FORM

    def sign(self, body, ts, secret, mutate=None, garble=False):
        t = str(int(ts))
        sig = apply(hmac_digest("sha256", secret, f"v0:{t}:", body), mutate)
        return Signed(
            {"X-Slack-Request-Timestamp": t, "X-Slack-Signature": "v0=" + hexenc(sig, garble)}, body
        )


def _slack_challenge(p: Provider, now: float) -> Scenario:
    challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    body = json.dumps(
        {"token": "Jhj5dZrVaK7ZwHHjRyZWjbDl", "challenge": challenge, "type": "url_verification"}
    ).encode()
    jp = Slack(name="slack", tolerance=300, env_var=p.env_var)  # JSON content type
    scenario = jp.scenario(jp.sign(body, now, jp.secret()), "handshake")

    def check(result):
        assert result["responses"][0]["body"] == {"challenge": challenge}

    scenario.check = check
    return scenario


@dataclass
class Shopify(Hmac):
    def sign(self, body, ts, secret, mutate=None, garble=False):
        sig = apply(hmac_digest("sha256", secret, body), mutate)
        return Signed(
            {"X-Shopify-Hmac-Sha256": b64enc(sig, garble), "X-Shopify-Topic": "orders/create"}, body
        )


TWILIO_FORM = (
    b"AccountSid=AC0123456789abcdef&ApiVersion=2010-04-01&Body=Hello+1000+caf%C3%A9+%26+more"
    b"&From=%2B15551234567&MessageSid=SM0123&NumMedia=0&To=%2B15557654321&Empty="
)


def twilio_signature(url: str, params: list[tuple[str, str]], token: str) -> bytes:
    """Per Twilio's docs: URL + each POST parameter (sorted by name) as name+value."""
    data = url + "".join(name + value for name, value in sorted(params))
    return hmac_digest("sha1", token, data.encode())


@dataclass
class Twilio(Hmac):
    json_body: bool = False

    def body(self, ts):
        return SAMPLE_JSON_TWILIO if self.json_body else TWILIO_FORM

    def sign(self, body, ts, secret, mutate=None, garble=False):
        if self.json_body:
            url = DEFAULT_URL + "&bodySHA256=" + hashlib.sha256(body).hexdigest()
            sig = twilio_signature(url, [], secret)
        else:
            url = DEFAULT_URL
            params = urllib.parse.parse_qsl(body.decode(), keep_blank_values=True)
            sig = twilio_signature(url, params, secret)
        return Signed({"X-Twilio-Signature": b64enc(apply(sig, mutate), garble)}, body, url)


SAMPLE_JSON_TWILIO = b'{"event":"message.created", "amount": 1000, "text":"caf\xc3\xa9"}'


def _twilio_json(expect: str, tamper: bool) -> Builder:
    def build(p: Provider, now: float) -> Scenario:
        jp = Twilio(
            name="twilio", content_type="application/json", env_var=p.env_var, json_body=True
        )
        signed = jp.signed(now)
        if tamper:
            signed = jp.tamper(signed)
        return jp.scenario(signed, expect)

    return build


def _twilio_url_override(p: Provider, now: float) -> Scenario:
    signed = p.signed(now)
    configured = "https://hooks.example.com/twilio/inbound"
    params = urllib.parse.parse_qsl(signed.body.decode(), keep_blank_values=True)
    signed.headers["X-Twilio-Signature"] = b64(twilio_signature(configured, params, p.secret()))
    env = {**p.env(p.secret()), "TWILIO_WEBHOOK_URL": configured}
    return p.scenario(signed, "ok", env=env)


@dataclass
class Square(Hmac):
    def sign(self, body, ts, secret, mutate=None, garble=False):
        sig = apply(hmac_digest("sha256", secret, DEFAULT_URL, body), mutate)
        return Signed({"x-square-hmacsha256-signature": b64enc(sig, garble)}, body)


@dataclass
class Typeform(Hmac):
    def sign(self, body, ts, secret, mutate=None, garble=False):
        sig = apply(hmac_digest("sha256", secret, body), mutate)
        return Signed({"Typeform-Signature": "sha256=" + b64enc(sig, garble)}, body)


@dataclass
class Calendly(Hmac):
    def sign(self, body, ts, secret, mutate=None, garble=False):
        t = str(int(ts))
        sig = apply(hmac_digest("sha256", secret, f"{t}.", body), mutate)
        return Signed({"Calendly-Webhook-Signature": f"t={t},v1={hexenc(sig, garble)}"}, body)


@dataclass
class Zendesk(Hmac):
    def sign(self, body, ts, secret, mutate=None, garble=False):
        stamp = rfc3339(ts)
        sig = apply(hmac_digest("sha256", secret, stamp, body), mutate)
        return Signed(
            {
                "X-Zendesk-Webhook-Signature": b64enc(sig, garble),
                "X-Zendesk-Webhook-Signature-Timestamp": stamp,
            },
            body,
        )


@dataclass
class Mailgun(Hmac):
    form: bool = False

    def body(self, ts):
        return b""  # built in sign (the signature lives in the body)

    def sign(self, body, ts, secret, mutate=None, garble=False, drop=False, token=None):
        stamp = str(int(ts))
        token = token or secrets.token_hex(25)
        sig = hexenc(apply(hmac_digest("sha256", secret, stamp, token), mutate), garble)
        event_data = {
            "event": "delivered",
            "id": "CPgfbmQMTCKtHW6uIWtuVe",
            "amount": 1000,
            "recipient": "caf\u00e9@example.com",
        }
        if self.form:
            fields = {
                "timestamp": stamp,
                "token": token,
                "signature": sig,
                "event": "delivered",
                "amount": "1000",
            }
            if drop:
                del fields["signature"]
            return Signed({}, urllib.parse.urlencode(fields).encode())
        payload: dict[str, Any] = {"event-data": event_data}
        if not drop:
            payload["signature"] = {"token": token, "timestamp": stamp, "signature": sig}
        return Signed({}, json.dumps(payload, indent=1, ensure_ascii=False).encode())

    def tamper(self, signed):
        data = json.loads(signed.body)
        data["signature"]["token"] = secrets.token_hex(25)
        return Signed(signed.headers, json.dumps(data).encode())


def _mailgun_missing(p: Provider, now: float) -> Scenario:
    return p.scenario(p.sign(b"", now, p.secret(), drop=True), "reject")


def _mailgun_form(p: Provider, now: float) -> Scenario:
    fp = Mailgun(name="mailgun", content_type=FORM_TYPE, env_var=p.env_var, form=True)
    return fp.scenario(fp.signed(now), "ok")


def _mailgun_replay_other_data(p: Provider, now: float) -> Scenario:
    # Documented limitation: event-data is not signed, so this still verifies.
    signed = p.signed(now)
    data = json.loads(signed.body)
    data["event-data"]["amount"] = 9000
    return p.scenario(Signed({}, json.dumps(data).encode()), "ok")


@dataclass
class StandardWebhooks(Hmac):
    svix: bool = False

    def secret(self):
        return "whsec_" + b64(b"standard-webhooks-test-key-32byte")

    def wrong_secret(self):
        return "whsec_" + b64(b"another-key-that-is-not-the-one!")

    def sign(self, body, ts, secret, mutate=None, garble=False, extra=()):
        key = base64.b64decode(secret.removeprefix("whsec_"))
        msg_id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
        t = str(int(ts))
        sig = apply(hmac_digest("sha256", key, f"{msg_id}.{t}.", body), mutate)
        value = " ".join([*extra, "v1," + b64enc(sig, garble)])
        prefix = "svix" if self.svix else "webhook"
        return Signed(
            {f"{prefix}-id": msg_id, f"{prefix}-timestamp": t, f"{prefix}-signature": value}, body
        )


def _sw_rotation(p: Provider, now: float) -> Scenario:
    extra = ("v1," + b64(b"\x00" * 32), "v1a," + b64(b"\x01" * 64))
    return p.scenario(p.sign(p.body(now), now, p.secret(), extra=extra), "ok")


def _sw_svix(p: Provider, now: float) -> Scenario:
    sp = StandardWebhooks(name=p.name, env_var=p.env_var, svix=True)
    return sp.scenario(sp.signed(now), "ok")


@dataclass
class Linear(Hmac):
    def body(self, ts):
        return (
            '{"action":"create","type":"Issue","amount":1000,"data":{"title":"caf\u00e9"},'
            f'"webhookTimestamp":{int(ts * 1000)}}}'
        ).encode()

    def sign(self, body, ts, secret, mutate=None, garble=False):
        sig = apply(hmac_digest("sha256", secret, body), mutate)
        return Signed({"Linear-Signature": hexenc(sig, garble), "Linear-Event": "Issue"}, body)


@dataclass
class Zoom(Hmac):
    def sign(self, body, ts, secret, mutate=None, garble=False):
        t = str(int(ts))
        sig = apply(hmac_digest("sha256", secret, f"v0:{t}:", body), mutate)
        return Signed(
            {"x-zm-request-timestamp": t, "x-zm-signature": "v0=" + hexenc(sig, garble)}, body
        )


def _zoom_validation(p: Provider, now: float) -> Scenario:
    body = b'{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}'  # noqa: E501
    scenario = p.scenario(p.sign(body, now, p.secret()), "handshake")
    expected = hmac_digest("sha256", p.secret(), "qgg8vlvZRS6UYooatFL8Aw").hex()

    def check(result):
        assert result["responses"][0]["body"] == {
            "plainToken": "qgg8vlvZRS6UYooatFL8Aw",
            "encryptedToken": expected,
        }

    scenario.check = check
    return scenario


HUBSPOT_URL = "https://eo1a2b3c4d.m.pipedream.net/hubspot?list=a%2Cb%40c&q=%7Bx%7D"
HUBSPOT_DECODE = {
    "%3A": ":",
    "%2F": "/",
    "%3F": "?",
    "%40": "@",
    "%21": "!",
    "%24": "$",
    "%27": "'",
    "%28": "(",
    "%29": ")",
    "%2A": "*",
    "%2C": ",",
    "%3B": ";",
}


def hubspot_uri(url: str) -> str:
    """HubSpot's docs: decode exactly these %-escapes in the request URI, nothing else."""
    out, i = [], 0
    while i < len(url):
        chunk = url[i : i + 3].upper()
        if chunk in HUBSPOT_DECODE:
            out.append(HUBSPOT_DECODE[chunk])
            i += 3
        else:
            out.append(url[i])
            i += 1
    return "".join(out)


@dataclass
class HubSpot(Hmac):
    def sign(self, body, ts, secret, mutate=None, garble=False):
        stamp = str(int(ts * 1000))
        source = "POST" + hubspot_uri(HUBSPOT_URL)
        sig = apply(hmac_digest("sha256", secret, source, body, stamp), mutate)
        return Signed(
            {"X-HubSpot-Signature-v3": b64enc(sig, garble), "X-HubSpot-Request-Timestamp": stamp},
            body,
            HUBSPOT_URL,
        )


@dataclass
class Intercom(Hmac):
    def sign(self, body, ts, secret, mutate=None, garble=False):
        sig = apply(hmac_digest("sha1", secret, body), mutate)
        return Signed({"X-Hub-Signature": "sha1=" + hexenc(sig, garble)}, body)


@dataclass
class Paddle(Hmac):
    def sign(self, body, ts, secret, mutate=None, garble=False, extra=()):
        t = str(int(ts))
        sig = apply(hmac_digest("sha256", secret, f"{t}:", body), mutate)
        parts = [f"ts={t}", *(f"h1={s}" for s in extra), f"h1={hexenc(sig, garble)}"]
        return Signed({"Paddle-Signature": ";".join(parts)}, body)


def _paddle_rotation(p: Provider, now: float) -> Scenario:
    return p.scenario(p.sign(p.body(now), now, p.secret(), extra=("ff" * 32,)), "ok")


@dataclass
class LemonSqueezy(Hmac):
    def sign(self, body, ts, secret, mutate=None, garble=False):
        sig = apply(hmac_digest("sha256", secret, body), mutate)
        return Signed({"X-Signature": hexenc(sig, garble), "X-Event-Name": "order_created"}, body)


@dataclass
class Notion(Hmac):
    def sign(self, body, ts, secret, mutate=None, garble=False):
        sig = apply(hmac_digest("sha256", secret, body), mutate)
        return Signed({"X-Notion-Signature": "sha256=" + hexenc(sig, garble)}, body)


def _notion_handshake(p: Provider, now: float) -> Scenario:
    body = b'{"verification_token":"secret_tMrlL1qK5vuQAh1b6cZGhFChZTSYJlce98V0pYn7yBl"}'
    scenario = p.scenario(Signed({}, body), "handshake", env={})

    def check(result):
        assert result["responses"][0]["status"] == 200

    scenario.check = check
    return scenario


@dataclass
class Twitch(Hmac):
    message_type: str = "notification"

    def sign(self, body, ts, secret, mutate=None, garble=False):
        msg_id = "e76c6bd4-55c9-4987-8304-da1588d8988b"
        stamp = rfc3339(ts, nanos=True)
        sig = apply(hmac_digest("sha256", secret, msg_id, stamp, body), mutate)
        return Signed(
            {
                "Twitch-Eventsub-Message-Id": msg_id,
                "Twitch-Eventsub-Message-Timestamp": stamp,
                "Twitch-Eventsub-Message-Signature": "sha256=" + hexenc(sig, garble),
                "Twitch-Eventsub-Message-Type": self.message_type,
            },
            body,
        )


def _twitch_challenge(p: Provider, now: float) -> Scenario:
    tp = Twitch(name="twitch", env_var=p.env_var, message_type="webhook_callback_verification")
    body = (
        b'{"challenge":"pogchamp-kappa-360noscope-vohiyo","subscription":'
        b'{"id":"f1c2a387","type":"channel.follow","version":"2"}}'
    )
    scenario = tp.scenario(tp.sign(body, now, tp.secret()), "handshake")

    def check(result):
        assert result["responses"][0]["body"] == "pogchamp-kappa-360noscope-vohiyo"

    scenario.check = check
    return scenario


@dataclass
class Asana(Hmac):
    def sign(self, body, ts, secret, mutate=None, garble=False):
        sig = apply(hmac_digest("sha256", secret, body), mutate)
        return Signed({"X-Hook-Signature": hexenc(sig, garble)}, body)


def _asana_handshake(p: Provider, now: float) -> Scenario:
    hook_secret = "b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81"
    scenario = p.scenario(Signed({"X-Hook-Secret": hook_secret}, b""), "handshake", env={})

    def check(result):
        headers = {k.lower(): v for k, v in result["responses"][0]["headers"].items()}
        assert headers["x-hook-secret"] == hook_secret

    scenario.check = check
    return scenario


@dataclass
class Webflow(Hmac):
    def sign(self, body, ts, secret, mutate=None, garble=False):
        stamp = str(int(ts * 1000))
        sig = apply(hmac_digest("sha256", secret, f"{stamp}:", body), mutate)
        return Signed(
            {"x-webflow-timestamp": stamp, "x-webflow-signature": hexenc(sig, garble)}, body
        )


@dataclass
class Box(Provider):
    def secret(self):
        return ("Fd28OJrZ8oNxkgmS7TbjXNgrG8v", "KWkROAOiof4zhYUHbAmiVn63cMj")

    def wrong_secret(self):
        return ("wrongPrimaryKey000000000000", "wrongSecondaryKey0000000000")

    def env(self, secret):
        return {"BOX_WEBHOOK_PRIMARY_KEY": secret[0], "BOX_WEBHOOK_SECONDARY_KEY": secret[1]}

    def sign(self, body, ts, secret, mutate=None, garble=False):
        stamp = rfc3339(ts, offset_hours=-7)
        primary, secondary = (
            apply(hmac_digest("sha256", key, body, stamp), mutate) for key in secret
        )
        return Signed(
            {
                "box-delivery-id": "f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f",
                "box-delivery-timestamp": stamp,
                "box-signature-algorithm": "HmacSHA256",
                "box-signature-primary": b64enc(primary, garble),
                "box-signature-secondary": b64enc(secondary, garble),
                "box-signature-version": "1",
            },
            body,
        )


def _box_rotation(p: Provider, now: float) -> Scenario:
    """Primary key rotated away (primary signature no longer matches); secondary still does."""
    signed = p.sign(p.body(now), now, ("someOldPrimaryKey", p.secret()[1]))
    return p.scenario(signed, "ok")


def _box_primary_only(p: Provider, now: float) -> Scenario:
    return p.scenario(p.signed(now), "ok", env={"BOX_WEBHOOK_PRIMARY_KEY": p.secret()[0]})


def _box_bad_version(p: Provider, now: float) -> Scenario:
    signed = p.signed(now)
    signed.headers["box-signature-version"] = "2"
    return p.scenario(signed, "reject")


@dataclass
class PagerDuty(Hmac):
    def sign(self, body, ts, secret, mutate=None, garble=False, extra=()):
        sig = apply(hmac_digest("sha256", secret, body), mutate)
        return Signed(
            {"X-PagerDuty-Signature": ",".join([*extra, "v1=" + hexenc(sig, garble)])}, body
        )


def _pagerduty_rotation(p: Provider, now: float) -> Scenario:
    return p.scenario(p.sign(p.body(now), now, p.secret(), extra=("v1=" + "0" * 64,)), "ok")


# ---------------------------------------------------------------------------------------
# Public-key providers
# ---------------------------------------------------------------------------------------

_EC_KEYS = [ec.generate_private_key(ec.SECP256R1()) for _ in range(2)]
_ED_KEYS = [ed25519.Ed25519PrivateKey.generate() for _ in range(2)]


@dataclass
class SendGrid(Provider):
    def secret(self):
        return _EC_KEYS[0]

    def wrong_secret(self):
        return _EC_KEYS[1]

    def env(self, secret):
        der = secret.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return {"SENDGRID_WEBHOOK_PUBLIC_KEY": b64(der)}

    def sign(self, body, ts, secret, mutate=None, garble=False):
        t = str(int(ts))
        sig = apply(secret.sign(t.encode() + body, ec.ECDSA(hashes.SHA256())), mutate)
        return Signed(
            {
                "X-Twilio-Email-Event-Webhook-Signature": b64enc(sig, garble),
                "X-Twilio-Email-Event-Webhook-Timestamp": t,
            },
            body,
        )


def _sendgrid_pem_key(p: Provider, now: float) -> Scenario:
    pem = (
        _EC_KEYS[0]
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return p.scenario(p.signed(now), "ok", env={"SENDGRID_WEBHOOK_PUBLIC_KEY": pem.decode()})


@dataclass
class Discord(Provider):
    def secret(self):
        return _ED_KEYS[0]

    def wrong_secret(self):
        return _ED_KEYS[1]

    def env(self, secret):
        raw = secret.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return {"DISCORD_PUBLIC_KEY": raw.hex()}

    def sign(self, body, ts, secret, mutate=None, garble=False):
        t = str(int(ts))
        sig = apply(secret.sign(t.encode() + body), mutate)
        headers = {"X-Signature-Ed25519": hexenc(sig, garble), "X-Signature-Timestamp": t}
        return Signed(headers, body)


def _discord_ping(p: Provider, now: float) -> Scenario:
    scenario = p.scenario(
        p.sign(b'{"type":1,"id":"1","application_id":"2"}', now, p.secret()), "handshake"
    )

    def check(result):
        assert result["responses"][0]["body"] == {"type": 1}

    scenario.check = check
    return scenario


# ---------------------------------------------------------------------------------------
# Auth providers
# ---------------------------------------------------------------------------------------


@dataclass
class HeaderSecret(Provider):
    """basic / bearer / api-key: the secret (or credentials) travels in a header."""

    env_var: str = ""
    header: str = "authorization"
    prefix: str = ""
    basic: bool = False
    secret_value: str = ""

    def secret(self):
        return self.secret_value

    def wrong_secret(self):
        return self.secret_value[:-3] + "XYZ"

    def env(self, secret):
        return {self.env_var: secret}

    def sign(self, body, ts, secret, mutate=None, garble=False):
        value = apply(secret.encode(), mutate)
        if self.basic:
            text = "%%%notbase64" if garble else b64(value)
        else:
            text = "not a token" if garble else value.decode(errors="replace")
        return Signed({self.header: self.prefix + text}, body)

    def request(self, signed, raw=True, **extra):
        request = super().request(signed, raw, **extra)
        request["body"] = AUTH_BODY
        request.pop("bodyRaw", None)
        return request

    def expected(self, signed):
        return AUTH_BODY


def _wrong_scheme(p: Provider, now: float) -> Scenario:
    return p.scenario(
        Signed({"authorization": "Digest " + b64(p.secret().encode())}, b""), "reject"
    )


def _basic_challenge(p: Provider, now: float) -> Scenario:
    scenario = _wrong_scheme(p, now)

    def check(result):
        headers = {k.lower(): v for k, v in result["responses"][0]["headers"].items()}
        assert headers["www-authenticate"].startswith("Basic")

    scenario.check = check
    return scenario


@dataclass
class Jwt(Provider):
    """HS256 (shared secret) or RS256 (key pair + JWKS served by the test server)."""

    env_var: str = ""
    rs256: bool = False
    jwks_url: str = ""
    issuer: str | None = None
    claims_extra: dict[str, Any] = field(default_factory=dict)

    def secret(self):
        return RSA_KEYS[0] if self.rs256 else "hs256-shared-secret-\u00e9"

    def wrong_secret(self):
        return RSA_KEYS[1] if self.rs256 else "hs256-other-secret"

    def env(self, secret):
        if self.rs256:
            return {"JWT_JWKS_URL": self.jwks_url}
        return {"JWT_HS256_SECRET": secret}

    def token(
        self,
        claims: dict[str, Any],
        secret: Any,
        alg: str | None = None,
        mutate: Mutate = None,
        garble: bool = False,
        kid: str | None = "key-1",
    ) -> str:
        alg = alg or ("RS256" if self.rs256 else "HS256")
        header: dict[str, Any] = {"alg": alg, "typ": "JWT"}
        if kid and self.rs256:
            header["kid"] = kid
        signing_input = (
            b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
        )
        if alg == "RS256":
            sig = secret.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        elif alg in ("HS256", "none"):
            sig = hmac_digest("sha256", secret, signing_input)
        else:
            sig = hmac_digest("sha512", secret, signing_input)
        sig = apply(sig, mutate)
        return signing_input + "." + ("!!!" if garble else b64url(sig))

    def claims(self, ts: float) -> dict[str, Any]:
        base = {"sub": "user-42", "iat": int(ts), "nbf": int(ts), "exp": int(ts) + 60}
        return base | self.claims_extra

    def sign(self, body, ts, secret, mutate=None, garble=False):
        token = self.token(self.claims(ts), secret, mutate=mutate, garble=garble)
        return Signed({"authorization": "Bearer " + token}, body)

    def tamper(self, signed):
        head, payload, sig = signed.headers["authorization"].removeprefix("Bearer ").split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
        claims["sub"] = "admin"
        forged = f"{head}.{b64url(json.dumps(claims).encode())}.{sig}"
        return Signed({"authorization": "Bearer " + forged}, signed.body)

    def request(self, signed, raw=True, **extra):
        request = super().request(signed, raw, **extra)
        request["body"] = AUTH_BODY
        request.pop("bodyRaw", None)
        return request

    def expected(self, signed):
        return AUTH_BODY

    def scenario(self, signed, expect, env=None, **kwargs):
        scenario = super().scenario(signed, expect, env, **kwargs)
        if expect == "ok" and scenario.check is None:

            def check(result):
                assert result["exports"]["claims"]["sub"] == "user-42"

            scenario.check = check
        return scenario


RSA_KEYS = [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2)]


def jwk_of(key: rsa.RSAPrivateKey, kid: str) -> dict[str, str]:
    numbers = key.public_key().public_numbers()

    def enc(n: int) -> str:
        return b64url(n.to_bytes((n.bit_length() + 7) // 8, "big"))

    return {
        "kty": "RSA",
        "kid": kid,
        "use": "sig",
        "alg": "RS256",
        "n": enc(numbers.n),
        "e": enc(numbers.e),
    }


def _jwt_with(
    alg: str | None = None,
    claims: dict[str, Any] | None = None,
    secret: Any = None,
    kid: str | None = "key-1",
    expect: str = "reject",
    env_extra: dict[str, str] | None = None,
) -> Builder:
    def build(p: Provider, now: float) -> Scenario:
        assert isinstance(p, Jwt)
        token_claims = p.claims(now) if claims is None else {**p.claims(now), **claims}
        token_claims = {k: v for k, v in token_claims.items() if v is not None}
        key = p.secret() if secret is None else secret(p) if callable(secret) else secret
        token = p.token(token_claims, key, alg=alg, kid=kid)
        env = {**p.env(p.secret()), **(env_extra or {})}
        return p.scenario(Signed({"authorization": "Bearer " + token}, b""), expect, env=env)

    return build


def _public_pem(p: Provider) -> bytes:
    return (
        RSA_KEYS[0]
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


def _jwks_http_url(p: Provider, now: float) -> Scenario:
    assert isinstance(p, Jwt)
    env = {"JWT_JWKS_URL": p.jwks_url.replace("https://", "http://")}
    return p.scenario(p.signed(now), "reject", env=env)


# ---------------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------------


def build_providers(jwks_url: str = "https://127.0.0.1:1/jwks.json") -> dict[str, Provider]:
    """Every snippet's test provider; `jwks_url` is where the test server serves the JWKS."""
    jwt_extra_hs = {
        "alg_none": ("reject", _jwt_with(alg="none")),
        "alg_hs512": ("reject", _jwt_with(alg="HS512")),
        "missing_exp": ("reject", _jwt_with(claims={"exp": None})),
        "issuer_match": (
            "ok",
            _jwt_with(
                claims={"iss": "https://issuer.example"},
                expect="ok",
                env_extra={"JWT_ISSUER": "https://issuer.example"},
            ),
        ),
        "issuer_mismatch": (
            "reject",
            _jwt_with(
                claims={"iss": "https://evil.example"},
                env_extra={"JWT_ISSUER": "https://issuer.example"},
            ),
        ),
        "audience_mismatch": (
            "reject",
            _jwt_with(claims={"aud": ["other"]}, env_extra={"JWT_AUDIENCE": "stepguard"}),
        ),
    }
    jwt_extra_rs = {
        "alg_hs256_confusion": ("reject", _jwt_with(alg="HS256", secret=_public_pem)),
        "unknown_kid": ("reject", _jwt_with(kid="key-unknown")),
        "audience_match": (
            "ok",
            _jwt_with(
                claims={"aud": ["x", "stepguard"]},
                expect="ok",
                env_extra={"JWT_AUDIENCE": "stepguard"},
            ),
        ),
        "http_jwks_url": ("reject", _jwks_http_url),
        "missing_exp": ("reject", _jwt_with(claims={"exp": None})),
    }
    providers: list[Provider] = [
        HeaderSecret(
            "basic",
            sig_headers=("authorization",),
            env_var="BASIC_AUTH_CREDENTIALS",
            prefix="Basic ",
            basic=True,
            secret_value="alice:pa:ss w\u00f6rd",
            extra={"wrong_scheme": ("reject", _basic_challenge)},
        ),
        HeaderSecret(
            "bearer",
            sig_headers=("authorization",),
            env_var="WEBHOOK_BEARER_TOKEN",
            prefix="Bearer ",
            secret_value="tok_" + "9f" * 20,
            extra={"wrong_scheme": ("reject", _wrong_scheme)},
        ),
        HeaderSecret(
            "api-key",
            sig_headers=("x-api-key",),
            env_var="WEBHOOK_API_KEY",
            header="x-api-key",
            secret_value="key_" + "4e" * 20,
        ),
        Jwt(
            "jwt-hs256",
            tolerance=90,
            sig_headers=("authorization",),
            env_var="JWT_HS256_SECRET",
            extra=jwt_extra_hs,
        ),
        Jwt(
            "jwt-jwks",
            tolerance=90,
            sig_headers=("authorization",),
            env_var="JWT_JWKS_URL",
            rs256=True,
            jwks_url=jwks_url,
            extra=jwt_extra_rs,
        ),
        Stripe(
            "stripe",
            300,
            sig_headers=("stripe-signature",),
            env_var="STRIPE_WEBHOOK_SECRET",
            extra={"rotated_v1": ("ok", _stripe_rotation)},
        ),
        GitHub("github", sig_headers=("x-hub-signature-256",), env_var="GITHUB_WEBHOOK_SECRET"),
        Slack(
            "slack",
            300,
            content_type=FORM_TYPE,
            sig_headers=("x-slack-signature",),
            env_var="SLACK_SIGNING_SECRET",
            extra={"url_verification": ("handshake", _slack_challenge)},
        ),
        Shopify(
            "shopify", sig_headers=("x-shopify-hmac-sha256",), env_var="SHOPIFY_WEBHOOK_SECRET"
        ),
        Twilio(
            "twilio",
            content_type=FORM_TYPE,
            sig_headers=("x-twilio-signature",),
            env_var="TWILIO_AUTH_TOKEN",
            extra={
                "json_body": ("ok", _twilio_json("ok", False)),
                "json_body_tampered": ("reject", _twilio_json("reject", True)),
                "configured_url": ("ok", _twilio_url_override),
            },
        ),
        Square(
            "square",
            sig_headers=("x-square-hmacsha256-signature",),
            env_var="SQUARE_WEBHOOK_SIGNATURE_KEY",
        ),
        Typeform(
            "typeform", sig_headers=("typeform-signature",), env_var="TYPEFORM_WEBHOOK_SECRET"
        ),
        Calendly(
            "calendly",
            180,
            sig_headers=("calendly-webhook-signature",),
            env_var="CALENDLY_WEBHOOK_SIGNING_KEY",
        ),
        Zendesk(
            "zendesk",
            300,
            sig_headers=("x-zendesk-webhook-signature",),
            env_var="ZENDESK_WEBHOOK_SECRET",
        ),
        Mailgun(
            "mailgun",
            900,
            env_var="MAILGUN_WEBHOOK_SIGNING_KEY",
            extra={
                "missing_header": ("reject", _mailgun_missing),
                "legacy_form": ("ok", _mailgun_form),
                "unsigned_event_data": ("ok", _mailgun_replay_other_data),
            },
        ),
        SendGrid(
            "sendgrid",
            300,
            sig_headers=("x-twilio-email-event-webhook-signature",),
            extra={"pem_public_key": ("ok", _sendgrid_pem_key)},
        ),
        Discord(
            "discord",
            300,
            sig_headers=("x-signature-ed25519",),
            extra={"ping": ("handshake", _discord_ping)},
        ),
        StandardWebhooks(
            "standard-webhooks",
            300,
            sig_headers=("webhook-signature",),
            env_var="STANDARD_WEBHOOK_SECRET",
            extra={"rotated_signatures": ("ok", _sw_rotation), "svix_headers": ("ok", _sw_svix)},
        ),
        Linear("linear", 60, sig_headers=("linear-signature",), env_var="LINEAR_WEBHOOK_SECRET"),
        Zoom(
            "zoom",
            300,
            sig_headers=("x-zm-signature",),
            env_var="ZOOM_WEBHOOK_SECRET_TOKEN",
            extra={"url_validation": ("handshake", _zoom_validation)},
        ),
        HubSpot(
            "hubspot", 300, sig_headers=("x-hubspot-signature-v3",), env_var="HUBSPOT_CLIENT_SECRET"
        ),
        Intercom("intercom", sig_headers=("x-hub-signature",), env_var="INTERCOM_CLIENT_SECRET"),
        Paddle(
            "paddle",
            5,
            sig_headers=("paddle-signature",),
            env_var="PADDLE_WEBHOOK_SECRET",
            extra={"rotated_h1": ("ok", _paddle_rotation)},
        ),
        LemonSqueezy(
            "lemon-squeezy", sig_headers=("x-signature",), env_var="LEMON_SQUEEZY_WEBHOOK_SECRET"
        ),
        Notion(
            "notion",
            sig_headers=("x-notion-signature",),
            env_var="NOTION_WEBHOOK_VERIFICATION_TOKEN",
            extra={"verification_handshake": ("handshake", _notion_handshake)},
        ),
        Twitch(
            "twitch",
            600,
            sig_headers=("twitch-eventsub-message-signature",),
            env_var="TWITCH_EVENTSUB_SECRET",
            extra={"callback_verification": ("handshake", _twitch_challenge)},
        ),
        Asana(
            "asana",
            sig_headers=("x-hook-signature",),
            env_var="ASANA_WEBHOOK_SECRET",
            extra={"hook_secret_handshake": ("handshake", _asana_handshake)},
        ),
        Webflow(
            "webflow", 300, sig_headers=("x-webflow-signature",), env_var="WEBFLOW_WEBHOOK_SECRET"
        ),
        Box(
            "box",
            600,
            sig_headers=("box-signature-primary", "box-signature-secondary"),
            extra={
                "secondary_key_rotation": ("ok", _box_rotation),
                "primary_key_only": ("ok", _box_primary_only),
                "unsupported_version": ("reject", _box_bad_version),
            },
        ),
        PagerDuty(
            "pagerduty",
            sig_headers=("x-pagerduty-signature",),
            env_var="PAGERDUTY_WEBHOOK_SECRET",
            extra={"rotated_v1": ("ok", _pagerduty_rotation)},
        ),
    ]
    return {p.name: p for p in providers}


def jwks_document() -> dict[str, Any]:
    """The JWKS the test server serves for jwt-jwks (key-1 = RSA_KEYS[0])."""
    return {
        "keys": [
            jwk_of(RSA_KEYS[0], "key-1"),
            {"kty": "EC", "kid": "ec-ignored", "crv": "P-256", "x": "AA", "y": "AA"},
        ]
    }
