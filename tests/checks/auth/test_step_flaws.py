"""SG302-SG308: flawed authentication and verification code, Node and Python."""

from __future__ import annotations

from checks.model import Severity
from tests.checks.auth.helpers import ids, node_step, py_step, run_rules, sync_files

HOOK_SECRET = "whk_9fQ2pLx7Vb3nT8mR4sZ1"


def scan_node(write_tree, tmp_path, body: str, select: list[str], name: str = "step.mjs"):
    root = write_tree({name: node_step(body)}, tmp_path / "n")
    return run_rules(root, select)


def scan_py(write_tree, tmp_path, body: str, select: list[str]):
    root = write_tree({"step.py": py_step(body)}, tmp_path / "p")
    return run_rules(root, select)


# -- SG302 -------------------------------------------------------------------------------------


def test_strict_equality_on_a_token_header(write_tree, tmp_path):
    body = """
const token = steps.trigger.event.headers["x-webhook-token"];
if (token !== process.env.WEBHOOK_TOKEN) {
  return $.flow.exit("bad token");
}
"""
    found = scan_node(write_tree, tmp_path, body, ["SG302"])
    assert ids(found) == ["SG302"]
    assert found[0].evidence == "token !== process.env.WEBHOOK_TOKEN"
    assert "timingSafeEqual" in found[0].message and found[0].line == 4


def test_python_equality_on_signature(write_tree, tmp_path):
    body = """
import hmac, hashlib, os
sig = pd.steps["trigger"]["event"]["headers"].get("x-signature", "")
raw = pd.steps["trigger"]["event"]["body"]["raw"].encode()
mine = hmac.new(os.environ["SECRET"].encode(), raw, hashlib.sha256).hexdigest()
if sig != mine:
    return pd.flow.exit("bad signature")
"""
    found = scan_py(write_tree, tmp_path, body, ["SG302"])
    assert ids(found) == ["SG302"] and "hmac.compare_digest" in found[0].message


def test_non_credential_comparisons_are_not_flagged(write_tree, tmp_path):
    body = """
const ev = steps.trigger.event.headers["x-github-event"];
const auth = steps.trigger.event.headers.authorization || "";
if (ev === "push" && auth.length === 0) { return; }
const [scheme, value] = auth.split(" ");
if (scheme !== "Bearer" || typeof value === "undefined") { return $.flow.exit("no"); }
if (steps.trigger.event.body.type === "invoice.paid") { $.export("paid", true); }
const sig = steps.trigger.event.headers["x-signature"];
const ok = sig && crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(value));
"""
    assert scan_node(write_tree, tmp_path, body, ["SG302", "SG304"]) == []


def test_python_compare_digest_is_fine(write_tree, tmp_path):
    body = """
import hmac, os
given = pd.steps["trigger"]["event"]["headers"].get("authorization", "")
if not hmac.compare_digest(given, "Bearer " + os.environ["TOKEN"]):
    return pd.flow.exit("unauthorized")
"""
    assert scan_py(write_tree, tmp_path, body, ["SG3"]) == []


# -- SG303 -------------------------------------------------------------------------------------


def test_timing_safe_equal_without_length_check(write_tree, tmp_path):
    bad = """
const sig = steps.trigger.event.headers["x-signature"];
const mine = crypto.createHmac("sha256", process.env.SECRET)
  .update(steps.trigger.event.body.raw).digest("hex");
if (!crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(mine))) { return $.flow.exit("bad"); }
"""
    found = scan_node(write_tree, tmp_path, bad, ["SG303"])
    assert ids(found) == ["SG303"] and found[0].severity is Severity.LOW
    good = bad.replace("if (!crypto", "if (sig.length !== mine.length || !crypto")
    assert scan_node(write_tree, tmp_path / "g", good, ["SG303"]) == []
    caught = "try {\n" + bad + "\n} catch (e) { return $.flow.exit('bad'); }"
    assert scan_node(write_tree, tmp_path / "c", caught, ["SG303"]) == []


# -- SG304 -------------------------------------------------------------------------------------


def test_hard_coded_expected_key_is_flagged_and_redacted(write_tree, tmp_path):
    body = f"""
if (steps.trigger.event.headers["x-api-key"] !== "{HOOK_SECRET}") {{
  await $.respond({{ status: 401 }});
  return $.flow.exit("unauthorized");
}}
"""
    found = scan_node(write_tree, tmp_path, body, ["SG302", "SG304"])
    assert ids(found) == ["SG304"]
    f = found[0]
    assert f.severity is Severity.HIGH
    assert HOOK_SECRET not in f.evidence and HOOK_SECRET not in f.message, (
        "secret leaked into the finding"
    )
    assert "chars, fp" in f.evidence


def test_hard_coded_python_token(write_tree, tmp_path):
    body = f"""
token = pd.steps["trigger"]["event"]["query"].get("token")
if token != "{HOOK_SECRET}":
    return pd.flow.exit("unauthorized")
"""
    found = scan_py(write_tree, tmp_path, body, ["SG304"])
    assert ids(found) == ["SG304"]
    assert HOOK_SECRET not in f"{found[0].evidence}{found[0].message}{found[0].extra}", (
        "secret leaked"
    )


# -- SG305 -------------------------------------------------------------------------------------


def test_bare_flow_exit(write_tree, tmp_path):
    body = """
const token = steps.trigger.event.headers.authorization;
if (!safeCompare(token, process.env.TOKEN)) {
  $.flow.exit("unauthorized");
}
await axios.post("https://api.example.com", steps.trigger.event.body);
"""
    found = scan_node(write_tree, tmp_path, body, ["SG305"])
    assert ids(found) == ["SG305"] and "without `return`" in found[0].message and found[0].line == 5


def test_failure_branch_that_only_logs(write_tree, tmp_path):
    body = """
const valid = verifySignature(steps.trigger.event.headers["x-signature"], process.env.SECRET);
if (!valid) {
  console.log("Invalid signature");
}
"""
    found = scan_node(write_tree, tmp_path, body, ["SG305"])
    assert ids(found) == ["SG305"] and "neither returns" in found[0].message


def test_token_refresh_branch_is_not_a_failure_path(write_tree, tmp_path):
    body = """
let token = this.app.$auth.oauth_access_token;
if (!token) {
  token = await refresh();
}
"""
    assert scan_node(write_tree, tmp_path, body, ["SG305"]) == []


def test_failure_branch_responding_200(write_tree, tmp_path):
    body = """
if (steps.trigger.event.headers["x-api-key"] !== process.env.KEY) {
  await $.respond({ status: 200, body: "ok" });
  return $.flow.exit("ignored");
}
"""
    found = scan_node(write_tree, tmp_path, body, ["SG305"])
    assert ids(found) == ["SG305"] and "responds 200" in found[0].message


def test_plain_return_in_a_multi_step_workflow(write_tree, tmp_path):
    gate = """
if (!safeCompare(steps.trigger.event.headers.authorization, process.env.TOKEN)) {
  await $.respond({ status: 401 });
  return;
}
"""
    work = "await axios.post('https://api.example.com', steps.trigger.event.body);"
    root = write_tree(
        sync_files([("auth", node_step(gate)), ("work", node_step(work))]), tmp_path / "w"
    )
    found = run_rules(root, ["SG305", "SG301"])
    assert ids(found) == ["SG305"]  # counted as a gate for SG301, flagged here
    assert "ends only this step" in found[0].message
    single = write_tree(sync_files([("auth", node_step(gate + work))]), tmp_path / "s")
    assert run_rules(single, ["SG305"]) == []


def test_python_bare_exit(write_tree, tmp_path):
    body = """
if pd.steps["trigger"]["event"]["headers"].get("x-api-key") != os.environ["KEY"]:
    pd.flow.exit("unauthorized")
requests.post("https://api.acme.io/orders", json=pd.steps["trigger"]["event"]["body"])
"""
    assert ids(scan_py(write_tree, tmp_path, body, ["SG305"])) == ["SG305"]


def test_bare_exit_with_nothing_after_it_is_harmless(write_tree, tmp_path):
    """The workflow ends when the step does (Pipedream staff, community thread "What could be
    preventing this workflow from terminating"): with no effect after the exit, nothing runs."""
    body = """
if pd.steps["trigger"]["event"]["headers"].get("x-api-key") != os.environ["KEY"]:
    pd.flow.exit("unauthorized")
now = int(time.time())
"""
    assert scan_py(write_tree, tmp_path, body, ["SG305"]) == []


# -- SG306 -------------------------------------------------------------------------------------


def test_capitalised_header_names(write_tree, tmp_path):
    body = """
const sig = steps.trigger.event.headers["X-Hub-Signature-256"];
const auth = steps.trigger.event.headers.Authorization;
const ok = steps.trigger.event.headers["content-type"];
"""
    found = scan_node(write_tree, tmp_path, body, ["SG306"])
    assert ids(found) == ["SG306", "SG306"]
    by_repl = {f.extra["replacement"]: f for f in found}
    assert set(by_repl) == {"x-hub-signature-256", "authorization"}
    f = by_repl["x-hub-signature-256"]
    assert f.fix is not None and f.fix.kind == "lowercase-header"
    assert f.severity is Severity.HIGH
    # the finding's span is exactly the key text, so a span-replace fixer can apply it
    source = (tmp_path / "n" / "step.mjs").read_bytes()
    assert source[f.start_byte : f.end_byte] == b"X-Hub-Signature-256"
    a = by_repl["authorization"]
    assert source[a.start_byte : a.end_byte] == b"Authorization"


def test_capitalised_header_python_get(write_tree, tmp_path):
    body = """
headers = pd.steps["trigger"]["event"]["headers"]
key = headers.get("X-Api-Key")
"""
    found = scan_py(write_tree, tmp_path, body, ["SG306"])
    assert ids(found) == ["SG306"] and found[0].extra["replacement"] == "x-api-key"
    source = (tmp_path / "p" / "step.py").read_bytes()
    assert source[found[0].start_byte : found[0].end_byte] == b"X-Api-Key"


def test_outgoing_request_headers_are_not_flagged(write_tree, tmp_path):
    body = """
const headers = { Authorization: `Bearer ${this.app.$auth.oauth_access_token}` };
const res = await axios.get("https://api.example.com", { headers });
const type = res.headers["Content-Type"];
"""
    assert scan_node(write_tree, tmp_path, body, ["SG306"]) == []


# -- SG307 -------------------------------------------------------------------------------------


def test_async_verifier_without_await(write_tree, tmp_path):
    code = """async function verifySignature(event) {
  const key = await getKey();
  return crypto.timingSafeEqual(Buffer.from(event.headers["x-signature"]), Buffer.from(key));
}
export default defineComponent({
  async run({ steps, $ }) {
    if (!verifySignature(steps.trigger.event)) {
      return $.flow.exit("bad");
    }
    if (!(await verifySignature(steps.trigger.event))) {
      return $.flow.exit("bad");
    }
  },
});
"""
    found = run_rules(write_tree({"s.mjs": code}, tmp_path / "a"), ["SG307"])
    assert ids(found) == ["SG307"] and found[0].line == 7
    assert found[0].extra["replacement"] == "(await verifySignature(steps.trigger.event))"


# -- SG308 -------------------------------------------------------------------------------------


def test_logging_the_signing_secret_in_verification_code(write_tree, tmp_path):
    body = """
const signingSecret = process.env.SIGNING_SECRET;
const expected = crypto.createHmac("sha256", signingSecret)
  .update(steps.trigger.event.body.raw).digest("hex");
console.log("verifying with", signingSecret, expected.length);
console.log("signature check done");
"""
    found = scan_node(write_tree, tmp_path, body, ["SG308"])
    assert (
        ids(found) == ["SG308"]
        and found[0].severity is Severity.HIGH
        and "signingSecret" in found[0].message
    )


def test_logging_outside_verification_code_is_left_to_the_logging_rules(write_tree, tmp_path):
    body = """
const token = this.app.$auth.oauth_access_token;
console.log(token);
"""
    assert scan_node(write_tree, tmp_path, body, ["SG308"]) == []
