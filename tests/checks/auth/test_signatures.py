"""SG402-SG404: signature computations over the wrong bytes, without a freshness check, or with an
algorithm chosen by the request."""

from __future__ import annotations

from tests.checks.auth.helpers import ids, node_step, py_step, run_rules

SLACK_OK = """
const ts = steps.trigger.event.headers["x-slack-request-timestamp"];
if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) {
  return $.flow.exit("stale request");
}
const base = `v0:${ts}:${steps.trigger.event.bodyRaw}`;
const mine = "v0=" + crypto.createHmac("sha256", process.env.SLACK_SIGNING_SECRET)
  .update(base).digest("hex");
const theirs = steps.trigger.event.headers["x-slack-signature"] || "";
if (mine.length !== theirs.length
    || !crypto.timingSafeEqual(Buffer.from(mine), Buffer.from(theirs))) {
  await $.respond({ status: 401 });
  return $.flow.exit("bad signature");
}
"""


def scan(write_tree, root, files, select):
    return run_rules(write_tree(files, root), select)


def test_correct_slack_verification_has_no_findings(write_tree, tmp_path):
    assert (
        scan(write_tree, tmp_path / "a", {"verify.mjs": node_step(SLACK_OK)}, ["SG3", "SG4"]) == []
    )


def test_missing_timestamp_check(write_tree, tmp_path):
    body = "\n".join(
        line for line in SLACK_OK.splitlines()[1:] if "Date.now" not in line and "stale" not in line
    )
    body = 'const ts = steps.trigger.event.headers["x-slack-request-timestamp"];\n' + body.replace(
        "}\n", "", 1
    )
    found = scan(write_tree, tmp_path / "a", {"verify.mjs": node_step(body)}, ["SG403"])
    assert ids(found) == ["SG403"]
    assert "Slack: within 300 s" in found[0].message and found[0].extra["tolerance"] == 300


def test_timestamp_check_in_python(write_tree, tmp_path):
    code = py_step("""
import hmac, hashlib, os, time
h = pd.steps["trigger"]["event"]["headers"]
ts = h["x-zm-request-timestamp"]
msg = f"v0:{ts}:{pd.steps['trigger']['event']['body']['raw']}"
key = os.environ["ZOOM_SECRET"].encode()
mine = "v0=" + hmac.new(key, msg.encode(), hashlib.sha256).hexdigest()
if not hmac.compare_digest(mine, h.get("x-zm-signature", "")):
    return pd.flow.exit("bad")
""")
    found = scan(write_tree, tmp_path / "a", {"zoom.py": code}, ["SG403"])
    assert ids(found) == ["SG403"]
    fresh = code.replace(
        'ts = h["x-zm-request-timestamp"]',
        'ts = h["x-zm-request-timestamp"]\n'
        "    if abs(time.time() - int(ts)) > 300:\n"
        '        return pd.flow.exit("stale")',
    )
    assert scan(write_tree, tmp_path / "b", {"zoom.py": fresh}, ["SG403"]) == []


def test_hmac_over_json_stringify_of_body(write_tree, tmp_path):
    body = """
const digest = crypto.createHmac("sha256", process.env.SHOPIFY_SECRET)
  .update(JSON.stringify(steps.trigger.event.body), "utf8")
  .digest("base64");
"""
    found = scan(write_tree, tmp_path / "a", {"s.mjs": node_step(body)}, ["SG402"])
    assert ids(found) == ["SG402"] and found[0].evidence.startswith(
        "JSON.stringify(steps.trigger.event.body)"
    )
    raw = body.replace("JSON.stringify(steps.trigger.event.body)", "steps.trigger.event.bodyRaw")
    assert scan(write_tree, tmp_path / "b", {"s.mjs": node_step(raw)}, ["SG402"]) == []


def test_hmac_over_reserialised_json_through_a_variable(write_tree, tmp_path):
    body = """
const payload = JSON.stringify(steps.trigger.event.body);
const h = crypto.createHmac("sha256", process.env.SECRET);
h.update(payload);
const mine = h.digest("hex");
"""
    assert ids(scan(write_tree, tmp_path / "a", {"s.mjs": node_step(body)}, ["SG402"])) == ["SG402"]


def test_python_json_dumps_of_body(write_tree, tmp_path):
    code = py_step("""
import hmac, hashlib, json, os
body = pd.steps["trigger"]["event"]["body"]
key = os.environ["SECRET"].encode()
mine = hmac.new(key, json.dumps(body).encode(), hashlib.sha256).hexdigest()
""")
    found = scan(write_tree, tmp_path / "a", {"p.py": code}, ["SG402"])
    assert ids(found) == ["SG402"] and found[0].evidence.startswith("json.dumps(body)")


def test_json_stringify_for_something_else_is_fine(write_tree, tmp_path):
    body = """
const mine = crypto.createHmac("sha256", process.env.SECRET)
  .update(steps.trigger.event.bodyRaw).digest("hex");
await axios.post(process.env.URL, JSON.stringify(steps.trigger.event.body));
"""
    assert scan(write_tree, tmp_path / "a", {"s.mjs": node_step(body)}, ["SG402"]) == []


def test_algorithm_from_request_header(write_tree, tmp_path):
    body = """
const alg = steps.trigger.event.headers["x-alg"] || "sha256";
const mine = crypto.createHmac(alg, process.env.SECRET)
  .update(steps.trigger.event.bodyRaw).digest("hex");
"""
    found = scan(write_tree, tmp_path / "a", {"s.mjs": node_step(body)}, ["SG404"])
    assert ids(found) == ["SG404"] and found[0].evidence == "alg"
    fixed = body.replace("createHmac(alg", 'createHmac("sha256"')
    assert scan(write_tree, tmp_path / "b", {"s.mjs": node_step(fixed)}, ["SG404"]) == []


def test_python_algorithm_from_request(write_tree, tmp_path):
    code = py_step("""
import hmac, hashlib, os
h = pd.steps["trigger"]["event"]["headers"]
mine = hmac.new(os.environ["K"].encode(), b"x", getattr(hashlib, h["x-signature-alg"])).hexdigest()
""")
    assert ids(scan(write_tree, tmp_path / "a", {"p.py": code}, ["SG404"])) == ["SG404"]
