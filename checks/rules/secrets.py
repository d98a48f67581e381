"""Secrets in step code (SG101-SG105): provider tokens, generic secrets, private keys,
credentials in URLs and hard-coded Authorization headers. Detection lives in `checks.secrets`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from checks.model import Category, Finding, Severity
from checks.redact import redact
from checks.rulebase import StepContext, rule
from checks.secrets import SecretKind, SecretMatch, find_secrets

FIX = "Move the value into a keyring-backed environment variable (`stepguard secrets migrate`)"
FIX_KIND = "migrate-secret"


def secret_findings(ctx: StepContext, kind: SecretKind) -> Iterator[Finding]:
    """Findings for the secrets of one kind in this step (span = exactly the value's bytes)."""
    if ctx.code is None:
        return
    for match in find_secrets(ctx.code):
        if match.kind is kind:
            yield _finding(ctx, match)


_NAME_OK = re.compile(r"[A-Za-z0-9_.$\-]{1,60}")


def _finding(ctx: StepContext, match: SecretMatch) -> Finding:
    name = match.context_name
    where = f" (in `{name}`)" if name and _NAME_OK.fullmatch(name) else ""
    live = " (live mode)" if match.live is True else " (test mode)" if match.live is False else ""
    what = match.description[:1].upper() + match.description[1:]
    message = (
        f"{what}{live} is written in the code{where}; "
        f"keep it in an environment variable such as {match.env_name}"
    )
    return ctx.finding(
        match.start,
        match.end,
        message,
        evidence=redact(match.value),
        severity=match.severity,
        extra={
            "provider": match.provider,
            "detector": match.detector,
            "env_name": match.env_name,
            "secret_id": match.secret_id,
            "live": match.live,
        },
        key=match.secret_id,
    )


@rule(
    id="SG101",
    name="provider-token",
    category=Category.SECRET,
    severity=Severity.HIGH,
    title="Provider API token in code",
    explanation="""A token in a known provider format (Stripe, GitHub, Slack, AWS, OpenAI, …) is
    written into the step's code. Anyone who can read the workflow, its GitHub-Sync repository or
    an exported copy can use it, and rotating it means editing every step that holds it. Live
    payment keys are critical; test-mode keys are medium.""",
    fix=FIX,
    fix_kind=FIX_KIND,
)
def provider_token(ctx: StepContext) -> Iterator[Finding]:
    yield from secret_findings(ctx, SecretKind.TOKEN)


@rule(
    id="SG102",
    name="generic-secret",
    category=Category.SECRET,
    severity=Severity.HIGH,
    title="Hard-coded secret value",
    explanation="""A random-looking string literal is assigned to, or passed as, something named
    like a key, token, secret or password. Such values belong in an environment variable or a
    connected account, not in code that is shared, synced and logged.""",
    fix=FIX,
    fix_kind=FIX_KIND,
)
def generic_secret(ctx: StepContext) -> Iterator[Finding]:
    yield from secret_findings(ctx, SecretKind.GENERIC)


@rule(
    id="SG103",
    name="private-key",
    category=Category.SECRET,
    severity=Severity.HIGH,
    title="Private key in code",
    explanation="""A PEM or OpenSSH private key (including one inside a Google service-account
    JSON) is embedded in the step. A private key proves identity; whoever reads the code can sign,
    decrypt or log in as its owner.""",
    fix=FIX,
    fix_kind=FIX_KIND,
)
def private_key(ctx: StepContext) -> Iterator[Finding]:
    yield from secret_findings(ctx, SecretKind.PRIVATE_KEY)


@rule(
    id="SG104",
    name="url-credentials",
    category=Category.SECRET,
    severity=Severity.HIGH,
    title="Password in a URL or connection string",
    explanation="""A URL (`scheme://user:password@host`) or a connection string (`Password=…;`)
    carries a literal password. Besides living in the code, URLs are often logged and returned,
    which spreads the password further.""",
    fix=FIX,
    fix_kind=FIX_KIND,
)
def url_credentials(ctx: StepContext) -> Iterator[Finding]:
    yield from secret_findings(ctx, SecretKind.URL_CREDENTIALS)


@rule(
    id="SG105",
    name="hardcoded-authorization-header",
    category=Category.SECRET,
    severity=Severity.HIGH,
    title="Hard-coded Authorization header value",
    explanation="""A literal `Bearer …`, `Token …` or `Basic …` credential is written into the
    step, typically in a request's headers. Read the token from an environment variable or use
    the app's connected account (`$auth`) instead.""",
    fix=FIX,
    fix_kind=FIX_KIND,
)
def authorization_header(ctx: StepContext) -> Iterator[Finding]:
    yield from secret_findings(ctx, SecretKind.AUTH_HEADER)
