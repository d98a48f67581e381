"""One realistic positive sample per detector (value + the code around it) for the unit tests."""

from __future__ import annotations

import base64
import random
import string
from collections.abc import Callable

from tests.checks.secrets.corpus_values import (
    ALNUM,
    B64,
    FORMATS,
    HEX,
    URLSAFE,
    cloudflare,
    doppler,
    jwt,
    pick,
    uid,
    vercel,
)

# Detector id → (format generator, code template with `{v}`); default template: a JS const.
EXTRA_FORMATS = {
    "aws-secret-access-key-by-name": lambda r: pick(r, B64, 40),
    "github-refresh-token": lambda r: "ghr_" + pick(r, ALNUM, 76),
    "gitlab-deploy-token": lambda r: "gldt-" + pick(r, URLSAFE, 20),
    "gitlab-pipeline-trigger-token": lambda r: "glptt-" + pick(r, HEX, 40),
    "gitlab-runner-token": lambda r: "glrt-" + pick(r, URLSAFE, 20),
    "google-oauth-refresh-token": lambda r: "1//0" + pick(r, URLSAFE, 99),
    "google-oauth-access-token": lambda r: "ya29." + pick(r, URLSAFE, 150),
    "azure-storage-account-key": lambda r: base64.b64encode(r.randbytes(64)).decode(),
    "heroku-api-key-v2": lambda r: "HRKU-" + pick(r, URLSAFE, 60),
    "cloudflare-api-token-legacy": lambda r: pick(r, URLSAFE, 40),
    "vercel-token-legacy": lambda r: pick(r, ALNUM, 24),
    "netlify-token-by-name": lambda r: pick(r, URLSAFE, 43),
    "new-relic-insert-key": lambda r: "NRII-" + pick(r, URLSAFE, 32),
    "new-relic-license-key": lambda r: pick(r, HEX, 36) + "NRAL",
    "grafana-service-account-token": lambda r: f"glsa_{pick(r, ALNUM, 32)}_{pick(r, HEX, 8)}",
    "grafana-cloud-token": lambda r: "glc_" + base64.b64encode(r.randbytes(90)).decode(),
    "databricks-token": lambda r: "dapi" + pick(r, HEX, 32),
    "pulumi-token": lambda r: "pul-" + pick(r, HEX, 40),
    "postman-api-key": lambda r: f"PMAK-{pick(r, HEX, 24)}-{pick(r, HEX, 34)}",
    "supabase-management-token": lambda r: "sbp_" + pick(r, HEX, 40),
    "supabase-secret-key": lambda r: "sb_secret_" + pick(r, URLSAFE, 31),
    "age-secret-key": lambda r: (
        "AGE-SECRET-KEY-1"
        + "".join(r.choice("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L") for _ in range(58))
    ),
    "stripe-secret-key": FORMATS["stripe-live-key"],
    "square-legacy-access-token": lambda r: "sq0atp-" + pick(r, URLSAFE, 22),
    "braintree-access-token": lambda r: (
        "access_token$production$"
        + pick(r, string.ascii_lowercase + string.digits, 16)
        + "$"
        + pick(r, HEX, 32)
    ),
    "shippo-api-token": lambda r: "shippo_live_" + pick(r, HEX, 40),
    "slack-token": lambda r: f"xoxa-2-{pick(r, ALNUM, 40)}",
    "twilio-auth-token-by-name": lambda r: pick(r, HEX, 32),
    "mailgun-api-key-by-name": lambda r: f"{pick(r, HEX, 32)}-{pick(r, HEX, 8)}-{pick(r, HEX, 8)}",
    "resend-api-key": lambda r: f"re_{pick(r, ALNUM, 8)}_{pick(r, ALNUM, 24)}",
    "brevo-api-key": lambda r: f"xkeysib-{pick(r, HEX, 64)}-{pick(r, ALNUM, 16)}",
    "twitter-bearer-token": lambda r: "A" * 22 + pick(r, ALNUM, 80),
    "facebook-access-token": lambda r: "EAAG" + pick(r, ALNUM, 150),
    "hubspot-api-key": uid,
    "airtable-api-key": lambda r: "key" + pick(r, ALNUM, 14),
    "atlassian-api-token-legacy": lambda r: pick(r, ALNUM, 24),
    "clickup-token": lambda r: (
        f"pk_{r.randint(10**7, 10**8)}_{pick(r, string.ascii_uppercase + string.digits, 32)}"
    ),
    "contentful-token": lambda r: "CFPAT-" + pick(r, URLSAFE, 43),
    "mapbox-secret-token": lambda r: (
        "sk.eyJ1IjoiYWNtZSIsImEiOiJ" + pick(r, URLSAFE, 20) + "." + pick(r, URLSAFE, 22)
    ),
    "trello-token": lambda r: pick(r, HEX, 64),
    "pagerduty-api-key": lambda r: pick(r, ALNUM + "+_-", 20),
    "okta-api-token": lambda r: "00" + pick(r, URLSAFE, 40),
    "algolia-admin-key": lambda r: pick(r, HEX, 32),
    "openai-legacy-api-key": lambda r: f"sk-{pick(r, ALNUM, 20)}T3BlbkFJ{pick(r, ALNUM, 20)}",
    "jwt": lambda r: jwt(r, {"sub": "svc-reporting", "iat": 1700000000}),
    "private-key": FORMATS["private-key"],
}

# Detector id → code template; `{v}` is the secret. Default: `const token = "{v}";`.
TEMPLATES = {
    "aws-access-key-id": 'const accessKeyId = "{v}";\n',
    "aws-secret-access-key": (
        # the key id split in two: no committed line should look like an AWS key pair
        'const creds = {{ accessKeyId: "AKIA' + '2E0A8F3B244C9986", secret: "{v}" }};\n'
    ),
    "aws-secret-access-key-by-name": 'AWS_SECRET_ACCESS_KEY = "{v}"\n',
    "twilio-auth-token": 'const client = twilio("AC3f9e2d1c0b4a59687d6e5f4a3b2c1d0e", "{v}");\n',
    "azure-storage-account-key": (
        'const conn = "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={v};'
        'EndpointSuffix=core.windows.net";\n'
    ),
    "heroku-api-key": 'HEROKU_API_KEY = "{v}"\n',
    "cloudflare-api-token-legacy": 'const CLOUDFLARE_API_TOKEN = "{v}";\n',
    "vercel-token-legacy": 'const vercelToken = "{v}";\n',
    "netlify-token-by-name": 'const NETLIFY_AUTH_TOKEN = "{v}";\n',
    "datadog-api-key": 'headers = {{"DD-API-KEY": "{v}"}}\n',
    "twilio-auth-token-by-name": 'TWILIO_AUTH_TOKEN = "{v}"\n',
    "mailgun-api-key-by-name": 'const mailgunApiKey = "{v}";\n',
    "postmark-server-token": 'const headers = {{ "X-Postmark-Server-Token": "{v}" }};\n',
    "zendesk-api-token": 'ZENDESK_API_TOKEN = "{v}"\n',
    "zoom-client-secret": 'const zoomClientSecret = "{v}";\n',
    "hubspot-api-key": 'const params = {{ hapikey: "{v}" }};\n',
    "airtable-api-key": 'const AIRTABLE_API_KEY = "{v}";\n',
    "atlassian-api-token-legacy": 'JIRA_API_TOKEN = "{v}"\n',
    "trello-token": 'const trelloToken = "{v}";\n',
    "pagerduty-api-key": 'PAGERDUTY_API_KEY = "{v}"\n',
    "okta-api-token": 'const oktaApiToken = "{v}";\n',
    "algolia-admin-key": 'const ALGOLIA_ADMIN_KEY = "{v}";\n',
    "pipedream-api-key": 'const PIPEDREAM_API_KEY = "{v}";\n',
    "mistral-api-key": 'MISTRAL_API_KEY = "{v}"\n',
    "cohere-api-key": 'const cohereApiKey = "{v}";\n',
    "discord-bot-token": 'await client.login("{v}"); // discord.js\n',
    "asana-pat": 'const ASANA = "{v}"; // app.asana.com\n',
    "private-key": "const pem = `{v}`;\n",
}
PY_TEMPLATE_IDS = {k for k, t in TEMPLATES.items() if not t.startswith(("const", "await"))}
SKIP_FORMAT_ONLY = {"twilio-account-sid", "private-key-escaped"}


def sample(detector_id: str, seed: int = 0) -> tuple[str, str, str]:
    """(code, value, language suffix) with one secret of `detector_id` in realistic code."""
    rng = random.Random(f"sample:{detector_id}:{seed}")
    gen = EXTRA_FORMATS.get(detector_id) or FORMATS[detector_id]
    value = gen(rng)
    template = TEMPLATES.get(detector_id, 'const token = "{v}";\n')
    suffix = ".py" if detector_id in PY_TEMPLATE_IDS else ".mjs"
    return template.format(v=value), value, suffix


# Detector id → other real shapes of its format (each must be found, exactly).
VARIANTS: dict[str, list[Callable[[random.Random], str]]] = {
    "cloudflare-api-token": [lambda r, p=p: cloudflare(r, p) for p in ("cfk_", "cfut_", "cfat_")],
    "cloudflare-api-token-legacy": [lambda r: pick(r, HEX, 37), lambda r: pick(r, HEX, 45)],
    "vercel-token": [lambda r, p=p: vercel(r, p) for p in ("vcp_", "vci_", "vca_", "vcr_", "vck_")],
    "netlify-token": [
        lambda r, p=p: p + pick(r, ALNUM, 36) for p in ("nfp_", "nfc_", "nfo_", "nfu_", "nfb_")
    ],
    "doppler-token": [
        lambda r, k=k: doppler(r, k) for k in ("pt", "st", "ct", "sa", "said", "scim", "audit")
    ]
    + [lambda r: "dp.pt." + pick(r, ALNUM, 40), lambda r: "dp.st." + pick(r, ALNUM, 44)],
    "sentry-auth-token": [
        FORMATS["sentry-auth-token"],
        lambda r: "sntryu_" + pick(r, HEX, 64),
        lambda r: "sntrya_" + pick(r, HEX, 64),
    ],
    "typeform-token": [
        lambda r: f"tfp_{pick(r, ALNUM, 44)}_{pick(r, ALNUM, 14)}",
        lambda r: "tfp_" + pick(r, HEX, 40),
    ],
}

# Detector id → values that look close but are not its format (must not be reported by it).
NEAR_MISSES: dict[str, list[Callable[[random.Random], str]]] = {
    "cloudflare-api-token": [
        lambda r: "cfut_" + pick(r, ALNUM, 40),  # no checksum
        lambda r: "cfut_" + pick(r, ALNUM, 40) + pick(r, "ghijkmnpqrstuvwxyz", 8),  # not hex
        lambda r: "cfxt_" + pick(r, ALNUM, 40) + pick(r, HEX, 8),  # unknown prefix
    ],
    "vercel-token": [
        lambda r: "vcp_" + pick(r, ALNUM, 40),  # too short
        lambda r: "vcx_" + pick(r, ALNUM, 56),  # unknown prefix
    ],
    "netlify-token": [
        lambda r: "nfp_" + pick(r, ALNUM, 30),  # too short
        lambda r: "nfp_" + pick(r, ALNUM, 44),  # too long
        lambda r: "nfx_" + pick(r, ALNUM, 36),  # unknown prefix
    ],
    "doppler-token": [
        lambda r: "dp.xx." + pick(r, ALNUM, 43),  # unknown token type
        lambda r: "dp.pt." + pick(r, ALNUM, 30),  # too short
        lambda r: "dp.pt." + pick(r, ALNUM, 50),  # too long
    ],
    "sentry-auth-token": [
        lambda r: "sntryu_" + pick(r, HEX, 40),  # too short
        lambda r: "sntrys_" + pick(r, ALNUM, 80),  # no base64 JSON claims and no secret part
    ],
    "typeform-token": [
        lambda r: "tfp_" + pick(r, ALNUM, 30),
        lambda r: "tfp_" + pick(r, ALNUM, 70),
    ],
}
