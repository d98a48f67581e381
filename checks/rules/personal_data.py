"""SG605: personal data from the trigger event written to the logs (analysis: `checks.pii`)."""

from __future__ import annotations

from collections.abc import Iterator

from checks.extras import LoggingExtra
from checks.model import Category, Finding, FixKind, Severity
from checks.pii import personal_data_logged
from checks.rulebase import StepContext, rule


@rule(
    id="SG605",
    name="personal-data-logged",
    category=Category.LOGGING,
    severity=Severity.LOW,
    title="Personal data from the trigger event logged",
    explanation="""A step writes personal data it received — an e-mail address, a phone number,
    a person's name, a postal address (`steps.trigger.event.body.email`, an e-mail trigger's
    `from`, `customer.phone`) — to its logs. Pipedream keeps step logs in the execution history,
    where everyone with access to the workflow can read them, for as long as the history is
    kept; data-protection rules expect personal data to go only where it is needed. Bad:
    `console.log(`New signup: ${steps.trigger.event.body.email}`)`. Good: log an id or a masked
    value (`console.log("New signup", steps.trigger.event.body.id)`). Reported only where the
    field name says what the data is.""",
    fix="Log an id or a masked value (e.g. j***@example.com) instead of the personal data",
    fix_kind=FixKind.MANUAL,
)
def personal_data_in_logs(ctx: StepContext) -> Iterator[Finding]:
    if ctx.code is None:
        return
    for hit in personal_data_logged(ctx.code):
        extra: LoggingExtra = {
            "source": f"trigger event {hit.path}",
            "sink": hit.sink,
            "source_kind": "personal-data",
            "sink_kind": "log",
        }
        yield ctx.finding(
            hit.start,
            hit.end,
            (
                f"{hit.sink} writes a {hit.kind} from the trigger event ({hit.path}) to the "
                "step's logs, which Pipedream keeps in the execution history; log an id or a "
                "masked value instead."
            ),
            evidence=f"{hit.sink}: trigger event {hit.path}"[:200],
            extra=extra,
            key=f"pii:{hit.sink}:{hit.path}",
        )
