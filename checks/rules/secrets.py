"""Secrets in step code (SG101-SG105): provider tokens, generic secrets, private keys,
credentials in URLs and hard-coded Authorization headers. Detection lives in `checks.secrets`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from checks.model import Category, Finding, Fix, FixKind, Language, Severity
from checks.parsing import parse_code
from checks.parsing.yamlspans import value_span
from checks.redact import redact
from checks.rulebase import StepContext, WorkflowContext, rule
from checks.secrets import SecretKind, SecretMatch, find_secrets

FIX = "Move the value into a keyring-backed environment variable (`stepguard secrets migrate`)"
FIX_KIND = FixKind.MIGRATE_SECRET


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
        key=secret_key(match),
    )


def secret_key(match: SecretMatch) -> str:
    """What identifies a secret finding across line moves and machines: its kind and the name
    it is given, not its value (whose id is keyed per user)."""
    return f"{match.detector}|{match.context_name or ''}"


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
    like a key, token, secret or password — or a literal of any look that the code uses as a
    secret: an HMAC key, the value a request's credential header is compared with, a constant
    named `*_SECRET` or `*_TOKEN`. Such values belong in an environment variable or a
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
    explanation="""A URL (`scheme://user:password@host`, or a query such as `?api_key=…`) or a
    connection string (`Password=…;`) carries a literal password or key. Besides living in the
    code, URLs are often logged and returned, which spreads the password further.""",
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


def _prop_strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    """(dotted prop path, string value) for every string inside a step's props."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "authProvisionId":
                yield from _prop_strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _prop_strings(item, f"{path}[{i}]")


def _locate(text: str, value: str) -> tuple[int, int, int, int]:
    """1-based (line, column, end_line, end_column) of `value` in `text`, or the top of the file."""
    index = text.find(value)
    if index < 0:
        return 1, 1, 1, 1
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column, line, column + len(value)


@rule(
    id="SG106",
    name="secret-in-step-props",
    category=Category.SECRET,
    severity=Severity.HIGH,
    title="Secret typed into a step's configuration",
    explanation="""A token or password was typed into an action's configuration (its props in
    workflow.yaml or in the API's configured props). Pipedream stores these values with the
    workflow, shows them to everyone who can open it, and GitHub Sync commits them to your
    repository. Use a connected account for apps Pipedream integrates, or an environment variable
    referenced as {{process.env.NAME}} in the prop.""",
    scope="workflow",
    fix=(
        "Replace the value with {{process.env.NAME}} and store it as a secret environment variable "
        "(`stepguard secrets migrate` does both in a synced workflow.yaml)"
    ),
    fix_kind=FixKind.MANUAL,
)
def secret_in_props(wctx: WorkflowContext) -> Iterator[Finding]:
    workflow = wctx.workflow
    source_text = workflow.source_text
    yaml_path = workflow.source / "workflow.yaml" if workflow.is_github_sync else workflow.source
    display = wctx.path + "/workflow.yaml" if workflow.is_github_sync else wctx.path
    assert wctx.rule is not None
    for step in workflow.steps:
        props = {k: v for k, v in step.props.items() if isinstance(k, str)}
        if not props:
            continue
        # Serialise the props as a JS object so the detectors see each value with its prop name.
        text = "export default " + json.dumps(props, ensure_ascii=False, indent=1) + ";\n"
        for match in find_secrets(parse_code(text, Language.NODE)):
            line, col, end_line, end_col = _locate(source_text, match.value)
            prop = match.context_name or "a prop"
            # An exact place in a synced workflow.yaml: `secrets migrate` can rewrite the prop.
            span = value_span(source_text, match.value) if workflow.is_github_sync else None
            movable = span is not None and workflow.can_write
            fix = Fix(
                FixKind.MIGRATE_SECRET if movable else FixKind.MANUAL,
                f"Set the prop to {{{{process.env.{match.env_name}}}}}",
            )
            yield Finding(
                rule=wctx.rule.id,
                category=wctx.rule.category,
                severity=max(match.severity, Severity.HIGH),
                title=wctx.rule.title,
                message=(
                    f"{match.description[:1].upper() + match.description[1:]} is typed into the "
                    f"`{prop}` prop of step {step.namespace}; use "
                    f"{{{{process.env.{match.env_name}}}}} or a connected account instead"
                ),
                path=display,
                line=line,
                column=col,
                end_line=end_line,
                end_column=end_col,
                workflow=workflow.name,
                step=step.namespace,
                evidence=redact(match.value),
                fix=fix,
                extra={
                    "provider": match.provider,
                    "detector": match.detector,
                    "env_name": match.env_name,
                    "secret_id": match.secret_id,
                    "live": match.live,
                    "prop": prop,
                },
                abs_path=yaml_path,
                fingerprint_key=f"{secret_key(match)}|{prop}",
                start_byte=span[0] if span else None,
                end_byte=span[1] if span else None,
            )
