"""Deterministic fake secret values in the real formats (for the labelled corpus and the bench).

Every value is random (seeded), never a real credential. `FORMATS[name](rng)` returns one value.
"""

from __future__ import annotations

import base64
import json
import random
import string
import uuid
from collections.abc import Callable

ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "-_"
B64 = ALNUM + "+/"
HEX = "0123456789abcdef"
UPPER_ALNUM = string.ascii_uppercase + string.digits


def pick(rng: random.Random, alphabet: str, n: int) -> str:
    while True:
        out = "".join(rng.choice(alphabet) for _ in range(n))
        # Random keys of this length virtually always mix classes; keep the corpus honest.
        if (
            n < 12
            or alphabet == HEX
            or not any(c.isdigit() for c in alphabet)
            or sum(c.isdigit() for c in out) >= 2
        ):
            return out


def digits(rng: random.Random, n: int) -> str:
    return str(rng.randint(1, 9)) + "".join(rng.choice(string.digits) for _ in range(n - 1))


def uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def jwt(rng: random.Random, claims: dict) -> str:
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64url(json.dumps(claims).encode())
    return f"{header}.{payload}.{pick(rng, URLSAFE, 43)}"


def pem(rng: random.Random, label: str = "RSA PRIVATE KEY", escaped: bool = False) -> str:
    body = base64.b64encode(rng.randbytes(1190)).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    sep = "\\n" if escaped else "\n"
    return sep.join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----"])


def vercel(rng: random.Random, prefix: str) -> str:
    """`vcp_`/`vci_`/`vca_`/`vcr_`/`vck_` + 56 alphanumerics (last 6: checksum, not computed)."""
    return prefix + pick(rng, ALNUM, 50) + pick(rng, ALNUM, 6)


def cloudflare(rng: random.Random, prefix: str) -> str:
    """`cfk_`/`cfut_`/`cfat_` + 40 alphanumerics + an 8-hex checksum (not computed here)."""
    return prefix + pick(rng, ALNUM, 40) + pick(rng, HEX, 8)


def doppler(rng: random.Random, kind: str) -> str:
    """`dp.<kind>.` + 40-44 alphanumerics; service tokens carry their config slug."""
    slug = rng.choice(["dev", "stg", "prd", "ci", "prd_eu-1"]) + "." if kind == "st" else ""
    return f"dp.{kind}.{slug}{pick(rng, ALNUM, rng.choice([40, 43, 44]))}"


def sentry_org_token(rng: random.Random) -> str:
    """`sntrys_` + base64 of the token's JSON claims + `_` + base64 of 32 random bytes."""
    claims = {
        "iat": 1700000000 + rng.randint(0, 10**8) + rng.randint(0, 999999) / 10**6,
        "url": "https://sentry.io",
        "region_url": "https://us.sentry.io",
        "org": pick(rng, string.ascii_lowercase, 8),
    }
    payload = base64.b64encode(json.dumps(claims, separators=(",", ":")).encode()).decode()
    secret = base64.b64encode(rng.randbytes(32)).decode().rstrip("=")
    return f"sntrys_{payload}_{secret}"


def password(rng: random.Random, symbols: str = "!#%^*-_") -> str:
    base = pick(rng, ALNUM, 10)
    return base[:4] + rng.choice(symbols) + base[4:] + str(rng.randint(10, 99))


FORMATS: dict[str, Callable[[random.Random], str]] = {
    "aws-access-key-id": lambda r: "AKIA" + pick(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
    "aws-secret-access-key": lambda r: pick(r, B64, 40),
    "github-pat": lambda r: "ghp_" + pick(r, ALNUM, 36),
    "github-fine-grained-pat": lambda r: f"github_pat_{pick(r, ALNUM, 22)}_{pick(r, ALNUM, 59)}",
    "github-oauth-token": lambda r: "gho_" + pick(r, ALNUM, 36),
    "github-app-token": lambda r: "ghs_" + pick(r, ALNUM, 36),
    "gitlab-pat": lambda r: "glpat-" + pick(r, URLSAFE, 20),
    "slack-bot-token": lambda r: f"xoxb-{digits(r, 11)}-{digits(r, 13)}-{pick(r, ALNUM, 24)}",
    "slack-user-token": lambda r: (
        f"xoxp-{digits(r, 11)}-{digits(r, 11)}-{digits(r, 13)}-{pick(r, HEX, 32)}"
    ),
    "slack-app-token": lambda r: (
        f"xapp-1-A{pick(r, UPPER_ALNUM, 10)}-{digits(r, 13)}-{pick(r, HEX, 64)}"
    ),
    "slack-webhook-url": lambda r: (
        f"https://hooks.slack.com/services/T{pick(r, UPPER_ALNUM, 10)}/B{pick(r, UPPER_ALNUM, 10)}/"
        f"{pick(r, ALNUM, 24)}"
    ),
    "stripe-live-key": lambda r: "sk_live_51" + pick(r, ALNUM, 97),
    "stripe-test-key": lambda r: "sk_test_51" + pick(r, ALNUM, 97),
    "stripe-restricted-key": lambda r: "rk_live_51" + pick(r, ALNUM, 97),
    "stripe-webhook-secret": lambda r: "whsec_" + pick(r, ALNUM, 32),
    "twilio-account-sid": lambda r: "AC" + pick(r, HEX, 32),
    "twilio-auth-token": lambda r: pick(r, HEX, 32),
    "twilio-api-key": lambda r: "SK" + pick(r, HEX, 32),
    "sendgrid-api-key": lambda r: f"SG.{pick(r, URLSAFE, 22)}.{pick(r, URLSAFE, 43)}",
    "mailgun-api-key": lambda r: "key-" + pick(r, HEX, 32),
    "openai-api-key": lambda r: f"sk-proj-{pick(r, URLSAFE, 74)}T3BlbkFJ{pick(r, URLSAFE, 74)}",
    "anthropic-api-key": lambda r: f"sk-ant-api03-{pick(r, URLSAFE, 93)}AA",
    "shopify-token": lambda r: "shpat_" + pick(r, HEX, 32),
    "npm-token": lambda r: "npm_" + pick(r, ALNUM, 36),
    "pypi-token": lambda r: "pypi-AgEIcHlwaS5vcmc" + pick(r, URLSAFE, 150),
    "discord-bot-token": lambda r: (
        f"{base64.b64encode(digits(r, 18).encode()).decode().rstrip('=')}."
        f"{pick(r, URLSAFE, 6)}.{pick(r, URLSAFE, 38)}"
    ),
    "discord-webhook-url": lambda r: (
        f"https://discord.com/api/webhooks/{digits(r, 19)}/{pick(r, URLSAFE, 68)}"
    ),
    "telegram-bot-token": lambda r: f"{digits(r, 10)}:AA{pick(r, URLSAFE, 33)}",
    "google-api-key": lambda r: "AIza" + pick(r, URLSAFE, 35),
    "google-oauth-client-secret": lambda r: "GOCSPX-" + pick(r, URLSAFE, 28),
    "hubspot-private-app-token": lambda r: "pat-na1-" + uid(r),
    "notion-token": lambda r: "ntn_" + digits(r, 11) + pick(r, ALNUM, 35),
    "notion-legacy-token": lambda r: "secret_" + pick(r, ALNUM, 43),
    "airtable-pat": lambda r: f"pat{pick(r, ALNUM, 14)}.{pick(r, HEX, 64)}",
    "linear-api-key": lambda r: "lin_api_" + pick(r, ALNUM, 40),
    "square-access-token": lambda r: "EAAA" + pick(r, URLSAFE, 60),
    "square-application-secret": lambda r: "sq0csp-" + pick(r, URLSAFE, 43),
    "datadog-api-key": lambda r: pick(r, HEX, 32),
    "digitalocean-token": lambda r: "dop_v1_" + pick(r, HEX, 64),
    "heroku-api-key": uid,
    "mailchimp-api-key": lambda r: pick(r, HEX, 32) + f"-us{r.randint(1, 21)}",
    "postmark-server-token": uid,
    "private-key": pem,
    "private-key-escaped": lambda r: pem(r, "PRIVATE KEY", escaped=True),
    "openssh-private-key": lambda r: pem(r, "OPENSSH PRIVATE KEY"),
    "jwt-service": lambda r: jwt(
        r,
        {
            "iss": "supabase",
            "ref": pick(r, string.ascii_lowercase, 20),
            "role": "service_role",
            "iat": 1700000000,
            "exp": 2015576000,
        },
    ),
    "jwt-session": lambda r: jwt(r, {"sub": digits(r, 8), "iat": 1717000000, "exp": 1717003600}),
    "supabase-anon-key": lambda r: jwt(
        r,
        {
            "iss": "supabase",
            "ref": pick(r, string.ascii_lowercase, 20),
            "role": "anon",
            "iat": 1700000000,
            "exp": 2015576000,
        },
    ),
    "calendly-token": lambda r: jwt(
        r,
        {
            "kid": "1ce1e136",
            "typ": "PAT",
            "alg": "ES512",
            "iss": "https://auth.calendly.com",
            "sub": digits(r, 9),
            "iat": 1716000000,
            "jti": uid(r),
        },
    ),
    "url-password": lambda r: password(r, "!*-_~"),  # characters allowed unencoded in URLs
    "bearer-token": lambda r: pick(r, URLSAFE, 40),
    "basic-credentials": lambda r: base64.b64encode(
        f"svc_{pick(r, string.ascii_lowercase, 6)}:{password(r)}".encode()
    ).decode(),
    "atlassian-api-token": lambda r: (
        "ATATT3xFfGF0" + pick(r, URLSAFE, 170) + "=" + pick(r, HEX, 8).upper()
    ),
    "asana-pat": lambda r: f"2/{digits(r, 16)}/{digits(r, 16)}:{pick(r, HEX, 32)}",
    "zendesk-api-token": lambda r: pick(r, ALNUM, 40),
    "intercom-access-token": lambda r: base64.b64encode(f"tok:{uid(r)}:{uid(r)}".encode()).decode(),
    "typeform-token": lambda r: f"tfp_{pick(r, ALNUM, 44)}_{pick(r, ALNUM, 14)}",
    "zoom-client-secret": lambda r: pick(r, ALNUM, 32),
    "dropbox-access-token": lambda r: "sl.u." + pick(r, URLSAFE, 140),
    "figma-token": lambda r: f"figd_{pick(r, URLSAFE, 40)}",
    "vercel-token": lambda r: vercel(r, "vcp_"),
    "netlify-token": lambda r: "nfp_" + pick(r, ALNUM, 36),
    "cloudflare-api-token": lambda r: cloudflare(r, "cfut_"),
    "sentry-auth-token": sentry_org_token,
    "new-relic-user-key": lambda r: "NRAK-" + pick(r, UPPER_ALNUM, 27),
    "doppler-token": lambda r: doppler(r, "st"),
    "replicate-api-token": lambda r: "r8_" + pick(r, ALNUM, 37),
    "huggingface-token": lambda r: "hf_" + pick(r, string.ascii_letters, 34),
    "groq-api-key": lambda r: "gsk_" + pick(r, ALNUM, 52),
    "perplexity-api-key": lambda r: "pplx-" + pick(r, ALNUM, 48),
    "mistral-api-key": lambda r: pick(r, ALNUM, 32),
    "cohere-api-key": lambda r: pick(r, ALNUM, 40),
    "pipedream-api-key": lambda r: pick(r, HEX, 32),
    "generic-secret": lambda r: pick(r, ALNUM, 32),
    "generic-hex-secret": lambda r: pick(r, HEX, 40),
    "generic-password": password,
    # Near misses (never labelled): values that must not be reported.
    "uuid": uid,
    "sha256": lambda r: pick(r, HEX, 64),
    "git-sha": lambda r: pick(r, HEX, 40),
    "md5": lambda r: pick(r, HEX, 32),
    "integrity": lambda r: "sha512-" + base64.b64encode(r.randbytes(64)).decode(),
    "stripe-publishable": lambda r: "pk_live_51" + pick(r, ALNUM, 97),
    "request-id": lambda r: "req_" + pick(r, ALNUM, 14),
    "image-b64": lambda r: "data:image/png;base64," + base64.b64encode(r.randbytes(600)).decode(),
}
