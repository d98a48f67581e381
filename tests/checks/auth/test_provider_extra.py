"""SG302 and SG402 name the provider whose signature header the step reads (and only then)."""

from __future__ import annotations

from checks.auth.providers import provider_for_headers
from tests.checks.auth.helpers import ids, node_step, run_rules

GITHUB_FLAWED = """
const received = steps.trigger.event.headers["x-hub-signature-256"];
const expected = "sha256=" + crypto.createHmac("sha256", process.env.GITHUB_WEBHOOK_SECRET)
  .update(JSON.stringify(steps.trigger.event.body)).digest("hex");
if (received !== expected) {
  return $.flow.exit("bad signature");
}
"""


def test_github_step_findings_carry_the_github_provider(write_tree, tmp_path):
    root = write_tree({"verify.mjs": node_step(GITHUB_FLAWED)}, tmp_path / "a")
    found = run_rules(root, ["SG302", "SG402"])
    assert sorted(ids(found)) == ["SG302", "SG402"]
    for f in found:
        assert f.extra["provider"] == "github" and f.extra["snippet"] == "github"


def test_unknown_header_gives_no_provider(write_tree, tmp_path):
    code = GITHUB_FLAWED.replace("x-hub-signature-256", "x-my-signature")
    found = run_rules(
        write_tree({"verify.mjs": node_step(code)}, tmp_path / "a"), ["SG302", "SG402"]
    )
    assert sorted(ids(found)) == ["SG302", "SG402"]
    assert all("provider" not in f.extra and "snippet" not in f.extra for f in found)


def test_provider_for_headers_is_unambiguous_only():
    assert provider_for_headers(["X-Hub-Signature-256"]).name == "github"
    assert provider_for_headers(["stripe-signature", "content-type"]).name == "stripe"
    assert provider_for_headers(["stripe-signature", "x-hub-signature-256"]) is None
    assert provider_for_headers(["content-type"]) is None
