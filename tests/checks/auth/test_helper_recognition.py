"""Checks written with the step's own helpers (issue 15 item 1): helpers that end the workflow,
verifiers reading the provider's header through a helper, predicate callbacks, helper
parameters, and the download of Pipedream's raw body. Each class with a flawed counterpart
that must still be reported."""

from __future__ import annotations

from pathlib import Path

from tests.checks.auth.helpers import ids, node_step, py_step, run_rules, sync_files

FOLDER = "proj/incoming-p_AbC123"
WORK = node_step('await fetch("https://api.acme.dev/x", { method: "POST", body: "1" });')


def _scan(write_tree, tmp_path: Path, check: str, select: list[str], **kw: object):
    python = {"check"} if check.startswith("def handler") else set()
    files = sync_files([("check", check), ("work", WORK)], python=python, **kw)  # type: ignore[arg-type]
    return run_rules(write_tree(files, tmp_path / "t"), select)


JS_REJECT_EXITS = """
async function reject($, why) {
  await $.respond({ status: 401, body: "unauthorized" });
  return $.flow.exit(why);
}
"""
JS_REJECT_RESPONDS = """
async function reject($, why) {
  await $.respond({ status: 401, body: "unauthorized" });
}
"""
JS_CHECK = """
const token = steps.trigger.event.headers["x-api-key"];
if (!crypto.timingSafeEqual(Buffer.from(token), Buffer.from(process.env.API_KEY))) {
  return reject($, "bad key");
}
"""


def _js(helper: str) -> str:
    return 'import crypto from "crypto";\n' + node_step(JS_CHECK) + helper


def test_return_of_a_helper_that_exits_ends_the_workflow(write_tree, tmp_path):
    assert ids(_scan(write_tree, tmp_path, _js(JS_REJECT_EXITS), ["SG301", "SG305"])) == []


def test_return_of_a_helper_that_only_responds_still_reported(write_tree, tmp_path):
    assert "SG305" in ids(_scan(write_tree, tmp_path, _js(JS_REJECT_RESPONDS), ["SG305"]))


PY_CHECK = """
import hmac, os
token = pd.steps["trigger"]["event"]["headers"].get("x-api-key", "")
if not hmac.compare_digest(token, os.environ["API_KEY"]):
    return reject(pd, "bad key")
"""


def test_python_helper_that_exits(write_tree, tmp_path):
    helper = (
        '\n\ndef reject(pd, why):\n    pd.respond({"status": 401})\n    return pd.flow.exit(why)\n'
    )
    found = _scan(write_tree, tmp_path, py_step(PY_CHECK) + helper, ["SG301", "SG305"])
    assert ids(found) == []
    helper = '\n\ndef reject(pd, why):\n    pd.respond({"status": 401})\n    return why\n'
    found = _scan(write_tree, tmp_path / "flawed", py_step(PY_CHECK) + helper, ["SG305"])
    assert ids(found) == ["SG305"]


DISCORD_VIA_HELPER = """import crypto from "crypto";
export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const key = crypto.createPublicKey(process.env.DISCORD_PUBLIC_KEY);
    const given = Buffer.from(getHeader(event, "x-signature-ed25519") || "", "hex");
    const stamp = getHeader(event, "x-signature-timestamp") || "";
    const data = Buffer.concat([Buffer.from(stamp), Buffer.from(event.bodyRaw || "")]);
    let valid = false;
    try {
      valid = [given].some((sig) => crypto.verify(null, data, key, sig));
    } catch {
      valid = false;
    }
    if (!valid) return $.flow.exit("bad signature");
  },
});
function getHeader(event, name) {
  return event.headers[name];
}
"""


def test_signature_header_read_through_a_helper_and_checked_in_a_callback(write_tree, tmp_path):
    found = _scan(write_tree, tmp_path, DISCORD_VIA_HELPER, ["SG401"], name="Discord interactions")
    assert ids(found) == []


def test_unchecked_verification_result_still_reported(write_tree, tmp_path):
    unverified = DISCORD_VIA_HELPER.replace("if (!valid)", "if (valid === null)")
    found = _scan(write_tree, tmp_path, unverified, ["SG401"], name="Discord interactions")
    assert ids(found) == ["SG401"]


PY_ALG = """
import hashlib, hmac, os
algorithm = pd.steps["trigger"]["event"]["headers"].get("x-alg")
if algorithm != "sha256":
    return pd.flow.exit("unsupported")
sig = pd.steps["trigger"]["event"]["headers"].get("x-signature", "")
if not hmac.compare_digest(sig, mac(%s, os.environ["KEY"].encode(), b"body")):
    return pd.flow.exit("bad signature")
"""
PY_MAC = (
    "\n\ndef mac(algorithm, key, body):\n    return hmac.new(key, body, algorithm).hexdigest()\n"
)


def test_helper_parameter_named_like_a_request_variable(write_tree, tmp_path):
    fixed = _scan(write_tree, tmp_path, py_step(PY_ALG % '"sha256"') + PY_MAC, ["SG404"])
    assert ids(fixed) == []
    chosen = _scan(write_tree, tmp_path / "b", py_step(PY_ALG % "algorithm") + PY_MAC, ["SG404"])
    assert ids(chosen) == ["SG404"]


RAW_BODY = """import crypto from "crypto";
export default defineComponent({
  async run({ steps, $ }) {
    const event = steps.trigger.event;
    const raw = await download(event);
    const given = Buffer.from(event.headers["x-signature"] || "", "hex");
    const expected = crypto.createHmac("sha256", process.env.KEY).update(raw).digest();
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      return $.flow.exit("bad signature");
    }
  },
});
async function download(event) {
  const url = event.body.%s;
  const response = await fetch(new URL(url));
  return Buffer.from(await response.arrayBuffer());
}
"""


def test_downloading_the_raw_body_is_not_work(write_tree, tmp_path):
    found = _scan(write_tree, tmp_path, RAW_BODY % "raw_body_url", ["SG301"])
    assert ids(found) == []
    found = _scan(write_tree, tmp_path / "b", RAW_BODY % "callback_url", ["SG301"])
    assert ids(found) == ["SG301"]


SG303_STEP = """
const given = steps.trigger.event.headers["x-api-key"] || "";
const digest = (t) => crypto.createHash("sha256").update(String(t)).digest();
if (!crypto.timingSafeEqual(%s, digest(process.env.API_KEY))) {
  return $.flow.exit("bad key");
}
"""


def test_digests_of_one_algorithm_have_equal_lengths(write_tree, tmp_path):
    equal = 'import crypto from "crypto";\n' + node_step(SG303_STEP % "digest(given)")
    assert ids(_scan(write_tree, tmp_path, equal, ["SG303"])) == []
    raw = 'import crypto from "crypto";\n' + node_step(SG303_STEP % "Buffer.from(given)")
    assert ids(_scan(write_tree, tmp_path / "b", raw, ["SG303"])) == ["SG303"]
