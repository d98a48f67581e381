"""The host → app catalog is well formed and matches hosts as intended."""

import json
from importlib import resources

import pytest

from checks.accounts.catalog import FIELD, HOST_PATTERN, SLUG, load_catalog, match_app


def test_every_entry_is_well_formed() -> None:
    raw = json.loads(resources.files("checks.accounts").joinpath("catalog.json").read_text("utf-8"))
    apps = load_catalog()
    assert len(apps) == len(raw["apps"]) >= 60
    slugs = [a.slug for a in apps]
    assert len(slugs) == len(set(slugs)), "duplicate slugs"
    for app in apps:
        assert SLUG.match(app.slug), app.slug
        assert app.name.strip(), app.slug
        assert app.auth in ("oauth", "keys"), app.slug
        assert app.field and FIELD.match(app.field), app.slug
        if app.auth == "oauth":
            assert app.field == "oauth_access_token", app.slug
        assert app.hosts or app.sdk_packages, app.slug
        for host in app.hosts:
            assert HOST_PATTERN.match(host), f"{app.slug}: {host}"
            assert "://" not in host and "?" not in host


def test_host_patterns_are_unambiguous() -> None:
    """Two apps may share a pattern only when one is told apart by `prefer_when`."""
    seen: dict[str, list] = {}
    for app in load_catalog():
        for host in app.hosts:
            seen.setdefault(host, []).append(app)
    for host, apps in seen.items():
        if len(apps) > 1:
            assert sum(1 for a in apps if not a.prefer_when) == 1, host


def test_required_apps_are_present() -> None:
    slugs = {a.slug for a in load_catalog()}
    required = {
        "stripe", "slack", "slack_bot", "github", "openai", "anthropic", "notion",
        "airtable_oauth", "hubspot", "shopify", "twilio", "sendgrid", "mailgun",
        "google_sheets", "google_drive", "gmail", "google_calendar", "discord_bot",
        "telegram_bot_api", "linear_app", "jira", "asana", "trello", "zendesk", "intercom",
        "mailchimp", "pipedrive", "salesforce_rest_api", "dropbox", "box", "zoom", "typeform",
        "calendly_v2", "clickup", "monday", "todoist", "twitter", "spotify", "postmark",
        "resend", "supabase", "firebase_admin_sdk", "segment", "mixpanel", "datadog",
        "pagerduty", "sentry", "vercel_token_auth", "netlify", "cloudflare_api_key",
        "digitalocean", "heroku", "coda", "webflow", "wix_api_key", "square", "paypal",
        "quickbooks", "xero_accounting_api", "zoho_crm", "freshdesk", "help_scout", "frontapp",
        "gorgias_oauth", "klaviyo", "convertkit", "activecampaign", "brevo", "twitch",
        "youtube_data_api", "reddit",
    }  # fmt: skip
    assert required <= slugs, sorted(required - slugs)


@pytest.mark.parametrize(
    ("host", "path", "hint", "slug"),
    [
        ("api.stripe.com", "/v1/charges", "", "stripe"),
        ("acme-store.myshopify.com", "/admin/api/2024-01/orders.json", "", "shopify"),
        ("acme.atlassian.net", "/rest/api/3/issue", "", "jira"),
        ("acme.atlassian.net", "/wiki/rest/api/content", "", "confluence"),
        ("us21.api.mailchimp.com", "/3.0/lists", "", "mailchimp"),
        ("acme.zendesk.com", "/api/v2/tickets", "", "zendesk"),
        ("www.googleapis.com", "/drive/v3/files", "", "google_drive"),
        ("www.googleapis.com", "/calendar/v3/calendars", "", "google_calendar"),
        ("sheets.googleapis.com", "/v4/spreadsheets", "", "google_sheets"),
        ("slack.com", "/api/chat.postMessage", "SLACK_BOT_TOKEN", "slack_bot"),
        ("slack.com", "/api/chat.postMessage", "xoxb-", "slack_bot"),
        ("slack.com", "/api/chat.postMessage", "SLACK_USER_TOKEN", "slack"),
        ("API.OPENAI.COM", "/v1/chat/completions", "", "openai"),
    ],
)
def test_match(host: str, path: str, hint: str, slug: str) -> None:
    app = match_app(host, path, hint)
    assert app is not None and app.slug == slug


@pytest.mark.parametrize(
    ("host", "path"),
    [
        ("myshopify.com", "/"),  # a wildcard needs a subdomain
        ("www.googleapis.com", "/storage/v1/b"),  # not a mapped Google API
        ("api.stripe.com.evil.io", "/"),
        ("api.acme.io", "/"),
    ],
)
def test_no_match(host: str, path: str) -> None:
    assert match_app(host, path) is None
