"""HTTP event sources as entry points: SG301 when nothing, or only a weak gate, stands between
a caller and `$emit`; nothing when the source verifies (itself, through its app, or an SDK)."""

from __future__ import annotations

import pytest

from checks.model import Severity
from tests.checks.auth.helpers import ids, run_rules

HEAD = 'import app from "../../acme.app.mjs";\n'


def source(run: str, *, http: str = 'http: "$.interface.http",', extra: str = "") -> str:
    return (
        HEAD + 'export default {\n  type: "source",\n  key: "acme-new-event",\n'
        f'  props: {{ app, db: "$.service.db", {http} }},\n{extra}'
        f"  async run(event) {{\n{run}\n  }},\n}};\n"
    )


EMIT = "    this.$emit(event.body, { id: event.body.id, summary: 'x', ts: Date.now() });"


def scan_source(write_tree, text: str, rules: list[str] | None = None):
    root = write_tree({"components/acme/sources/new-event/new-event.mjs": text})
    return run_rules(root, rules or ["SG301"])


def test_source_with_no_check_is_flagged_high(write_tree) -> None:
    found = scan_source(write_tree, source(EMIT))
    assert ids(found) == ["SG301"]
    f = found[0]
    assert f.severity is Severity.HIGH and f.line == 6  # the run() line
    assert "event source" in f.message and f.extra["event_source"] is True


def test_http_declared_in_additional_props_counts(write_tree) -> None:
    text = source(
        EMIT,
        http="",
        extra='  additionalProps() { return { http: { type: "$.interface.http" } }; },\n',
    )
    assert ids(scan_source(write_tree, text)) == ["SG301"]


SOUND = (
    """    const sig = event.headers["x-acme-signature"] || "";
    const mine = crypto.createHmac("sha256", this.db.get("secret"))
      .update(event.bodyRaw).digest("hex");
    const a = Buffer.from(sig);
    const b = Buffer.from(mine);
    if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) {
      this.http.respond({ status: 401 });
      return;
    }
"""
    + EMIT
)


@pytest.mark.parametrize(
    "run",
    [
        SOUND,
        # verified in the app file, on the raw body and the headers
        "    const { headers, bodyRaw } = event;\n"
        "    if (!this.app.isValidSource(headers, bodyRaw, this.db)) { return; }\n" + EMIT,
        # an SDK verifier reached through the app
        "    const e = this.app.sdk().webhooks.constructEvent(event.bodyRaw,"
        " event.headers['acme-signature'], this.db.get('secret'));\n" + EMIT,
    ],
    ids=["hmac", "app-verifier", "sdk-verifier"],
)
def test_verifying_source_is_not_flagged(write_tree, run: str) -> None:
    text = source(run).replace(HEAD, HEAD + 'import crypto from "crypto";\n')
    assert scan_source(write_tree, text, ["SG301", "SG401"]) == []


@pytest.mark.parametrize(
    ("run", "kind", "word"),
    [
        (
            "    if (event.body.clientState !== this.db.get('clientState')) { return; }\n" + EMIT,
            "identifier",
            "clientState",
        ),
        (
            "    const { channelId } = event.body;\n"
            "    if (channelId !== this._getChannelId()) return;\n" + EMIT,
            "identifier",
            "channelId",
        ),
        (
            "    if (event.headers['user-agent'] !== 'Acme-Hookshot') { return; }\n" + EMIT,
            "header",
            "user-agent",
        ),
        (
            "    if (!this.app.checkHeaders(event.headers, this.db.get('channel'))) return;\n"
            + EMIT,
            "delegated",
            "checkHeaders",
        ),
        (
            "    const h = event.headers;\n"
            "    if (h['origin'] !== 'https://acme.dev') { return; }\n" + EMIT,
            "header",
            "origin",
        ),
        (
            "    if ((event.headers)['user-agent'] !== 'Acme-Hookshot') { return; }\n" + EMIT,
            "header",
            "user-agent",
        ),
        (
            "    if (/* kept */ this.db.get('clientState') !== event.body.clientState) return;\n"
            + EMIT,
            "identifier",
            "clientState",
        ),
        (
            "    const body = JSON.parse(event.bodyRaw);\n"
            "    if (this.db.get('state') !== body.state) return;\n" + EMIT,
            "identifier",
            "state",
        ),
    ],
    ids=[
        "client-state",
        "channel-id",
        "spoofable-header",
        "header-predicate",
        "aliased-headers",
        "parenthesised-headers",
        "commented-stored",
        "parsed-body",
    ],
)
def test_weak_gates_are_reported_as_weak(write_tree, run: str, kind: str, word: str) -> None:
    text = source(run)
    found = scan_source(write_tree, text)
    assert ids(found) == ["SG301"]
    f = found[0]
    assert f.severity is Severity.MEDIUM and f.extra["weak_gates"] == [kind]
    assert word in f.message and "does not authenticate" in f.message
    gate_line = next(i for i, line in enumerate(text.splitlines(), 1) if "if (" in line)
    assert f.line == gate_line  # the gate, not the run() line


def test_event_filter_on_a_constant_is_no_gate(write_tree) -> None:
    """`event.body.type !== "order"` filters events; it is not mistaken for a weak gate."""
    run = "    if (event.body.type !== 'order.created') return;\n" + EMIT
    found = scan_source(write_tree, source(run))
    assert [f.extra["weak_gates"] for f in found] == [[]]
    assert found[0].severity is Severity.HIGH


def test_generic_http_source_is_public_by_design(write_tree) -> None:
    text = source(EMIT).replace("../../acme.app.mjs", "../../http.app.mjs")
    found = scan_source(write_tree, text)
    assert ids(found) == ["SG301"]
    assert found[0].severity is Severity.LOW and found[0].extra["public_by_design"] is True
    assert "public by design" in found[0].message


def test_non_http_source_is_not_an_entry_point(write_tree) -> None:
    text = source(EMIT, http='timer: { type: "$.interface.timer" },')
    assert scan_source(write_tree, text) == []


SDK_VERIFY = (
    """    const { "x-twilio-email-event-webhook-signature": signature,
      "x-twilio-email-event-webhook-timestamp": timestamp } = event.headers;
    const helper = new EventWebhook();
    const key = helper.convertPublicKeyToECDSA(this.db.get("key"));
    if (!helper.verifySignature(key, event.bodyRaw, signature, timestamp)) {
      this.http.respond({ status: 400 });
      return;
    }
"""
    + EMIT
)


def test_sdk_verifier_given_the_timestamp_without_an_age_check(write_tree) -> None:
    text = source(SDK_VERIFY).replace(
        HEAD, HEAD + 'import { EventWebhook } from "@sendgrid/eventwebhook";\n'
    )
    found = scan_source(write_tree, text, ["SG3", "SG4"])
    assert ids(found) == ["SG403"]
    assert "timestamp" in found[0].message and "verifySignature" in found[0].message


def test_sdk_verifier_with_an_age_check_is_sound(write_tree) -> None:
    run = SDK_VERIFY.replace(
        "    const helper",
        "    if (Date.now() / 1000 - Number(timestamp) > 300) return;\n    const helper",
    )
    text = source(run).replace(
        HEAD, HEAD + 'import { EventWebhook } from "@sendgrid/eventwebhook";\n'
    )
    assert scan_source(write_tree, text, ["SG3", "SG4"]) == []
