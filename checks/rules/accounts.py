"""SG7xx account: use a Pipedream connected account for apps Pipedream integrates."""

from __future__ import annotations

from collections.abc import Iterator

from checks.accounts.suggest import auth_expression, describe_token, suggestions
from checks.model import Category, Finding, Fix, Severity
from checks.rulebase import StepContext, rule


@rule(
    id="SG701",
    name="use-connected-account",
    category=Category.ACCOUNT,
    severity=Severity.LOW,
    title="Use a connected account for an integrated app",
    explanation="""The step calls the API of an app that Pipedream integrates, with a
    credential from an environment variable or written in the code. A connected account
    keeps the credential out of code and variables, and for OAuth apps Pipedream refreshes
    the token for you. Add the app to the step (Node: an `app` prop; Python: add the app in
    the builder) and read the credential from `$auth`. The finding carries the rewritten
    step as a snippet.""",
    fix="Connect the app and read its credential from $auth",
    fix_kind="snippet",
)
def check_connected_account(ctx: StepContext) -> Iterator[Finding]:
    if ctx.code is None:
        return
    code = ctx.code
    for sug in suggestions(code):
        app = sug.app
        expr = auth_expression(app, code.language)
        sources = ", ".join(describe_token(code, t) for t in sug.tokens)
        message = (
            f"Calls {sug.host} ({app.name}) with {sources}; Pipedream integrates {app.name}: "
            f"connect a {app.name} account and use {expr} instead."
        )
        if len(sug.tokens) > 1:
            message += " Check which $auth field each value maps to (Object.keys of $auth)."
        yield ctx.finding(
            sug.site.start,
            sug.site.start,
            message,
            evidence=f"{sug.site.client} {sug.host} ← {sources}",
            fix=Fix("snippet", f"Connect {app.name} and read {expr}"),
            extra={
                "app": app.slug,
                "app_name": app.name,
                "auth_kind": app.auth,
                "auth_field": app.field,
                "auth_expression": expr,
                "host": sug.host,
                "env_vars": sug.env_vars,
                "literal_token": sug.has_literal,
                "snippet": sug.snippet,
            },
            key=f"{app.slug}|{sug.host}|{','.join(sug.env_vars)}|{int(sug.has_literal)}",
        )
