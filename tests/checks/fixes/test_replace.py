"""Span-replacement fixes (SG305 return, SG306 header case, SG307 await) end to end."""

from __future__ import annotations

from pathlib import Path

from checks.engine import ScanOptions, scan
from checks.fixes import replace
from checks.fixes.journal import undo

STEP = """import crypto from "crypto";

export default defineComponent({
  async run({ steps, $ }) {
    const sig = steps.trigger.event.headers["X-Hub-Signature-256"];
    const expected = "sha256=" + crypto.createHmac("sha256", process.env.GH_SECRET)
      .update(steps.trigger.event.bodyRaw).digest("hex");
    const a = Buffer.from(sig), b = Buffer.from(expected);
    if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) {
      await $.respond({ status: 401, body: "no" });
      $.flow.exit("bad signature");
    }
    return steps.trigger.event.body;
  },
});
"""


def _findings(root: Path, rule: str) -> list:
    return [
        f for f in scan([root], ScanOptions(select=[rule])).findings if replace.is_replaceable(f)
    ]


def test_header_case_fix_round_trip(write_tree) -> None:
    root = write_tree({"gh.mjs": STEP})
    (f,) = _findings(root, "SG306")
    diff = replace.preview(f)
    assert '-    const sig = steps.trigger.event.headers["X-Hub-Signature-256"];' in diff
    assert '+    const sig = steps.trigger.event.headers["x-hub-signature-256"];' in diff
    replace.apply(root, f)
    assert (root / "gh.mjs").read_text() == STEP.replace(
        "X-Hub-Signature-256", "x-hub-signature-256"
    )
    assert _findings(root, "SG306") == []
    undo(root)
    assert (root / "gh.mjs").read_text() == STEP


def test_bare_exit_gets_return(write_tree) -> None:
    root = write_tree({"gh.mjs": STEP})
    (f,) = _findings(root, "SG305")
    replace.apply(root, f)
    assert (root / "gh.mjs").read_text() == STEP.replace(
        '      $.flow.exit("bad signature");', '      return $.flow.exit("bad signature");'
    )
    assert _findings(root, "SG305") == []
