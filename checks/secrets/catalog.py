"""The catalogue of provider secret formats (token regexes and provider secrets known by name)."""

from __future__ import annotations

import re
from collections.abc import Callable

from checks.model import Severity
from checks.secrets.detectors import Detector, Refinement, named, token
from checks.secrets.jwt_claims import refine_jwt
from checks.secrets.model import SecretKind

C, H, M = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM
UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
B64 = r"[A-Za-z0-9/+]"


def _live_test(live_marker: str, live_severity: Severity = C) -> Callable[[str], Refinement]:
    """Live keys keep `live_severity`; test/sandbox keys drop to medium."""

    def refine(value: str) -> Refinement:
        live = live_marker in value
        return Refinement(live=live, severity=live_severity if live else M)

    return refine


def _shopify(value: str) -> Refinement:
    kind = value[:5]
    env = {"shpss": "SHOPIFY_API_SECRET", "shpca": "SHOPIFY_CUSTOM_APP_TOKEN"}.get(kind)
    return Refinement(env_name=env or "SHOPIFY_ACCESS_TOKEN")


def _pem(value: str) -> Refinement:
    if "OPENSSH" in value[:40]:
        return Refinement(env_name="SSH_PRIVATE_KEY", provider="OpenSSH")
    if "PGP" in value[:40]:
        return Refinement(env_name="PGP_PRIVATE_KEY", provider="PGP")
    return Refinement()


def _square(value: str) -> Refinement:
    return Refinement(live=None, severity=C)


def _cloudflare(value: str) -> Refinement:
    if value.startswith("cfk_"):
        return Refinement(env_name="CLOUDFLARE_API_KEY", description="Cloudflare global API key")
    kind = "account" if value.startswith("cfat_") else "user"
    return Refinement(description=f"Cloudflare {kind} API token")


_VERCEL_KINDS = {
    "vcp_": ("Vercel personal access token", None),
    "vci_": ("Vercel integration token", None),
    "vca_": ("Vercel app access token", None),
    "vcr_": ("Vercel app refresh token", None),
    "vck_": ("Vercel AI Gateway API key", "AI_GATEWAY_API_KEY"),
}


def _vercel(value: str) -> Refinement:
    description, env = _VERCEL_KINDS[value[:4]]
    return Refinement(description=description, env_name=env)


DETECTORS: tuple[Detector, ...] = (
    # -- cloud & code hosting -------------------------------------------------------------------
    token(
        "aws-access-key-id",
        "AWS",
        "AWS access key ID",
        "AWS_ACCESS_KEY_ID",
        r"(?P<v>(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})",
        keywords=("AKIA", "ASIA", "ABIA", "ACCA"),
    ),
    token(
        "aws-secret-access-key",
        "AWS",
        "AWS secret access key",
        "AWS_SECRET_ACCESS_KEY",
        rf"(?<![A-Za-z0-9/+=_])(?P<v>{B64}{{40}})(?![A-Za-z0-9/+=_])",
        bounded=False,
        keywords=("AKIA", "ASIA"),
        near=r"(?:AKIA|ASIA)[A-Z0-9]{16}",
        window=600,
    ),
    named(
        "aws-secret-access-key-by-name",
        "AWS",
        "AWS secret access key",
        "AWS_SECRET_ACCESS_KEY",
        r"aws.*secret|secretaccesskey|awssecret",
        rf"{B64}{{40}}",
    ),
    token(
        "github-pat",
        "GitHub",
        "GitHub personal access token (classic)",
        "GITHUB_TOKEN",
        r"(?P<v>ghp_[A-Za-z0-9]{36,251})",
    ),
    token(
        "github-fine-grained-pat",
        "GitHub",
        "GitHub fine-grained personal access token",
        "GITHUB_TOKEN",
        r"(?P<v>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59,})",
    ),
    token(
        "github-oauth-token",
        "GitHub",
        "GitHub OAuth access token",
        "GITHUB_TOKEN",
        r"(?P<v>gho_[A-Za-z0-9]{36,251})",
    ),
    token(
        "github-app-token",
        "GitHub",
        "GitHub App user/installation token",
        "GITHUB_TOKEN",
        r"(?P<v>gh[us]_[A-Za-z0-9]{36,251})",
        keywords=("ghu_", "ghs_"),
    ),
    token(
        "github-refresh-token",
        "GitHub",
        "GitHub App refresh token",
        "GITHUB_REFRESH_TOKEN",
        r"(?P<v>ghr_[A-Za-z0-9]{36,251})",
    ),
    token(
        "gitlab-pat",
        "GitLab",
        "GitLab personal/project access token",
        "GITLAB_TOKEN",
        r"(?P<v>glpat-[A-Za-z0-9_\-.]{20,})",
    ),
    token(
        "gitlab-deploy-token",
        "GitLab",
        "GitLab deploy token",
        "GITLAB_DEPLOY_TOKEN",
        r"(?P<v>gldt-[A-Za-z0-9_\-]{20,})",
    ),
    token(
        "gitlab-pipeline-trigger-token",
        "GitLab",
        "GitLab pipeline trigger token",
        "GITLAB_TRIGGER_TOKEN",
        r"(?P<v>glptt-[A-Za-z0-9_\-]{40})",
    ),
    token(
        "gitlab-runner-token",
        "GitLab",
        "GitLab runner authentication token",
        "GITLAB_RUNNER_TOKEN",
        r"(?P<v>glrt-[A-Za-z0-9_\-]{20,})",
    ),
    token(
        "google-api-key",
        "Google",
        "Google API key",
        "GOOGLE_API_KEY",
        r"(?P<v>AIza[0-9A-Za-z_\-]{35})",
    ),
    token(
        "google-oauth-client-secret",
        "Google",
        "Google OAuth client secret",
        "GOOGLE_CLIENT_SECRET",
        r"(?P<v>GOCSPX-[A-Za-z0-9_\-]{28})",
    ),
    token(
        "google-oauth-refresh-token",
        "Google",
        "Google OAuth refresh token",
        "GOOGLE_REFRESH_TOKEN",
        r"(?P<v>1//0[A-Za-z0-9_\-]{40,})",
        bounded=False,
        keywords=("1//0",),
    ),
    token(
        "google-oauth-access-token",
        "Google",
        "Google OAuth access token (short-lived)",
        "GOOGLE_ACCESS_TOKEN",
        r"(?P<v>ya29\.[A-Za-z0-9_\-]{50,})",
        severity=M,
    ),
    token(
        "azure-storage-account-key",
        "Azure",
        "Azure storage account key",
        "AZURE_STORAGE_ACCOUNT_KEY",
        rf"AccountKey=(?P<v>{B64}{{86}}==)",
        bounded=False,
    ),
    token(
        "digitalocean-token",
        "DigitalOcean",
        "DigitalOcean API token",
        "DIGITALOCEAN_TOKEN",
        r"(?P<v>do[por]_v1_[a-f0-9]{64})",
        keywords=("dop_v1_", "doo_v1_", "dor_v1_"),
    ),
    token(
        "heroku-api-key-v2",
        "Heroku",
        "Heroku API key",
        "HEROKU_API_KEY",
        r"(?P<v>HRKU-[A-Za-z0-9_\-]{60})",
    ),
    named(
        "heroku-api-key", "Heroku", "Heroku API key", "HEROKU_API_KEY", r"heroku.*(key|token)", UUID
    ),
    token(
        "cloudflare-api-token",
        "Cloudflare",
        "Cloudflare API token or global API key",
        "CLOUDFLARE_API_TOKEN",
        r"(?P<v>cf(?:k|ut|at)_[A-Za-z0-9]{40}[a-f0-9]{8})",
        keywords=("cfk_", "cfut_", "cfat_"),
        refine=_cloudflare,
    ),
    named(
        "cloudflare-api-token-legacy",
        "Cloudflare",
        "Cloudflare API token or global API key (unprefixed)",
        "CLOUDFLARE_API_TOKEN",
        r"cloudflare.*(key|token)|^cf(api|auth)?(key|token)$",
        r"[A-Za-z0-9_\-]{40}|[a-f0-9]{37,45}",
    ),
    token(
        "vercel-token",
        "Vercel",
        "Vercel access token or API key",
        "VERCEL_TOKEN",
        r"(?P<v>vc[piark]_[A-Za-z0-9_\-]{50}[A-Za-z0-9]{6})",
        keywords=("vcp_", "vci_", "vca_", "vcr_", "vck_"),
        refine=_vercel,
    ),
    named(
        "vercel-token-legacy",
        "Vercel",
        "Vercel access token (unprefixed)",
        "VERCEL_TOKEN",
        r"vercel.*(token|key)",
        r"[A-Za-z0-9]{24}",
    ),
    token(
        "netlify-token",
        "Netlify",
        "Netlify access token",
        "NETLIFY_AUTH_TOKEN",
        r"(?P<v>nf[pcoub]_[A-Za-z0-9_]{36})",
        keywords=("nfp_", "nfc_", "nfo_", "nfu_", "nfb_"),
    ),
    named(
        "netlify-token-by-name",
        "Netlify",
        "Netlify access token (unprefixed)",
        "NETLIFY_AUTH_TOKEN",
        r"netlify.*(token|key)",
        r"[A-Za-z0-9_\-]{40,46}",
    ),
    token(
        "doppler-token",
        "Doppler",
        "Doppler token",
        "DOPPLER_TOKEN",
        r"(?P<v>dp\.(?:st\.(?:[a-z0-9_\-]{2,35}\.)?|pt\.|ct\.|sa\.|said\.|scim\.|audit\.)"
        r"[A-Za-z0-9]{40,44})",
        keywords=("dp.",),
    ),
    token(
        "sentry-auth-token",
        "Sentry",
        "Sentry auth token",
        "SENTRY_AUTH_TOKEN",
        r"(?P<v>(?:sntrys_eyJ[A-Za-z0-9+/]{20,}={0,2}_[A-Za-z0-9+/]{43,60}={0,2}"
        r"|sntry[uai]_[a-f0-9]{64}))",
        keywords=("sntrys_", "sntryu_", "sntrya_", "sntryi_"),
    ),
    token(
        "new-relic-user-key",
        "New Relic",
        "New Relic user API key",
        "NEW_RELIC_API_KEY",
        r"(?P<v>NRAK-[A-Z0-9]{27})",
    ),
    token(
        "new-relic-insert-key",
        "New Relic",
        "New Relic insert key",
        "NEW_RELIC_INSERT_KEY",
        r"(?P<v>NRII-[A-Za-z0-9_\-]{32})",
    ),
    token(
        "new-relic-license-key",
        "New Relic",
        "New Relic ingest license key",
        "NEW_RELIC_LICENSE_KEY",
        r"(?P<v>[a-f0-9]{36}NRAL)",
        keywords=("NRAL",),
    ),
    named(
        "datadog-api-key",
        "Datadog",
        "Datadog API or application key",
        "DATADOG_API_KEY",
        r"(datadog|^dd)(api|app|application)key",
        r"[a-f0-9]{32}|[a-f0-9]{40}",
    ),
    token(
        "grafana-service-account-token",
        "Grafana",
        "Grafana service account token",
        "GRAFANA_TOKEN",
        r"(?P<v>glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})",
    ),
    token(
        "grafana-cloud-token",
        "Grafana",
        "Grafana Cloud access policy token",
        "GRAFANA_CLOUD_TOKEN",
        r"(?P<v>glc_[A-Za-z0-9+/]{32,400}={0,2})",
    ),
    token(
        "databricks-token",
        "Databricks",
        "Databricks personal access token",
        "DATABRICKS_TOKEN",
        r"(?P<v>dapi[a-f0-9]{32}(?:-\d)?)",
    ),
    token(
        "pulumi-token",
        "Pulumi",
        "Pulumi access token",
        "PULUMI_ACCESS_TOKEN",
        r"(?P<v>pul-[a-f0-9]{40})",
    ),
    token(
        "postman-api-key",
        "Postman",
        "Postman API key",
        "POSTMAN_API_KEY",
        r"(?P<v>PMAK-[a-f0-9]{24}-[a-f0-9]{34})",
    ),
    token(
        "supabase-management-token",
        "Supabase",
        "Supabase management API token",
        "SUPABASE_ACCESS_TOKEN",
        r"(?P<v>sbp_[a-f0-9]{40})",
    ),
    token(
        "supabase-secret-key",
        "Supabase",
        "Supabase secret API key",
        "SUPABASE_SECRET_KEY",
        r"(?P<v>sb_secret_[A-Za-z0-9_\-]{20,})",
    ),
    token("npm-token", "npm", "npm access token", "NPM_TOKEN", r"(?P<v>npm_[A-Za-z0-9]{36})"),
    token(
        "pypi-token",
        "PyPI",
        "PyPI upload token",
        "PYPI_TOKEN",
        r"(?P<v>pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{50,})",
        keywords=("pypi-AgE",),
    ),
    token(
        "age-secret-key",
        "age",
        "age encryption secret key",
        "AGE_SECRET_KEY",
        r"(?P<v>AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})",
    ),
    # -- payments -------------------------------------------------------------------------------
    token(
        "stripe-secret-key",
        "Stripe",
        "Stripe secret key",
        "STRIPE_SECRET_KEY",
        r"(?P<v>sk_(?:live|test)_[0-9A-Za-z]{24,247})",
        keywords=("sk_live_", "sk_test_"),
        severity=C,
        refine=_live_test("_live_"),
    ),
    token(
        "stripe-restricted-key",
        "Stripe",
        "Stripe restricted key",
        "STRIPE_RESTRICTED_KEY",
        r"(?P<v>rk_(?:live|test)_[0-9A-Za-z]{24,247})",
        keywords=("rk_live_", "rk_test_"),
        severity=C,
        refine=_live_test("_live_"),
    ),
    token(
        "stripe-webhook-secret",
        "Stripe",
        "Stripe webhook signing secret",
        "STRIPE_WEBHOOK_SECRET",
        r"(?P<v>whsec_[A-Za-z0-9+/=]{32,})",
    ),
    token(
        "square-access-token",
        "Square",
        "Square access token",
        "SQUARE_ACCESS_TOKEN",
        r"(?P<v>EAAA[A-Za-z0-9_\-]{60})",
        severity=C,
        refine=_square,
    ),
    token(
        "square-legacy-access-token",
        "Square",
        "Square legacy access token",
        "SQUARE_ACCESS_TOKEN",
        r"(?P<v>sq0atp-[A-Za-z0-9_\-]{22})",
        severity=C,
    ),
    token(
        "square-application-secret",
        "Square",
        "Square application secret",
        "SQUARE_APPLICATION_SECRET",
        r"(?P<v>sq0csp-[A-Za-z0-9_\-]{43})",
    ),
    token(
        "braintree-access-token",
        "Braintree",
        "Braintree/PayPal access token",
        "BRAINTREE_ACCESS_TOKEN",
        r"(?P<v>access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32})",
        keywords=("access_token$",),
        severity=C,
        refine=_live_test("$production$"),
    ),
    token(
        "shippo-api-token",
        "Shippo",
        "Shippo API token",
        "SHIPPO_API_TOKEN",
        r"(?P<v>shippo_(?:live|test)_[a-f0-9]{40})",
        keywords=("shippo_live_", "shippo_test_"),
        refine=_live_test("_live_", H),
    ),
    # -- messaging & communication --------------------------------------------------------------
    token(
        "slack-bot-token",
        "Slack",
        "Slack bot token",
        "SLACK_BOT_TOKEN",
        r"(?P<v>xoxb-[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{20,32})",
    ),
    token(
        "slack-user-token",
        "Slack",
        "Slack user token",
        "SLACK_USER_TOKEN",
        r"(?P<v>xoxp-[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[a-f0-9]{28,40})",
    ),
    token(
        "slack-token",
        "Slack",
        "Slack workspace/legacy/config token",
        "SLACK_TOKEN",
        r"(?P<v>(?:xox[aers]|xoxe\.xox[bp])-[0-9A-Za-z\-]{20,})",
        keywords=("xoxa-", "xoxe", "xoxr-", "xoxs-"),
    ),
    token(
        "slack-app-token",
        "Slack",
        "Slack app-level token",
        "SLACK_APP_TOKEN",
        r"(?P<v>xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,14}-[a-f0-9]{40,80})",
    ),
    token(
        "slack-webhook-url",
        "Slack",
        "Slack incoming webhook URL",
        "SLACK_WEBHOOK_URL",
        r"(?P<v>https://hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]{6,12}/"
        r"[A-Za-z0-9_/]{20,120})",
        keywords=("hooks.slack.com",),
        bounded=False,
    ),
    token(
        "discord-bot-token",
        "Discord",
        "Discord bot token",
        "DISCORD_BOT_TOKEN",
        r"(?P<v>[MNO][A-Za-z0-9_\-]{23,27}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,40})",
        keywords=("discord", "bot "),
        flags=re.I,
    ),
    token(
        "discord-webhook-url",
        "Discord",
        "Discord webhook URL",
        "DISCORD_WEBHOOK_URL",
        r"(?P<v>https://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/"
        r"[A-Za-z0-9_\-]{60,68})",
        keywords=("discord",),
        bounded=False,
        flags=re.I,
    ),
    token(
        "telegram-bot-token",
        "Telegram",
        "Telegram bot token",
        "TELEGRAM_BOT_TOKEN",
        r"(?P<v>[0-9]{8,10}:AA[A-Za-z0-9_\-]{33})",
        keywords=(":AA",),
    ),
    token(
        "twilio-api-key",
        "Twilio",
        "Twilio API key SID",
        "TWILIO_API_KEY",
        r"(?P<v>SK[0-9a-fA-F]{32})",
        keywords=("SK",),
    ),
    token(
        "twilio-auth-token",
        "Twilio",
        "Twilio auth token",
        "TWILIO_AUTH_TOKEN",
        r"(?<![A-Za-z0-9])(?P<v>[0-9a-f]{32})(?![A-Za-z0-9])",
        bounded=False,
        keywords=("AC",),
        near=r"AC[0-9a-f]{32}",
        window=300,
    ),
    named(
        "twilio-auth-token-by-name",
        "Twilio",
        "Twilio auth token",
        "TWILIO_AUTH_TOKEN",
        r"twilio.*(auth|token|secret)",
        r"[0-9a-f]{32}",
    ),
    token(
        "sendgrid-api-key",
        "SendGrid",
        "SendGrid API key",
        "SENDGRID_API_KEY",
        r"(?P<v>SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})",
    ),
    token(
        "mailgun-api-key",
        "Mailgun",
        "Mailgun API key",
        "MAILGUN_API_KEY",
        r"(?P<v>key-[0-9a-f]{32})",
    ),
    named(
        "mailgun-api-key-by-name",
        "Mailgun",
        "Mailgun API key",
        "MAILGUN_API_KEY",
        r"mailgun.*key",
        r"[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}",
    ),
    token(
        "mailchimp-api-key",
        "Mailchimp",
        "Mailchimp API key",
        "MAILCHIMP_API_KEY",
        r"(?P<v>[0-9a-f]{32}-us[0-9]{1,2})",
        keywords=("-us",),
    ),
    named(
        "postmark-server-token",
        "Postmark",
        "Postmark server/account token",
        "POSTMARK_SERVER_TOKEN",
        r"postmark.*(token|key)",
        UUID,
    ),
    token(
        "resend-api-key",
        "Resend",
        "Resend API key",
        "RESEND_API_KEY",
        r"(?P<v>re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24})",
    ),
    token(
        "brevo-api-key",
        "Brevo",
        "Brevo (Sendinblue) API key",
        "BREVO_API_KEY",
        r"(?P<v>xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16})",
    ),
    token(
        "intercom-access-token",
        "Intercom",
        "Intercom access token",
        "INTERCOM_ACCESS_TOKEN",
        r"(?P<v>dG9rO[A-Za-z0-9+/]{40,}={0,2})",
        bounded=False,
        keywords=("dG9rO",),
    ),
    named(
        "zendesk-api-token",
        "Zendesk",
        "Zendesk API token",
        "ZENDESK_API_TOKEN",
        r"zendesk.*(token|key)",
        r"[A-Za-z0-9]{40}",
    ),
    named(
        "zoom-client-secret",
        "Zoom",
        "Zoom client secret or webhook secret token",
        "ZOOM_CLIENT_SECRET",
        r"zoom.*(secret|token|key)",
        r"[A-Za-z0-9_\-]{20,40}",
    ),
    token(
        "twitter-bearer-token",
        "X (Twitter)",
        "X/Twitter app bearer token",
        "TWITTER_BEARER_TOKEN",
        r"(?P<v>A{20,22}[A-Za-z0-9%]{40,120})",
        keywords=("AAAAAAAAAAAAAAAAAAAA",),
    ),
    token(
        "facebook-access-token",
        "Meta",
        "Facebook/Meta access token",
        "FACEBOOK_ACCESS_TOKEN",
        r"(?P<v>EAA[B-Z][A-Za-z0-9]{90,})",
        keywords=("EAA",),
    ),
    # -- productivity, CRM, dev tools -----------------------------------------------------------
    token(
        "shopify-token",
        "Shopify",
        "Shopify access token or shared secret",
        "SHOPIFY_ACCESS_TOKEN",
        r"(?P<v>shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})",
        keywords=("shpat_", "shpca_", "shppa_", "shpss_"),
        refine=_shopify,
    ),
    token(
        "hubspot-private-app-token",
        "HubSpot",
        "HubSpot private app access token",
        "HUBSPOT_ACCESS_TOKEN",
        rf"(?P<v>pat-(?:na|eu|ap)[0-9]-{UUID})",
        keywords=("pat-na", "pat-eu", "pat-ap"),
    ),
    named(
        "hubspot-api-key",
        "HubSpot",
        "HubSpot legacy API key",
        "HUBSPOT_API_KEY",
        r"hubspot.*(key|token)|^hapikey$",
        UUID,
    ),
    token(
        "notion-token",
        "Notion",
        "Notion integration token",
        "NOTION_API_KEY",
        r"(?P<v>(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{46}))",
        keywords=("secret_", "ntn_"),
    ),
    token(
        "airtable-pat",
        "Airtable",
        "Airtable personal access token",
        "AIRTABLE_API_KEY",
        r"(?P<v>pat[A-Za-z0-9]{14}\.[a-f0-9]{64})",
        keywords=("pat",),
    ),
    named(
        "airtable-api-key",
        "Airtable",
        "Airtable legacy API key",
        "AIRTABLE_API_KEY",
        r"airtable.*key",
        r"key[A-Za-z0-9]{14}",
    ),
    token(
        "linear-api-key",
        "Linear",
        "Linear API key",
        "LINEAR_API_KEY",
        r"(?P<v>lin_(?:api_[A-Za-z0-9]{40}|oauth_[a-f0-9]{64}))",
        keywords=("lin_api_", "lin_oauth_"),
    ),
    token(
        "atlassian-api-token",
        "Atlassian",
        "Atlassian API token",
        "ATLASSIAN_API_TOKEN",
        r"(?P<v>AT[AC]TT3[A-Za-z0-9_\-=]{100,300})",
        keywords=("ATATT3", "ATCTT3"),
    ),
    named(
        "atlassian-api-token-legacy",
        "Atlassian",
        "Atlassian (Jira/Confluence) API token",
        "ATLASSIAN_API_TOKEN",
        r"(atlassian|jira|confluence|bitbucket).*(token|key|password)",
        r"[A-Za-z0-9]{24}",
    ),
    token(
        "asana-pat",
        "Asana",
        "Asana personal access token",
        "ASANA_ACCESS_TOKEN",
        r"(?P<v>[0-9]/[0-9]{10,20}(?:/[0-9]{10,20})?:[0-9a-f]{32})",
        keywords=("asana",),
        flags=re.I,
    ),
    token(
        "typeform-token",
        "Typeform",
        "Typeform personal access token",
        "TYPEFORM_TOKEN",
        r"(?P<v>tfp_[A-Za-z0-9_\-]{40,59})",
    ),
    token(
        "dropbox-access-token",
        "Dropbox",
        "Dropbox short-lived access token",
        "DROPBOX_ACCESS_TOKEN",
        r"(?P<v>sl\.(?:u\.)?[A-Za-z0-9_\-]{130,})",
        keywords=("sl.",),
    ),
    token(
        "figma-token",
        "Figma",
        "Figma personal access token",
        "FIGMA_TOKEN",
        r"(?P<v>figd_[A-Za-z0-9_\-]{40,})",
    ),
    token(
        "clickup-token",
        "ClickUp",
        "ClickUp personal API token",
        "CLICKUP_API_TOKEN",
        r"(?P<v>pk_[0-9]{6,10}_[A-Z0-9]{32})",
        keywords=("pk_",),
    ),
    token(
        "contentful-token",
        "Contentful",
        "Contentful personal access token",
        "CONTENTFUL_MANAGEMENT_TOKEN",
        r"(?P<v>CFPAT-[A-Za-z0-9_\-]{43})",
    ),
    token(
        "mapbox-secret-token",
        "Mapbox",
        "Mapbox secret access token",
        "MAPBOX_SECRET_TOKEN",
        r"(?P<v>sk\.eyJ[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{20,})",
        keywords=("sk.eyJ",),
    ),
    named(
        "trello-token",
        "Trello",
        "Trello API token",
        "TRELLO_TOKEN",
        r"trello.*(token|secret)",
        r"[a-f0-9]{64}|ATTA[A-Za-z0-9]{60,}",
    ),
    named(
        "pagerduty-api-key",
        "PagerDuty",
        "PagerDuty API key",
        "PAGERDUTY_API_KEY",
        r"pagerduty.*(token|key)",
        r"[A-Za-z0-9_+\-]{20}",
    ),
    named(
        "okta-api-token",
        "Okta",
        "Okta API token",
        "OKTA_API_TOKEN",
        r"okta.*(token|key)",
        r"00[A-Za-z0-9_\-]{40}",
    ),
    named(
        "algolia-admin-key",
        "Algolia",
        "Algolia admin/write API key",
        "ALGOLIA_ADMIN_KEY",
        r"algolia.*(admin|write)(api)?key",
        r"[a-f0-9]{32}",
    ),
    named(
        "pipedream-api-key",
        "Pipedream",
        "Pipedream API key or OAuth client secret",
        "PD_API_KEY",
        r"(pipedream|^pd)(api)?(key|token|secret)|pipedream.*(apikey|token|clientsecret)",
        r"[A-Za-z0-9_\-]{24,64}",
    ),
    # -- AI providers ---------------------------------------------------------------------------
    token(
        "openai-api-key",
        "OpenAI",
        "OpenAI project/service/admin key",
        "OPENAI_API_KEY",
        r"(?P<v>sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{40,250})",
        keywords=("sk-proj-", "sk-svcacct-", "sk-admin-"),
    ),
    token(
        "openai-legacy-api-key",
        "OpenAI",
        "OpenAI API key",
        "OPENAI_API_KEY",
        r"(?P<v>sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})",
        keywords=("T3BlbkFJ",),
    ),
    token(
        "anthropic-api-key",
        "Anthropic",
        "Anthropic API key",
        "ANTHROPIC_API_KEY",
        r"(?P<v>sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_\-]{80,120})",
        keywords=("sk-ant-",),
    ),
    token(
        "replicate-api-token",
        "Replicate",
        "Replicate API token",
        "REPLICATE_API_TOKEN",
        r"(?P<v>r8_[A-Za-z0-9]{37})",
    ),
    token(
        "huggingface-token",
        "Hugging Face",
        "Hugging Face access token",
        "HF_TOKEN",
        r"(?P<v>hf_[A-Za-z0-9]{34,40})",
    ),
    token("groq-api-key", "Groq", "Groq API key", "GROQ_API_KEY", r"(?P<v>gsk_[A-Za-z0-9]{48,56})"),
    token(
        "perplexity-api-key",
        "Perplexity",
        "Perplexity API key",
        "PERPLEXITY_API_KEY",
        r"(?P<v>pplx-[A-Za-z0-9]{40,56})",
    ),
    named(
        "mistral-api-key",
        "Mistral",
        "Mistral API key",
        "MISTRAL_API_KEY",
        r"mistral.*key",
        r"[A-Za-z0-9]{32}",
    ),
    named(
        "cohere-api-key",
        "Cohere",
        "Cohere API key",
        "COHERE_API_KEY",
        r"cohere.*(key|token)|^coapikey$",
        r"[A-Za-z0-9]{40}",
    ),
    # -- keys, tokens and credentials of any provider -------------------------------------------
    token(
        "private-key",
        "PEM",
        "private key",
        "PRIVATE_KEY",
        r"(?P<v>-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----(?:.|\n){16,20000}?"
        r"-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----)",
        bounded=False,
        keywords=("PRIVATE KEY-----",),
        kind=SecretKind.PRIVATE_KEY,
        refine=_pem,
        check_body=False,
    ),
    token(
        "jwt",
        "JWT",
        "JSON Web Token",
        "JWT_TOKEN",
        r"(?P<v>eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{16,})",
        keywords=("eyJ",),
        severity=M,
        refine=refine_jwt,
        check_body=False,
    ),
)


def by_id() -> dict[str, Detector]:
    return {d.id: d for d in DETECTORS}


# Where each provider's keys are revoked or rotated (its own key-management page or its
# documentation of it). Only providers whose page is known are listed; the others get the
# generic advice (rotate it where it was issued).
ROTATE_URLS: dict[str, str] = {
    "AWS": "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
    "Airtable": "https://airtable.com/create/tokens",
    "Anthropic": "https://console.anthropic.com/settings/keys",
    "Atlassian": "https://id.atlassian.com/manage-profile/security/api-tokens",
    "Cloudflare": "https://dash.cloudflare.com/profile/api-tokens",
    "Datadog": "https://app.datadoghq.com/organization-settings/api-keys",
    "DigitalOcean": "https://cloud.digitalocean.com/account/api/tokens",
    "Discord": "https://discord.com/developers/applications",
    "GitHub": "https://github.com/settings/tokens",
    "GitLab": "https://docs.gitlab.com/ee/user/profile/personal_access_tokens.html",
    "Google": "https://console.cloud.google.com/apis/credentials",
    "Google Cloud": "https://console.cloud.google.com/iam-admin/serviceaccounts",
    "Groq": "https://console.groq.com/keys",
    "Hugging Face": "https://huggingface.co/settings/tokens",
    "Mapbox": "https://account.mapbox.com/access-tokens/",
    "Netlify": "https://app.netlify.com/user/applications",
    "Notion": "https://www.notion.so/my-integrations",
    "OpenAI": "https://platform.openai.com/api-keys",
    "Pipedream": "https://pipedream.com/settings/account",
    "PyPI": "https://pypi.org/manage/account/",
    "Replicate": "https://replicate.com/account/api-tokens",
    "SendGrid": "https://app.sendgrid.com/settings/api_keys",
    "Sentry": "https://docs.sentry.io/account/auth-tokens/",
    "Slack": "https://api.slack.com/apps",
    "Square": "https://developer.squareup.com/apps",
    "Stripe": "https://dashboard.stripe.com/apikeys",
    "Telegram": "https://core.telegram.org/bots/features#botfather",
    "Twilio": "https://www.twilio.com/docs/iam/api-keys/keys-in-console",
    "Vercel": "https://vercel.com/account/tokens",
    "npm": "https://docs.npmjs.com/revoking-access-tokens",
}


def rotate_url(provider: str) -> str | None:
    """The page where `provider`'s keys are revoked or rotated, when known."""
    return ROTATE_URLS.get(provider)
