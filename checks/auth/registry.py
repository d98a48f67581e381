"""Pipedream registry actions that authenticate a request or verify a webhook signature."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RegistryAuth:
    key: str
    kind: str  # "auth" | "signature"
    ends_workflow: bool  # responds 401 and ends the workflow when the check fails
    note: str = ""


# Behaviour read from the actions' source (PipedreamHQ/pipedream components/*).
KNOWN: dict[str, RegistryAuth] = {
    a.key: a
    for a in (
        RegistryAuth(
            "http-validate-webhook-auth",
            "auth",
            True,
            "compares the Authorization value with `!==`, responds 401 and ends the workflow",
        ),
        RegistryAuth(
            "http-verify-hmac-signature",
            "signature",
            True,
            "HMAC-SHA256 with timingSafeEqual, responds 401 and ends the workflow",
        ),
        RegistryAuth(
            "slack-verify-slack-signature",
            "signature",
            False,
            "returns {success: false} on a mismatch and lets the workflow continue",
        ),
        RegistryAuth(
            "shopify_partner-verify-webhook",
            "signature",
            False,
            "re-serialises the body with JSON.stringify before hashing",
        ),
    )
}

_HINTS = (
    "verify",
    "validate-webhook",
    "webhook-auth",
    "validate-signature",
    "check-signature",
    "authenticate",
)


def registry_auth(uses: str | None) -> RegistryAuth | None:
    """What a registry action (`key@version`) does for authentication, or None."""
    if not uses:
        return None
    key = uses.rsplit("@", 1)[0] if "@" in uses[1:] else uses
    key = key.split("/")[-1]
    if key in KNOWN:
        return KNOWN[key]
    if any(h in key for h in _HINTS):
        kind = "signature" if "sign" in key or "hmac" in key or "webhook" in key else "auth"
        return RegistryAuth(
            key, kind, True, "an authentication/verification action (behaviour not known)"
        )
    return None
