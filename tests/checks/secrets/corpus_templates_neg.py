"""Corpus templates without secrets: near misses that must produce no secret finding.

The marker (single angle quotes around a format name) is replaced by a generated non-secret value (uuid, hash, publishable key, …).
"""

# ruff: noqa: E501

NEGATIVE: dict[str, str] = {}

NEGATIVE["env_stripe.mjs"] = """import Stripe from "stripe";

export default defineComponent({
  async run({ steps, $ }) {
    const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);
    const publishableKey = "‹stripe-publishable›";
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: "price_1PqRsTuVwXyZ0123", quantity: 1 }],
      success_url: "https://acme.io/thanks",
    });
    return { url: session.url, publishableKey };
  },
});
"""

NEGATIVE["auth_props.mjs"] = """export default defineComponent({
  props: {
    slack: { type: "app", app: "slack" },
    apiKey: { type: "string", label: "API Key", secret: true, description: "Your API key from the dashboard" },
  },
  async run({ steps, $ }) {
    const token = this.slack.$auth.oauth_access_token;
    const headers = { Authorization: `Bearer ${token}`, "X-API-Key": this.apiKey };
    return await fetch("https://slack.com/api/auth.test", { headers }).then((r) => r.json());
  },
});
"""

NEGATIVE["placeholders.py"] = """import os
import requests

API_KEY = "YOUR_API_KEY"
SECRET = "<your-secret-here>"
TOKEN = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
PASSWORD = "changeme"
WEBHOOK_SECRET = "************************"


def handler(pd: "pipedream"):
    key = os.environ["WEATHER_API_KEY"]
    token = os.environ.get("SERVICE_TOKEN")
    return requests.get("https://api.weatherly.dev/v1/now", params={"key": key}, timeout=5).json(), token
"""

NEGATIVE["placeholder_tokens.mjs"] = (
    """// Replace the values below with your own credentials before deploying.
const STRIPE_KEY = "sk_live_"""
    + "x" * 28
    + """";
const GITHUB_TOKEN = "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
const SLACK_TOKEN = "xoxb-your-bot-token";
const apiKey = "{{process.env.API_KEY}}";
const authHeader = "Bearer YOUR_ACCESS_TOKEN";
const dbUrl = "postgres://user:password@localhost:5432/db";

export default defineComponent({
  async run({ steps, $ }) {
    return { configured: Boolean(STRIPE_KEY && GITHUB_TOKEN && SLACK_TOKEN && apiKey && authHeader && dbUrl) };
  },
});
"""
)

NEGATIVE["documented_examples.py"] = """import boto3
import stripe

# Values from the AWS and Stripe documentation, used in unit tests of this step.
EXAMPLE_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
EXAMPLE_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
stripe.api_key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"


def handler(pd: "pipedream"):
    session = boto3.Session()
    return session.region_name
"""

NEGATIVE["hashes_and_ids.mjs"] = """import crypto from "crypto";

const EXPECTED_SHA256 = "‹sha256›";
const commitSha = "‹git-sha›";
const legacyChecksum = "‹md5›";

export default defineComponent({
  async run({ steps, $ }) {
    const digest = crypto.createHash("sha256").update(steps.trigger.event.body.file).digest("hex");
    const idempotencyKey = "‹uuid›";
    return { valid: digest === EXPECTED_SHA256, commitSha, legacyChecksum, idempotencyKey };
  },
});
"""

NEGATIVE["uuid_keys.py"] = """import uuid
import requests

WORKSPACE_ID = "‹uuid›"
idempotency_key = "‹uuid›"
cache_key = "‹md5›"


def handler(pd: "pipedream"):
    request_id = str(uuid.uuid4())
    return requests.post(
        f"https://api.acme.io/workspaces/{WORKSPACE_ID}/jobs",
        headers={"Idempotency-Key": idempotency_key, "X-Request-Id": request_id},
        timeout=10,
    ).status_code
"""

NEGATIVE["package_integrity.js"] = """const lock = {
  name: "left-pad",
  version: "1.3.0",
  integrity: "‹integrity›",
  resolved: "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
};

module.exports = defineComponent({
  async run({ steps, $ }) {
    return lock.integrity.startsWith("sha512-");
  },
});
"""

NEGATIVE["public_key_verify.mjs"] = """import crypto from "crypto";

const PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo
4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u
+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyeh
kd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ
0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdg
cKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbc
mwIDAQAB
-----END PUBLIC KEY-----`;

export default defineComponent({
  async run({ steps, $ }) {
    const { body, headers } = steps.trigger.event;
    const ok = crypto.verify("sha256", Buffer.from(JSON.stringify(body)), PUBLIC_KEY, Buffer.from(headers["x-signature"], "base64"));
    if (!ok) return $.flow.exit("bad signature");
    return body;
  },
});
"""

NEGATIVE["pipedream_ids.py"] = """import requests


def handler(pd: "pipedream"):
    workflow_id = "p_ab12CD3"
    account = "apn_3JhQwLk"
    source_id = "dc_K0uRmYq"
    trigger_id = "hi_ZbHvJ98"
    saved_component = "sc_Mn8Qp2Lx"
    token = pd.inputs["github"]["$auth"]["oauth_access_token"]
    return requests.get(
        f"https://api.pipedream.com/v1/workflows/{workflow_id}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json(), account, source_id, trigger_id, saved_component
"""

NEGATIVE["urls_no_creds.mjs"] = """import axios from "axios";

const BASE_URL = "https://api.acme-corp.com/v3";
const TOKEN_URL = "https://auth.acme-corp.com/oauth/token";
const REDIS_URL = "redis://cache.internal:6379/0";
const docsLink = "https://developers.acme-corp.com/docs/authentication#api-keys";

export default defineComponent({
  async run({ steps, $ }) {
    const { data } = await axios.post(TOKEN_URL, {
      grant_type: "client_credentials",
      client_id: process.env.ACME_CLIENT_ID,
      client_secret: process.env.ACME_CLIENT_SECRET,
    });
    return axios.get(`${BASE_URL}/orders`, { headers: { Authorization: `Bearer ${data.access_token}` } }).then((r) => r.data);
  },
});
"""

NEGATIVE["image_blob.mjs"] = """const LOGO = "‹image-b64›";

export default defineComponent({
  async run({ steps, $ }) {
    await $.respond({
      status: 200,
      headers: { "Content-Type": "text/html" },
      body: `<html><body><img src="${LOGO}" alt="logo"/></body></html>`,
    });
  },
});
"""

NEGATIVE["i18n_messages.js"] = """const messages = {
  en: { passwordReset: "Your password reset link has expired, please request a new one.", tokenMissing: "Missing API token" },
  fr: { passwordReset: "Votre lien de réinitialisation du mot de passe a expiré.", tokenMissing: "Jeton d'API manquant" },
  de: { passwordReset: "Ihr Link zum Zurücksetzen des Passworts ist abgelaufen.", tokenMissing: "API-Token fehlt" },
};

module.exports = defineComponent({
  async run({ steps, $ }) {
    const lang = steps.trigger.event.headers["accept-language"]?.slice(0, 2) || "en";
    return (messages[lang] || messages.en).tokenMissing;
  },
});
"""

NEGATIVE["css_template.mjs"] = """const styles = `
  .card { border: 1px solid #e2e8f0; border-radius: 8px; padding: 16px; }
  .token-badge { background: #0f172a; color: #f8fafc; font-family: monospace; }
  .secret-field { filter: blur(4px); }
`;

export default defineComponent({
  async run({ steps, $ }) {
    const passwordInputSelector = "input[type=password][name=current-password]";
    return { html: `<style>${styles}</style><div class="card">ok</div>`, passwordInputSelector };
  },
});
"""

NEGATIVE["supabase_anon.mjs"] = """import { createClient } from "@supabase/supabase-js";

// The anon key is public by design (row level security protects the data).
const supabase = createClient("https://abcdefghijklmnopqrst.supabase.co", "‹supabase-anon-key›");

export default defineComponent({
  async run({ steps, $ }) {
    const { data } = await supabase.from("public_posts").select("*").limit(10);
    return data;
  },
});
"""

NEGATIVE["twilio_sid_only.py"] = """import os
from twilio.rest import Client

ACCOUNT_SID = "‹twilio-account-sid›"
MESSAGING_SERVICE = "MG9752274e9e519418a7406176694466fa"


def handler(pd: "pipedream"):
    client = Client(ACCOUNT_SID, os.environ["TWILIO_AUTH_TOKEN"])
    return client.messages.create(messaging_service_sid=MESSAGING_SERVICE, to="+15558675310", body="hi").sid
"""

NEGATIVE["template_refs.mjs"] = """import axios from "axios";

export default defineComponent({
  async run({ steps, $ }) {
    const user = process.env.DB_USER;
    const pass = process.env.DB_PASSWORD;
    const dsn = `postgres://${user}:${pass}@db.acme.io:5432/app`;
    const auth = "Bearer " + process.env.ACME_TOKEN;
    const basic = `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
    return axios.get("https://api.acme.io/health", { headers: { Authorization: auth, "X-Basic": basic, "X-DSN": dsn.length } });
  },
});
"""

NEGATIVE["bash_env.sh"] = """#!/usr/bin/env bash
set -euo pipefail
API_BASE="https://api.acme.io/v1"
RESULT_FILE=/tmp/result.json
curl -s -H "Authorization: Bearer ${ACME_TOKEN}" "$API_BASE/items" > "$RESULT_FILE"
COUNT=$(jq length "$RESULT_FILE")
echo "count=$COUNT" >> "$PIPEDREAM_EXPORTS"
"""

NEGATIVE["component_key_names.mjs"] = """export default defineComponent({
  key: "acme-create-order-webhook",
  name: "Create Order",
  version: "0.0.3",
  type: "action",
  props: {
    partitionKey: { type: "string", default: "orders-by-customer-region" },
    sortKey: { type: "string", default: "created_at_desc" },
    tokenType: { type: "string", options: ["access_token", "refresh_token"] },
  },
  async run({ steps, $ }) {
    const keyName = "primary_signing_key_v2";
    const authStrategy = "oauth2_client_credentials";
    return { keyName, authStrategy };
  },
});
"""

NEGATIVE["test_fixture_tokens.py"] = """def handler(pd: "pipedream"):
    # Local fixtures used by the step's self-check, not real credentials.
    test_token = "test-token-1234567890abcdef"
    dummy_secret = "dummy-secret-value-for-tests"
    fake_api_key = "fake_api_key_0000000000000000"
    mock_password = "mock-password-123"
    return all([test_token, dummy_secret, fake_api_key, mock_password])
"""

NEGATIVE["request_ids.mjs"] = """export default defineComponent({
  async run({ steps, $ }) {
    const traceId = "‹request-id›";
    const customerId = "cus_Q2w3E4r5T6y7U8";
    const priceId = "price_1PqRsTuVwXyZ0123AbCd";
    const eventId = "evt_1Nc4bY2eZvKYlo2C0aXk9pTq";
    const nonce = "‹md5›";
    return { traceId, customerId, priceId, eventId, nonce };
  },
});
"""

NEGATIVE[
    "hex_colors_and_versions.py"
] = """PALETTE = {"primary": "#1d4ed8", "secondary": "#64748b", "danger": "#dc2626"}
VERSION = "2024.07.15-build.1432"
USER_AGENT = "acme-pipedream-step/1.4.2 (+https://acme.io/bot)"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def handler(pd: "pipedream"):
    return {"palette": PALETTE, "version": VERSION, "ua": USER_AGENT, "fmt": DATE_FORMAT}
"""

NEGATIVE["jwt_io_example.mjs"] = """import jwt from "jsonwebtoken";

// The example token from jwt.io, used to show the decode format in logs.
const SAMPLE = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

export default defineComponent({
  async run({ steps, $ }) {
    const decoded = jwt.verify(steps.trigger.event.headers["x-token"], process.env.JWT_SECRET);
    return { decoded, sample: jwt.decode(SAMPLE) };
  },
});
"""

NEGATIVE["graphql_query.ts"] = """import axios from "axios";

const QUERY = `
  query Orders($first: Int!) {
    orders(first: $first) { edges { node { id name totalPriceSet { shopMoney { amount } } } } }
  }
`;

export default defineComponent({
  props: { shopify: { type: "app", app: "shopify" } },
  async run({ steps, $ }) {
    const res = await axios.post(
      `https://${this.shopify.$auth.shop_id}.myshopify.com/admin/api/2024-07/graphql.json`,
      { query: QUERY, variables: { first: 10 } },
      { headers: { "X-Shopify-Access-Token": this.shopify.$auth.oauth_access_token } },
    );
    return res.data;
  },
});
"""

NEGATIVE["python_config_env.py"] = """import os
from dataclasses import dataclass


@dataclass
class Settings:
    api_key: str = os.environ.get("ACME_API_KEY", "")
    api_secret: str = os.getenv("ACME_API_SECRET", "")
    password_min_length: int = 12
    token_ttl_seconds: int = 3600


def handler(pd: "pipedream"):
    s = Settings()
    return {"has_key": bool(s.api_key), "ttl": s.token_ttl_seconds}
"""

NEGATIVE["oauth_flow.mjs"] = """import axios from "axios";

export default defineComponent({
  async run({ steps, $ }) {
    const { code } = steps.trigger.event.query;
    const tokenResponse = await axios.post("https://oauth2.googleapis.com/token", {
      code,
      client_id: process.env.GOOGLE_CLIENT_ID,
      client_secret: process.env.GOOGLE_CLIENT_SECRET,
      redirect_uri: "https://acme.io/oauth/callback",
      grant_type: "authorization_code",
    });
    const accessToken = tokenResponse.data.access_token;
    $.export("token_type", tokenResponse.data.token_type);
    return { ok: Boolean(accessToken) };
  },
});
"""

NEGATIVE["signature_verify.py"] = """import hashlib
import hmac
import os


def handler(pd: "pipedream"):
    event = pd.steps["trigger"]["event"]
    secret = os.environ["SHOPIFY_WEBHOOK_SECRET"].encode()
    digest = hmac.new(secret, event["bodyRaw"].encode(), hashlib.sha256).hexdigest()
    signature_header = "x-shopify-hmac-sha256"
    if not hmac.compare_digest(digest, event["headers"].get(signature_header, "")):
        pd.respond({"status": 401, "body": "invalid signature"})
        return pd.flow.exit("invalid signature")
    return event["body"]
"""

NEGATIVE["long_identifiers.mjs"] = """export default defineComponent({
  async run({ steps, $ }) {
    const secretManagerPath = "projects/acme-prod/secrets/stripe-api-key/versions/latest";
    const tokenEndpoint = "/oauth2/v1/token";
    const apiKeyHeaderName = "X-Acme-Api-Key";
    const secretName = "prod/payments/stripe_secret_key";
    const credentialsFile = "service-account-credentials.json";
    const authorizationScheme = "BearerTokenAuthorization";
    return { secretManagerPath, tokenEndpoint, apiKeyHeaderName, secretName, credentialsFile, authorizationScheme };
  },
});
"""

NEGATIVE["aws_env_sdk.py"] = """import os
import boto3


def handler(pd: "pipedream"):
    s3 = boto3.client(
        "s3",
        aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
    )
    bucket_arn = "arn:aws:s3:::acme-data-lake-prod-us-east-1"
    return s3.list_objects_v2(Bucket="acme-data-lake-prod-us-east-1", MaxKeys=5), bucket_arn
"""

NEGATIVE["markdown_docs.mjs"] = """const HELP = `
To connect, create an API key in Settings -> API and paste it into the **API Key** prop.
Keys look like \\`sk_live_...\\` for live mode. Never paste a key into the code itself.
Use \\`Authorization: Bearer <token>\\` when calling the API directly.
`;

export default defineComponent({
  async run({ steps, $ }) {
    return HELP.trim();
  },
});
"""

NEGATIVE["base64_payload.py"] = """import base64
import json


def handler(pd: "pipedream"):
    body = pd.steps["trigger"]["event"]["body"]
    encoded = base64.b64encode(json.dumps(body).encode()).decode()
    content_type = "application/vnd.acme.event+json;version=2"
    return {"payload": encoded, "content_type": content_type}
"""

NEGATIVE["ssh_public_key.sh"] = """#!/usr/bin/env bash
DEPLOY_USER=deploy
AUTHORIZED_KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq3vXoEzhKqg5n3zF1yFQ0o0Xx0mQ2YhRkq2Kt7bN5d deploy@acme"
echo "$AUTHORIZED_KEY" >> /tmp/authorized_keys
echo "user=$DEPLOY_USER" >> "$PIPEDREAM_EXPORTS"
"""

NEGATIVE["regex_patterns.js"] = """const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,}$/;
const keyFormat = "^(sk|rk)_(live|test)_[0-9a-zA-Z]{24,}$";

module.exports = defineComponent({
  async run({ steps, $ }) {
    const candidate = steps.trigger.event.body.key;
    return { valid: TOKEN_PATTERN.test(candidate) && new RegExp(keyFormat).test(candidate) };
  },
});
"""
