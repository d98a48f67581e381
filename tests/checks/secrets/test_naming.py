"""Environment variable names: Pipedream's rules, context-aware proposals, collisions."""

from __future__ import annotations

import pytest

from checks.model import Severity
from checks.secrets import SecretMatch
from checks.secrets.naming import propose_env_name, valid_env_name


def match(provider: str, env: str) -> SecretMatch:
    return SecretMatch(
        value="v",
        start=0,
        end=1,
        detector="d",
        provider=provider,
        severity=Severity.HIGH,
        env_name=env,
        secret_id="0",
        detector_env_name=env,
    )


@pytest.mark.parametrize("name", ["STRIPE_SECRET_KEY", "_PRIVATE", "slack_token", "A1"])
def test_valid_names(name: str) -> None:
    assert valid_env_name(name) is None


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "empty"),
        ("1KEY", "start with a letter"),
        ("MY-KEY", "only contain"),
        ("PIPEDREAM_TOKEN", "reserved"),
        ("pipedream_token", "reserved"),
        ("KÉY", "start with"),
        ("PATH", "already used"),
        ("home", "already used"),
        ("NODE_OPTIONS", "already used"),
        ("LC_CTYPE", "already used"),
    ],
)
def test_invalid_names(name: str, reason: str) -> None:
    message = valid_env_name(name if name != "KÉY" else "ÉKEY")
    assert message is not None and reason in message


@pytest.mark.parametrize(
    ("provider", "env", "context", "expected"),
    [
        ("Slack", "SLACK_BOT_TOKEN", "slackToken", "SLACK_TOKEN"),
        ("Slack", "SLACK_BOT_TOKEN", None, "SLACK_BOT_TOKEN"),
        ("Slack", "SLACK_BOT_TOKEN", "token", "SLACK_BOT_TOKEN"),
        ("Stripe", "STRIPE_SECRET_KEY", "billingKey", "STRIPE_BILLING_KEY"),
        ("Stripe", "STRIPE_SECRET_KEY", "Authorization", "STRIPE_SECRET_KEY"),
        ("GitHub", "GITHUB_TOKEN", "octokit_auth_token_value", "GITHUB_OCTOKIT_AUTH_TOKEN"),
        ("Generic", "SECRET_VALUE", "webhookSecret", "WEBHOOK_SECRET"),
        ("Generic", "SECRET_VALUE", "x-api-key", "X_API_KEY"),
        ("Pipedream", "PD_API_KEY", "PIPEDREAM_API_KEY", "PD_API_KEY"),
        ("Generic", "SECRET_VALUE", "pipedreamSecret", "PD_SECRET"),
    ],
)
def test_proposals_use_context(provider: str, env: str, context: str | None, expected: str) -> None:
    assert propose_env_name(match(provider, env), context, set()) == expected


def test_collisions_get_suffixes() -> None:
    m = match("Stripe", "STRIPE_SECRET_KEY")
    taken = {"STRIPE_SECRET_KEY", "stripe_secret_key_2"}
    assert propose_env_name(m, None, taken) == "STRIPE_SECRET_KEY_3"


def test_proposals_are_always_valid() -> None:
    for context in ["9lives_token", "__", "tök€n", "a" * 200 + "_token", "PIPEDREAM_PIPEDREAM_KEY"]:
        name = propose_env_name(match("Generic", "SECRET_VALUE"), context, set())
        assert valid_env_name(name) is None, name
