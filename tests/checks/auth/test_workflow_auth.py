"""SG301 (HTTP trigger without authentication) and SG401 (known provider without verification)."""

from __future__ import annotations

import json

from checks.model import Severity
from tests.checks.auth.helpers import ids, node_step, py_step, run_rules, sync_files

WORK = """
const order = steps.trigger.event.body;
await axios.post("https://api.example.com/orders", order);
return order.id;
"""

API_KEY_GATE = """
const given = steps.trigger.event.headers["x-api-key"] || "";
const expected = process.env.INCOMING_API_KEY;
const a = Buffer.from(given);
const b = Buffer.from(expected);
if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) {
  await $.respond({ status: 401, body: "unauthorized" });
  return $.flow.exit("invalid API key");
}
"""


def test_unauthenticated_sync_workflow_is_flagged_and_says_auth_is_not_recorded(write_tree):
    root = write_tree(sync_files([("save_order", node_step(WORK))]))
    found = run_rules(root, ["SG301"])
    assert ids(found) == ["SG301"]
    f = found[0]
    assert f.severity is Severity.HIGH
    assert f.step == "save_order"
    assert "does not record the HTTP trigger's own Authorization" in f.message
    assert (
        f.fix is not None
        and f.fix.kind == "insert-snippet"
        and "stepguard snippet bearer" in f.fix.summary
    )
    assert f.extra["snippet"] == "bearer"
    assert f.line == 4  # the axios call


def test_api_key_gate_first_protects_the_workflow(write_tree):
    root = write_tree(
        sync_files([("auth", node_step(API_KEY_GATE)), ("save_order", node_step(WORK))])
    )
    assert run_rules(root, ["SG301"]) == []


def test_gate_and_work_in_the_same_step_in_the_right_order(write_tree):
    root = write_tree(sync_files([("handle", node_step(API_KEY_GATE + WORK))]))
    assert run_rules(root, ["SG301"]) == []


def test_work_before_the_check_in_the_same_step(write_tree):
    root = write_tree(
        sync_files([("handle", node_step(WORK.replace("return order.id;", "") + API_KEY_GATE))])
    )
    found = run_rules(root, ["SG301"])
    assert ids(found) == ["SG301"]
    assert "before its own credential check" in found[0].message


def test_check_in_a_later_step_comes_too_late(write_tree):
    root = write_tree(
        sync_files([("save_order", node_step(WORK)), ("auth", node_step(API_KEY_GATE))])
    )
    found = run_rules(root, ["SG301"])
    assert ids(found) == ["SG301"]
    assert "'auth' comes too late" in found[0].message


def test_marked_protected_trigger_is_honoured(write_tree):
    files = sync_files([("save_order", node_step(WORK))])
    files["proj/incoming-p_AbC123/.stepguard.toml"] = "[trigger]\nprotected = true\n"
    assert run_rules(write_tree(files), ["SG301", "SG401"]) == []


def test_throw_counts_as_ending_the_workflow(write_tree):
    gate = """
const auth = steps.trigger.event.headers.authorization;
if (!auth || !safeCompare(auth, `Bearer ${process.env.HOOK_TOKEN}`)) {
  throw new Error("unauthorized");
}
"""
    root = write_tree(sync_files([("auth", node_step(gate)), ("save_order", node_step(WORK))]))
    assert run_rules(root, ["SG301"]) == []


def test_registry_validate_webhook_auth_counts(write_tree):
    root = write_tree(
        sync_files(
            [("validate", "uses:http-validate-webhook-auth@0.0.1"), ("save_order", node_step(WORK))]
        )
    )
    assert run_rules(root, ["SG301"]) == []


def test_registry_actions_only_are_work(write_tree):
    root = write_tree(sync_files([("add_row", "uses:google_sheets-add-single-row@2.1.0")]))
    found = run_rules(root, ["SG301"])
    assert ids(found) == ["SG301"] and found[0].step == "add_row"


def test_timer_trigger_is_not_checked(write_tree):
    root = write_tree(sync_files([("save_order", node_step(WORK))], trigger="ti_2hd8Sm"))
    assert run_rules(root, ["SG301", "SG401"]) == []


def test_python_gate_and_python_work(write_tree, tmp_path):
    gate = py_step("""
import os
token = pd.steps["trigger"]["event"]["headers"].get("authorization", "")
if not hmac.compare_digest(token, "Bearer " + os.environ["HOOK_TOKEN"]):
    pd.respond({"status": 401, "body": "unauthorized"})
    return pd.flow.exit("unauthorized")
""")
    work = py_step("""
import requests
requests.post("https://api.example.com/x", json=pd.steps["trigger"]["event"]["body"])
""")
    ok = write_tree(
        sync_files([("auth", gate), ("send", work)], python={"auth", "send"}), tmp_path / "a"
    )
    assert run_rules(ok, ["SG301"]) == []
    bad = write_tree(sync_files([("send", work)], python={"send"}), tmp_path / "b")
    found = run_rules(bad, ["SG301"])
    assert ids(found) == ["SG301"] and found[0].path.endswith("send/entry.py")


def test_ip_allowlist_only_is_medium(write_tree):
    gate = """
const ip = steps.trigger.event.client_ip;
if (!["203.0.113.5"].includes(ip)) {
  return $.flow.exit("not allowed");
}
"""
    root = write_tree(sync_files([("check_ip", node_step(gate)), ("save_order", node_step(WORK))]))
    found = run_rules(root, ["SG301"])
    assert ids(found) == ["SG301"]
    assert found[0].severity is Severity.MEDIUM and "IP address" in found[0].message


def test_api_workflow_with_custom_token_auth_is_protected(tmp_path):
    doc = {
        "triggers": [
            {"id": "hi_Ab12", "endpoint_url": "https://eo1.m.pipedream.net", "auth": "custom_token"}
        ],
        "steps": [
            {"namespace": "save", "lang": "nodejs20.x", "savedComponent": {"code": node_step(WORK)}}
        ],
    }
    (tmp_path / "wf.json").write_text(json.dumps(doc))
    assert run_rules(tmp_path / "wf.json", ["SG301"]) == []
    doc["triggers"][0]["auth"] = "none"
    (tmp_path / "wf.json").write_text(json.dumps(doc))
    found = run_rules(tmp_path / "wf.json", ["SG301"])
    assert ids(found) == ["SG301"] and "Authorization setting is None" in found[0].message


# -- SG401 -------------------------------------------------------------------------------------

STRIPE_NO_VERIFY = """
const event = steps.trigger.event.body;
if (event.type === "checkout.session.completed") {
  await axios.post("https://crm.example.com/paid", { email: event.data.object.customer_email });
}
"""


def test_stripe_webhook_without_verification(write_tree):
    root = write_tree(sync_files([("handle_payment", node_step(STRIPE_NO_VERIFY))]))
    found = run_rules(root, ["SG301", "SG401"])
    assert ids(found) == ["SG401"]  # SG401 replaces the generic SG301
    f = found[0]
    assert f.severity is Severity.HIGH
    assert "Stripe" in f.message and "stepguard snippet stripe" in f.message
    assert (
        f.fix is not None
        and f.fix.kind == "insert-snippet"
        and "(stepguard snippet stripe)" in f.fix.summary
    )
    assert f.extra["snippet"] == "stripe" and f.extra["provider"] == "stripe"


def test_stripe_webhook_verified_with_construct_event(write_tree):
    verify = """
const sig = steps.trigger.event.headers["stripe-signature"];
const raw = steps.trigger.event.bodyRaw;
const event = stripe.webhooks.constructEvent(raw, sig, process.env.STRIPE_WHSEC);
"""
    root = write_tree(
        sync_files([("verify", node_step(verify)), ("handle_payment", node_step(STRIPE_NO_VERIFY))])
    )
    assert run_rules(root, ["SG301", "SG401"]) == []


def test_github_webhook_recognised_from_event_header(write_tree):
    code = """
const kind = steps.trigger.event.headers["x-github-event"];
if (kind === "pull_request") {
  await axios.post(process.env.CHAT_URL, { text: steps.trigger.event.body.pull_request.title });
}
"""
    root = write_tree(sync_files([("notify", node_step(code))], name="PR notifier"))
    found = run_rules(root, ["SG401"])
    assert ids(found) == ["SG401"]
    assert "GitHub" in found[0].message and found[0].extra["snippet"] == "github"
    assert found[0].line == 3  # anchored at the header read


def test_shopify_python_webhook(write_tree):
    code = py_step("""
import requests
topic = pd.steps["trigger"]["event"]["headers"]["x-shopify-topic"]
if topic == "orders/create":
    requests.post("https://erp.example.com/orders", json=pd.steps["trigger"]["event"]["body"])
""")
    found = run_rules(write_tree(sync_files([("sync", code)], python={"sync"})), ["SG401"])
    assert ids(found) == ["SG401"] and found[0].extra["snippet"] == "shopify"


def test_named_stripe_webhook_is_recognised_but_app_use_alone_is_not(write_tree, tmp_path):
    root = write_tree(
        sync_files([("save_order", node_step(WORK))], name="Stripe webhook"), tmp_path / "a"
    )
    found = run_rules(root, ["SG301", "SG401"])
    assert ids(found) == ["SG401"] and found[0].extra["provider"] == "stripe"
    other = write_tree(
        sync_files(
            [("save_order", node_step(WORK))],
            name="Create Stripe customer",
            props={"save_order": "stripe"},
        ),
        tmp_path / "b",
    )
    assert ids(run_rules(other, ["SG301", "SG401"])) == ["SG301"]


def test_slack_verify_action_does_not_stop_the_workflow(write_tree):
    code = """
if (steps.trigger.event.body.type === "url_verification") {
  await $.respond({ status: 200, body: steps.trigger.event.body.challenge });
}
await axios.post(process.env.TICKETS_URL, steps.trigger.event.body.event);
"""
    root = write_tree(
        sync_files(
            [("verify", "uses:slack-verify-slack-signature@0.0.17"), ("handle", node_step(code))],
            name="Slack events",
        )
    )
    found = run_rules(root, ["SG401"])
    assert ids(found) == ["SG401"]
    assert "slack-verify-slack-signature" in found[0].message and "continue" in found[0].message


def test_event_source_without_verification(write_tree):
    src = """import stripe from "../../stripe.app.mjs";
export default {
  type: "source",
  props: { stripe, http: { type: "$.interface.http", customResponse: true } },
  async run(event) {
    this.http.respond({ status: 200 });
    this.$emit(event.body, { id: event.body.id, summary: event.body.type, ts: Date.now() });
  },
};
"""
    found = run_rules(
        write_tree({"components/stripe/sources/new-event/new-event.mjs": src}), ["SG401", "SG301"]
    )
    # no check at all (SG301, an entry point like a workflow) and Stripe's signature (SG401)
    assert ids(found) == ["SG301", "SG401"]
    assert all("event source" in f.message and f.extra["event_source"] is True for f in found)


def test_event_source_verifying_with_strict_equality(write_tree):
    src = """import crypto from "crypto";
import github from "../../github.app.mjs";
export default {
  type: "source",
  props: { github, http: "$.interface.http", secret: { type: "string", secret: true } },
  async run(event) {
    const sig = event.headers["x-hub-signature-256"];
    const mine = "sha256=" + crypto.createHmac("sha256", this.secret)
      .update(event.bodyRaw).digest("hex");
    if (sig !== mine) {
      this.http.respond({ status: 401 });
      return;
    }
    const id = event.headers["x-github-delivery"];
    this.$emit(event.body, { id, summary: "push", ts: Date.now() });
  },
};
"""
    found = run_rules(write_tree({"src/github-push.mjs": src}), ["SG3", "SG4"])
    assert ids(found) == ["SG302"]


def test_query_token_gate_counts(write_tree):
    gate = """
const token = steps.trigger.event.query.token || "";
if (!safeCompare(token, process.env.FORM_TOKEN)) {
  await $.respond({ status: 403, body: "forbidden" });
  return $.flow.exit("forbidden");
}
"""
    root = write_tree(sync_files([("auth", node_step(gate)), ("save_order", node_step(WORK))]))
    assert run_rules(root, ["SG301", "SG305"]) == []
