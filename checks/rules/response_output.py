"""SG606 and SG601's HTTP-response part: what an HTTP call hands back reaching a step's output
(analysis: `checks.response_output`)."""

from __future__ import annotations

from collections.abc import Iterator

from checks.extras import LoggingExtra
from checks.model import Category, Finding, FixKind, Severity
from checks.response_output import Held, ResponseOutput, response_outputs
from checks.rulebase import StepContext, rule

_CONSEQUENCE = (
    "Pipedream keeps logs, exports and return values in the execution history, where everyone "
    "with access to the workflow can read them"
)


def _sink_kind(sink: str) -> str:
    if sink == "return":
        return "return"
    return "export" if sink.endswith("export") else "log"


def _finding(ctx: StepContext, out: ResponseOutput, message: str) -> Finding:
    what = "a token from the response" if out.held is Held.TOKEN else "the whole response"
    extra: LoggingExtra = {
        "source": f"HTTP response of {out.client}",
        "sink": out.sink,
        "source_kind": "http-response" if out.held is Held.RESPONSE else "http-response-token",
        "sink_kind": _sink_kind(out.sink),
    }
    return ctx.finding(
        out.start,
        out.end,
        message,
        evidence=f"{out.sink}: {what} of {out.client}"[:200],  # names only: no code text
        extra=extra,
        key=f"response:{out.held.value}:{out.sink}:{out.client}",
    )


def response_token_findings(ctx: StepContext) -> Iterator[Finding]:
    """SG601: a token read from an HTTP response body reaches output."""
    if ctx.code is None:
        return
    for out in response_outputs(ctx.code):
        if out.held is not Held.TOKEN:
            continue
        where = "is returned" if out.sink == "return" else f"reaches `{out.sink}`"
        yield _finding(
            ctx,
            out,
            (
                f"A token from the HTTP response of `{out.client}` {where}; it is a live "
                f"credential and {_CONSEQUENCE}. Use it in this step instead, or store it with "
                "$.service.db / a connected account."
            ),
        )


@rule(
    id="SG606",
    name="http-client-response-in-output",
    category=Category.LOGGING,
    severity=Severity.MEDIUM,
    title="Whole HTTP client response logged or returned",
    explanation="""An axios (or got, …) response or error object carries the request it answers:
    `response.config.headers` holds the Authorization header, `response.config.params` the API
    key sent in the query. Logging, exporting or returning the whole response after a request
    sent with headers, query parameters or auth settings writes those credentials into the
    execution history, where everyone with access to the workflow can read them. Bad:
    `const res = await axios.get(url, { headers: { Authorization: key } }); return res;`.
    Good: `return res.data;`. (`@pipedream/platform`'s axios returns the data only.)""",
    fix="Log or return `response.data` (or the fields you need) instead of the whole response",
    fix_kind=FixKind.MANUAL,
)
def http_client_response_in_output(ctx: StepContext) -> Iterator[Finding]:
    if ctx.code is None:
        return
    for out in response_outputs(ctx.code):
        if out.held is not Held.RESPONSE:
            continue
        where = "is returned" if out.sink == "return" else f"reaches `{out.sink}`"
        yield _finding(
            ctx,
            out,
            (
                f"The whole response of `{out.client}` {where}: its `config` carries the "
                f"request's headers and parameters (credentials included), and {_CONSEQUENCE}; "
                "use `response.data` instead."
            ),
        )
