"""The provider table and the name heuristics behind it."""

from __future__ import annotations

from checks.auth.providers import (
    PROVIDERS,
    is_credential_header,
    provider_by_name,
    providers_for_header,
)
from checks.auth.registry import registry_auth
from checks.parsing.vocabulary import is_secretish_name

SNIPPETS = {
    "basic",
    "bearer",
    "api-key",
    "jwt-hs256",
    "jwt-jwks",
    "stripe",
    "github",
    "slack",
    "shopify",
    "twilio",
    "square",
    "typeform",
    "calendly",
    "zendesk",
    "mailgun",
    "sendgrid",
    "discord",
    "standard-webhooks",
    "linear",
    "zoom",
    "hubspot",
    "intercom",
    "paddle",
    "lemon-squeezy",
    "notion",
    "twitch",
    "asana",
    "webflow",
    "box",
    "pagerduty",
}


def test_every_provider_points_at_a_snippet_and_every_provider_snippet_is_covered():
    assert {p.snippet_name for p in PROVIDERS} <= SNIPPETS
    provider_snippets = SNIPPETS - {"basic", "bearer", "api-key", "jwt-hs256", "jwt-jwks"}
    assert provider_snippets <= {p.name for p in PROVIDERS}


def test_headers_are_lower_case_and_timestamps_consistent():
    for p in PROVIDERS:
        for h in p.all_headers:
            assert h == h.lower(), p.name
        if p.timestamp_headers or p.tolerance:
            assert p.timestamp, p.name
        if not p.signature_in_body and p.name != "gitlab":
            assert p.signature_headers, p.name


def test_lookups():
    assert [p.name for p in providers_for_header("Stripe-Signature")] == ["stripe"]
    assert {p.name for p in providers_for_header("x-hub-signature")} == {"github", "intercom"}
    assert provider_by_name("slack").tolerance == 300  # type: ignore[union-attr]
    assert provider_by_name("twilio").timestamp is False  # type: ignore[union-attr]


def test_credential_header_names():
    for name in (
        "authorization",
        "x-api-key",
        "stripe-signature",
        "x-shopify-hmac-sha256",
        "x-gitlab-token",
        "x-signature-ed25519",
        "x-pipedream-secret",
    ):
        assert is_credential_header(name), name
    for name in (
        "content-type",
        "x-github-event",
        "idempotency-key",
        "x-slack-request-timestamp",
        "box-signature-algorithm",
        "x-next-page-token",
    ):
        assert not is_credential_header(name), name


def test_secretish_identifiers():
    assert all(
        is_secretish_name(n)
        for n in ("expectedSignature", "hmac", "apiKey", "webhook_secret", "token")
    )
    assert not any(
        is_secretish_name(n)
        for n in ("tokenType", "signatureLength", "pageToken", "isValid", "key")
    )


def test_registry_actions():
    assert registry_auth("http-validate-webhook-auth@0.0.1").ends_workflow  # type: ignore[union-attr]
    assert not registry_auth("slack-verify-slack-signature@0.0.17").ends_workflow  # type: ignore[union-attr]
    assert registry_auth("@acme/verify-partner-hmac@0.1.0") is not None
    assert registry_auth("google_sheets-add-single-row@2.1.0") is None
