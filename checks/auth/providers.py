"""Webhook providers stepguard recognises, and how each one signs its deliveries.

`name` is the stepguard snippet that verifies the provider's scheme (`stepguard snippet <name>`).
Header names are lower-case, as Pipedream delivers them. `timestamp` says whether the signed
content includes a timestamp that a handler should compare with the current time, and
`tolerance` is the window (seconds) the provider documents or its SDK applies; None when the
provider signs a timestamp but documents no window.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from checks.parsing.vocabulary import (
    is_credential_header_name,
    is_credential_query,
    is_secretish_name,
)


@dataclass(frozen=True)
class Provider:
    name: str  # snippet name
    display: str
    signature_headers: tuple[str, ...]
    identifying_headers: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()  # string literals only this provider's payloads carry
    body_keys: tuple[str, ...] = ()  # distinctive top-level payload keys
    app_slugs: tuple[str, ...] = ()  # Pipedream app slugs
    name_words: tuple[str, ...] = ()  # words in workflow/step names
    timestamp: bool = False
    timestamp_headers: tuple[str, ...] = ()
    tolerance: int | None = None
    snippet: str = ""  # defaults to `name`
    notes: str = ""
    signature_in_body: bool = False  # the signature travels in the payload (Mailgun)
    extra_signature_fields: tuple[str, ...] = field(default=())

    @property
    def snippet_name(self) -> str:
        return self.snippet or self.name

    @property
    def all_headers(self) -> tuple[str, ...]:
        return self.signature_headers + self.identifying_headers + self.timestamp_headers


PROVIDERS: tuple[Provider, ...] = (
    Provider(
        "stripe",
        "Stripe",
        ("stripe-signature",),
        event_types=(
            "checkout.session.completed",
            "checkout.session.expired",
            "payment_intent.succeeded",
            "payment_intent.payment_failed",
            "payment_intent.created",
            "customer.subscription.created",
            "customer.subscription.updated",
            "customer.subscription.deleted",
            "invoice.payment_succeeded",
            "invoice.payment_failed",
            "invoice.paid",
            "charge.succeeded",
            "charge.refunded",
            "charge.failed",
            "customer.created",
            "setup_intent.succeeded",
        ),
        app_slugs=("stripe",),
        name_words=("stripe",),
        timestamp=True,
        tolerance=300,
        notes=(
            "Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA2"
            "56 of `t.body`>; SDK default tolerance 300 s."
        ),
    ),
    Provider(
        "github",
        "GitHub",
        ("x-hub-signature-256", "x-hub-signature"),
        identifying_headers=(
            "x-github-event",
            "x-github-delivery",
            "x-github-hook-id",
            "x-github-hook-installation-target-id",
        ),
        body_keys=("pull_request", "pusher"),
        app_slugs=("github",),
        name_words=("github",),
        notes="X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>; no timestamp.",
    ),
    Provider(
        "slack",
        "Slack",
        ("x-slack-signature",),
        timestamp_headers=("x-slack-request-timestamp",),
        event_types=(
            "event_callback",
            "url_verification",
            "block_actions",
            "view_submission",
            "block_suggestion",
            "interactive_message",
        ),
        body_keys=("api_app_id",),
        app_slugs=("slack", "slack_bot"),
        name_words=("slack",),
        timestamp=True,
        tolerance=300,
        notes=(
            "v0=<hex HMAC-SHA256 of `v0:timestamp:body`>; Sla"
            "ck asks to reject requests older than 5 minutes."
        ),
    ),
    Provider(
        "shopify",
        "Shopify",
        ("x-shopify-hmac-sha256",),
        identifying_headers=(
            "x-shopify-topic",
            "x-shopify-shop-domain",
            "x-shopify-webhook-id",
            "x-shopify-api-version",
            "x-shopify-event-id",
            "x-shopify-triggered-at",
        ),
        event_types=(
            "orders/create",
            "orders/paid",
            "orders/updated",
            "orders/cancelled",
            "orders/fulfilled",
            "products/create",
            "products/update",
            "app/uninstalled",
            "customers/create",
            "checkouts/create",
        ),
        app_slugs=("shopify", "shopify_developer_app", "shopify_partner"),
        name_words=("shopify",),
        notes="X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body; no timestamp.",
    ),
    Provider(
        "twilio",
        "Twilio",
        ("x-twilio-signature",),
        body_keys=("MessageSid", "SmsSid", "CallSid", "AccountSid", "MessagingServiceSid"),
        app_slugs=("twilio",),
        name_words=("twilio",),
        notes="Base64 HMAC-SHA1 of the URL plus sorted POST parameters; no timestamp.",
    ),
    Provider(
        "square",
        "Square",
        ("x-square-hmacsha256-signature", "x-square-signature"),
        app_slugs=("square",),
        name_words=("square",),
        notes="Base64 HMAC-SHA256 of notification URL + raw body; no timestamp.",
    ),
    Provider(
        "typeform",
        "Typeform",
        ("typeform-signature",),
        event_types=("form_response",),
        body_keys=("form_response",),
        app_slugs=("typeform",),
        name_words=("typeform",),
        notes="sha256=<base64 HMAC-SHA256 of the raw body>; no timestamp.",
    ),
    Provider(
        "calendly",
        "Calendly",
        ("calendly-webhook-signature",),
        event_types=(
            "invitee.created",
            "invitee.canceled",
            "invitee_no_show.created",
            "routing_form_submission.created",
        ),
        app_slugs=("calendly", "calendly_v2"),
        name_words=("calendly",),
        timestamp=True,
        tolerance=180,
        notes=(
            "t=<unix>,v1=<hex HMAC-SHA256 of `t.body`>; Calendly's example uses a 3-minute window."
        ),
    ),
    Provider(
        "zendesk",
        "Zendesk",
        ("x-zendesk-webhook-signature",),
        identifying_headers=("x-zendesk-webhook-id", "x-zendesk-webhook-invocation-id"),
        timestamp_headers=("x-zendesk-webhook-signature-timestamp",),
        app_slugs=("zendesk",),
        name_words=("zendesk",),
        timestamp=True,
        tolerance=None,
        notes="base64 HMAC-SHA256 of timestamp + body; Zendesk signs a timestamp against replays.",
    ),
    Provider(
        "mailgun",
        "Mailgun",
        (),
        body_keys=("event-data",),
        event_types=("event-data",),
        app_slugs=("mailgun",),
        name_words=("mailgun",),
        timestamp=True,
        tolerance=None,
        signature_in_body=True,
        extra_signature_fields=("signature",),
        notes=(
            "signature {timestamp, token, signature} in th"
            "e payload: hex HMAC-SHA256 of timestamp+token."
        ),
    ),
    Provider(
        "sendgrid",
        "SendGrid",
        ("x-twilio-email-event-webhook-signature",),
        timestamp_headers=("x-twilio-email-event-webhook-timestamp",),
        body_keys=("sg_event_id", "sg_message_id"),
        app_slugs=("sendgrid",),
        name_words=("sendgrid",),
        timestamp=True,
        tolerance=None,
        notes="ECDSA (P-256) signature over timestamp + raw body, verified with a public key.",
    ),
    Provider(
        "discord",
        "Discord",
        ("x-signature-ed25519",),
        timestamp_headers=("x-signature-timestamp",),
        app_slugs=("discord", "discord_bot"),
        name_words=("discord",),
        timestamp=True,
        tolerance=None,
        notes=(
            "Ed25519 signature over timestamp + raw body,"
            " verified with the application's public key."
        ),
    ),
    Provider(
        "standard-webhooks",
        "Standard Webhooks / Svix",
        ("webhook-signature", "svix-signature"),
        identifying_headers=("webhook-id", "svix-id"),
        timestamp_headers=("webhook-timestamp", "svix-timestamp"),
        name_words=("svix",),
        timestamp=True,
        tolerance=300,
        notes="v1,<base64 HMAC-SHA256 of `id.timestamp.body`>; the spec's tolerance is 5 minutes.",
    ),
    Provider(
        "linear",
        "Linear",
        ("linear-signature",),
        identifying_headers=("linear-delivery", "linear-event"),
        body_keys=("webhookTimestamp", "webhookId"),
        app_slugs=("linear", "linear_app"),
        name_words=("linear",),
        timestamp=True,
        tolerance=60,
        notes=(
            "hex HMAC-SHA256 of the raw body; the body's"
            " webhookTimestamp should be within a minute."
        ),
    ),
    Provider(
        "zoom",
        "Zoom",
        ("x-zm-signature",),
        timestamp_headers=("x-zm-request-timestamp",),
        event_types=("endpoint.url_validation",),
        body_keys=("plainToken",),
        app_slugs=("zoom", "zoom_admin"),
        name_words=("zoom",),
        timestamp=True,
        tolerance=None,
        notes="v0=<hex HMAC-SHA256 of `v0:timestamp:body`>.",
    ),
    Provider(
        "hubspot",
        "HubSpot",
        ("x-hubspot-signature-v3", "x-hubspot-signature"),
        timestamp_headers=("x-hubspot-request-timestamp",),
        body_keys=("subscriptionType",),
        app_slugs=("hubspot",),
        name_words=("hubspot",),
        timestamp=True,
        tolerance=300,
        notes=(
            "v3: base64 HMAC-SHA256 of method+URI+body+time"
            "stamp; reject timestamps older than 5 minutes."
        ),
    ),
    Provider(
        "intercom",
        "Intercom",
        ("x-hub-signature",),
        event_types=("notification_event",),
        app_slugs=("intercom",),
        name_words=("intercom",),
        notes="X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body with the client secret>.",
    ),
    Provider(
        "paddle",
        "Paddle",
        ("paddle-signature",),
        app_slugs=("paddle",),
        name_words=("paddle",),
        timestamp=True,
        tolerance=5,
        notes="ts=<unix>;h1=<hex HMAC-SHA256 of `ts:body`>; Paddle's SDKs allow 5 seconds.",
    ),
    Provider(
        "lemon-squeezy",
        "Lemon Squeezy",
        ("x-signature",),
        identifying_headers=("x-event-name",),
        event_types=(
            "order_created",
            "subscription_created",
            "subscription_updated",
            "subscription_payment_success",
        ),
        app_slugs=("lemon_squeezy",),
        name_words=("lemonsqueezy", "lemon"),
        notes="X-Signature: hex HMAC-SHA256 of the raw body; no timestamp.",
    ),
    Provider(
        "notion",
        "Notion",
        ("x-notion-signature",),
        body_keys=("verification_token",),
        app_slugs=("notion",),
        name_words=("notion",),
        notes="sha256=<hex HMAC-SHA256 of the raw body with the verification token>; no timestamp.",
    ),
    Provider(
        "twitch",
        "Twitch",
        ("twitch-eventsub-message-signature",),
        identifying_headers=(
            "twitch-eventsub-message-id",
            "twitch-eventsub-message-type",
            "twitch-eventsub-subscription-type",
        ),
        timestamp_headers=("twitch-eventsub-message-timestamp",),
        event_types=("webhook_callback_verification",),
        app_slugs=("twitch",),
        name_words=("twitch",),
        timestamp=True,
        tolerance=600,
        notes=(
            "sha256=<hex HMAC-SHA256 of id + timestamp + "
            "body>; reject messages older than 10 minutes."
        ),
    ),
    Provider(
        "asana",
        "Asana",
        ("x-hook-signature",),
        identifying_headers=("x-hook-secret",),
        app_slugs=("asana",),
        name_words=("asana",),
        notes="X-Hook-Signature: hex HMAC-SHA256 of the body with the handshake secret.",
    ),
    Provider(
        "webflow",
        "Webflow",
        ("x-webflow-signature",),
        timestamp_headers=("x-webflow-timestamp",),
        app_slugs=("webflow", "webflow_v2"),
        name_words=("webflow",),
        timestamp=True,
        tolerance=300,
        notes="hex HMAC-SHA256 of `timestamp:body`; reject requests older than 5 minutes.",
    ),
    Provider(
        "box",
        "Box",
        ("box-signature-primary", "box-signature-secondary"),
        identifying_headers=("box-delivery-id", "box-signature-algorithm", "box-signature-version"),
        timestamp_headers=("box-delivery-timestamp",),
        app_slugs=("box",),
        name_words=("box",),
        timestamp=True,
        tolerance=600,
        notes="base64 HMAC-SHA256 of body + delivery timestamp; Box's SDKs allow 10 minutes.",
    ),
    Provider(
        "pagerduty",
        "PagerDuty",
        ("x-pagerduty-signature",),
        identifying_headers=("x-webhook-id", "x-webhook-subscription"),
        event_types=(
            "incident.triggered",
            "incident.acknowledged",
            "incident.resolved",
            "incident.escalated",
        ),
        app_slugs=("pagerduty",),
        name_words=("pagerduty",),
        notes="v1=<hex HMAC-SHA256 of the raw body>; no timestamp.",
    ),
    Provider(
        "gitlab",
        "GitLab",
        (),
        identifying_headers=(
            "x-gitlab-event",
            "x-gitlab-instance",
            "x-gitlab-webhook-uuid",
            "x-gitlab-event-uuid",
        ),
        event_types=("Push Hook", "Merge Request Hook", "Issue Hook", "Note Hook", "Pipeline Hook"),
        app_slugs=("gitlab",),
        name_words=("gitlab",),
        snippet="api-key",
        extra_signature_fields=("x-gitlab-token",),
        notes="No signature: GitLab sends the configured secret token in X-Gitlab-Token.",
    ),
)

_BY_NAME = {p.name: p for p in PROVIDERS}
_BY_HEADER: dict[str, list[Provider]] = {}
for _p in PROVIDERS:
    for _h in (*_p.all_headers, *(h for h in _p.extra_signature_fields if h.startswith("x-"))):
        _BY_HEADER.setdefault(_h, []).append(_p)
_BY_APP = {slug: p for p in PROVIDERS for slug in p.app_slugs}
_BY_LITERAL: dict[str, Provider] = {}
for _p in PROVIDERS:
    for _lit in _p.event_types:
        _BY_LITERAL.setdefault(_lit, _p)

# Auth snippets that are not tied to a provider.
AUTH_SNIPPETS = ("bearer", "api-key", "basic", "jwt-hs256", "jwt-jwks")


def provider_by_name(name: str) -> Provider | None:
    return _BY_NAME.get(name)


def providers_for_header(header: str) -> list[Provider]:
    return _BY_HEADER.get(header.lower(), [])


def is_credential_header(name: str) -> bool:
    """A header that carries a credential: a provider's signature header, or named like one."""
    lower = name.lower()
    if any(
        lower in p.signature_headers or lower in p.extra_signature_fields
        for p in providers_for_header(lower)
    ):
        return True
    return is_credential_header_name(lower)


def is_credential_path(path: str | None) -> bool:
    """A request input path that holds a credential: a credential header or query parameter,
    or a secret-named body field (`EVENT.headers.x-api-key`, `EVENT.body.webhook_secret`)."""
    if not path:
        return False
    parts = path.split(".")
    if len(parts) < 3 or parts[0] != "EVENT":
        return False
    if parts[1] == "headers":
        return is_credential_header(parts[2])
    if parts[1] == "query":
        return is_credential_query(parts[2])
    return parts[1] == "body" and is_secretish_name(parts[-1])


def provider_for_app(slug: str) -> Provider | None:
    return _BY_APP.get(slug)


def provider_for_literal(value: str) -> Provider | None:
    return _BY_LITERAL.get(value)


def any_provider_literal(values: AbstractSet[str]) -> bool:
    """Some of `values` has a `provider_for_literal` (one set operation)."""
    return not values.isdisjoint(_BY_LITERAL)


def signature_headers(provider: Provider) -> tuple[str, ...]:
    return provider.signature_headers + tuple(
        h for h in provider.extra_signature_fields if h.startswith("x-")
    )


def provider_for_headers(headers: Iterable[str]) -> Provider | None:
    """The one provider whose signature headers the code reads, or None (none or ambiguous)."""
    found = {
        p.name: p
        for h in headers
        for p in providers_for_header(h)
        if h.lower() in signature_headers(p)
    }
    return next(iter(found.values())) if len(found) == 1 else None
