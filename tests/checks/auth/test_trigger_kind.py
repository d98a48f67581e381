"""The trigger a loose step runs behind, judged by what its code reads (`checks.auth.trigger_kind`),
and HTTP workflows that are public by design (`checks.auth.public`)."""

from __future__ import annotations

import pytest

from checks.auth.trigger_kind import Guess, event_paths, guess_trigger
from checks.model import Language, Severity
from checks.parsing import parse_code
from tests.checks.auth.helpers import ids, node_step, py_step, run_rules, sync_files

WORK = (
    'await axios.post("https://api.acme.io/tickets", data, '
    '{ headers: { "x-api-key": process.env.ACME_KEY } });'
)


def js_guess(body: str) -> Guess:
    return guess_trigger(event_paths(parse_code(node_step(body), Language.NODE)))


@pytest.mark.parametrize(
    ("body", "guess"),
    [
        ("const s = steps.trigger.event.headers.subject;", Guess.EMAIL),
        ("const { from } = steps.trigger.event.headers;\nconst f = from.value;", Guess.EMAIL),
        ("const files = steps.trigger.event.attachments;", Guess.EMAIL),
        (
            "const t = steps.trigger.event.body.text;\nconst h = steps.trigger.event.body.html;",
            Guess.EMAIL,
        ),
        ('const k = steps.trigger.event.headers["x-api-key"];', Guess.HTTP),
        ("const id = steps.trigger.event.query.id;", Guess.HTTP),
        ("const m = steps.trigger.event.method;", Guess.HTTP),
        ("await $.respond({ status: 200, body: steps.trigger.event.body });", Guess.HTTP),
        # a Slack slash command sends `text`: one body field alone says nothing
        ("const t = steps.trigger.event.body.text;", Guess.UNKNOWN),
        ("const link = steps.trigger.event.link;", Guess.UNKNOWN),
        ("const x = 1;", Guess.NONE),
    ],
)
def test_guess_from_what_node_code_reads(body: str, guess: Guess) -> None:
    assert js_guess(body) is guess


@pytest.mark.parametrize(
    ("body", "paths"),
    [
        # chains starting at names bound to the event, to `steps`, or at an escaped name
        ("const t = steps.trigger;\nconst s = t.event.headers.subject;", {"headers.subject"}),
        ("const { headers: h } = steps.trigger.event;\nconst m = h.from;", {"headers.from"}),
        ("const e = (steps).trigger.event;\nconst q = e.query.id;", {"query.id"}),
        ("const s = (steps.trigger.event).method;", {"method"}),
        ("const s = st\\u0065ps.trigger.event.method;", set()),
        # names the model knows but that do not certainly hold the event
        ("const c = this.cfg;\nconst v = c.headers.subject;", set()),
        ("const s = headers.subject;", set()),
    ],
)
def test_event_paths_follow_names_bound_to_the_event(body: str, paths: set[str]) -> None:
    assert event_paths(parse_code(node_step(body), Language.NODE)) == paths


def test_guess_from_what_python_code_reads() -> None:
    code = py_step('subject = pd.steps["trigger"]["event"]["headers"]["subject"]\nreturn subject')
    assert guess_trigger(event_paths(parse_code(code, Language.PYTHON))) is Guess.EMAIL
    code = py_step('pd.respond({"status": 200})')
    assert guess_trigger(event_paths(parse_code(code, Language.PYTHON))) is Guess.HTTP


def loose(write_tree, body: str):
    return run_rules(write_tree({"steps/handle.mjs": node_step(body)}), ["SG301"])


def test_loose_email_step_is_not_taken_for_http(write_tree) -> None:
    body = (
        "const subject = steps.trigger.event.headers.subject;\n"
        "const data = { subject, text: steps.trigger.event.body.text };\n" + WORK
    )
    assert loose(write_tree, body) == []


def test_loose_step_reading_the_query_looks_http(write_tree) -> None:
    body = "const data = { id: steps.trigger.event.query.id };\n" + WORK
    found = loose(write_tree, body)
    assert ids(found) == ["SG301"]
    assert found[0].severity is Severity.MEDIUM and "looks HTTP-triggered" in found[0].message
    assert found[0].line == 2  # the run() line: the guess is about the step as an entry point


def test_loose_step_that_only_responds_is_left_alone(write_tree) -> None:
    body = 'await $.respond({ status: 200, headers: {}, body: "hello world!" });'
    assert loose(write_tree, body) == []


def test_loose_step_with_unknown_trigger_is_not_assumed_http(write_tree) -> None:
    body = "const data = { link: steps.trigger.event.link };\n" + WORK
    assert loose(write_tree, body) == []


READ_ONLY = """const res = await axios.get("https://api.open-meteo.com/v1/forecast?latitude=1");
await $.respond({ status: 200, body: res.data });
"""


def test_read_only_public_endpoint_is_low(write_tree) -> None:
    found = run_rules(write_tree(sync_files([("weather", node_step(READ_ONLY))])), ["SG301"])
    assert ids(found) == ["SG301"]
    assert found[0].severity is Severity.LOW and "public by design" in found[0].message


@pytest.mark.parametrize(
    "body",
    [
        READ_ONLY.replace("axios.get(", "axios.post("),  # writes
        READ_ONLY.replace(
            '?latitude=1"', '?latitude=1", { headers: { Authorization: process.env.TOKEN } }'
        ),  # reads with a credential: not public data
    ],
    ids=["post", "credential"],
)
def test_endpoints_that_write_or_use_credentials_stay_high(write_tree, body: str) -> None:
    found = run_rules(write_tree(sync_files([("weather", node_step(body))])), ["SG301"])
    assert [(f.rule, f.severity) for f in found] == [("SG301", Severity.HIGH)]
    assert "public by design" not in found[0].message
