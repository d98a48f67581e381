"""SG7xx account: use a Pipedream connected account for apps Pipedream integrates."""

from __future__ import annotations

from collections.abc import Iterator

from checks.accounts.suggest import Suggestion, auth_expression, describe_token, suggestions
from checks.extras import AccountExtra
from checks.model import Category, Finding, Fix, FixKind, Severity
from checks.rulebase import StepContext, rule


def article(name: str) -> str:
    """`an` before a vowel sound as spelled (`an OpenAI`, `an Airtable`), else `a`."""
    return "an" if name[:1].lower() in ("a", "e", "i", "o") else "a"


@rule(
    id="SG701",
    name="use-connected-account",
    category=Category.ACCOUNT,
    severity=Severity.LOW,
    title="Use a connected account for an integrated app",
    explanation="""The step calls the API of an app that Pipedream integrates, or sets up
    that app's SDK client, with a credential from an environment variable or written in the
    code. A connected account keeps the credential out of code and variables, and for OAuth
    apps Pipedream refreshes the token for you. Add the app to the step (Node: an `app` prop;
    Python: add the app in the builder) and read the credential from `$auth`. The apps, their
    API hosts, SDK packages and `$auth` fields come from a catalog generated from Pipedream's
    component registry (`scripts/update_app_catalog.py`); a request that sends no credential
    is not reported. The finding carries the rewritten step as a snippet; for a component
    file or a Python step reading the credential from an environment variable, the fix
    rewrites the step (app prop and `$auth` read; a client set up at the top of the file moves
    into run/handler) and you then connect the account in Pipedream.""",
    fix="Connect the app and read its credential from $auth",
    fix_kind=FixKind.CONNECT_ACCOUNT,
)
def check_connected_account(ctx: StepContext) -> Iterator[Finding]:
    if ctx.code is None:
        return
    code = ctx.code
    for sug in suggestions(code):
        if sug.sdk:
            yield _sdk_finding(ctx, sug)
            continue
        app = sug.app
        expr = auth_expression(app, code.language)
        sources = ", ".join(describe_token(code, t) for t in sug.tokens)
        message = (
            f"Calls {sug.host} ({app.name}) with {sources}; Pipedream integrates {app.name}: "
            f"connect {article(app.name)} {app.name} account and use {expr} instead."
        )
        if len(sug.tokens) > 1:
            message += " Check which $auth field each value maps to (Object.keys of $auth)."
        yield ctx.finding(
            sug.site.start,
            sug.site.start,
            message,
            evidence=f"{sug.site.client} {sug.host} ← {sources}",
            fix=Fix(FixKind.CONNECT_ACCOUNT, f"Connect {app.name} and read {expr}"),
            extra=_extra(sug, expr),
            # Not where the credential comes from: migrating a literal into an env var must
            # leave the same finding (the next step: connect the app), not a new one.
            key=f"{app.slug}|{sug.host}",
        )


def _sdk_finding(ctx: StepContext, sug: Suggestion) -> Finding:
    """An SDK client (`new Stripe(key)`, `OpenAI(api_key=…)`) set up with its own credential."""
    assert ctx.code is not None
    code, app = ctx.code, sug.app
    expr = auth_expression(app, code.language)
    sources = ", ".join(describe_token(code, t) for t in sug.tokens)
    # The SDK says which $auth field each credential maps to (Twilio: account SID, token).
    fields = [sug.fields.get((t.start, t.end), app.field) for t in sug.tokens]
    wanted = " and ".join(
        auth_expression(app, code.language, auth_field=f) for f in dict.fromkeys(fields)
    )
    message = (
        f"Sets up the {app.name} SDK ({sug.sdk_name} from {sug.sdk}) with {sources}; "
        f"Pipedream integrates {app.name}: connect {article(app.name)} {app.name} account "
        f"and use {wanted} instead."
    )
    extra = _extra(sug, expr)
    extra["sdk"] = sug.sdk
    return ctx.finding(
        sug.site.start,
        sug.site.start,
        message,
        evidence=f"{sug.sdk} {sug.sdk_name} ← {sources}",
        fix=Fix(FixKind.CONNECT_ACCOUNT, f"Connect {app.name} and read {wanted}"),
        extra=extra,
        # "sdk:" keeps these keys apart from the request findings' `slug|host|…` keys.
        key=f"{app.slug}|sdk:{sug.sdk}",
    )


def _extra(sug: Suggestion, expr: str) -> AccountExtra:
    app = sug.app
    return {
        "app": app.slug,
        "app_name": app.name,
        "auth_kind": app.auth,
        "auth_field": app.field,
        "auth_expression": expr,
        "host": sug.host,
        "env_vars": sug.env_vars,
        "literal_token": sug.has_literal,
        "snippet": sug.snippet,
    }
