"""Rules added for issue 13 reach the wizard's generic panel with their fix text."""

from __future__ import annotations

from pathlib import Path

from checks.engine import ScanOptions, scan
from screens.fixers import panel_kind

STEP = """export default defineComponent({
  async run({ steps, $ }) {
    console.log(`signup ${steps.trigger.event.body.email}`);
    await fetch(steps.trigger.event.body.callback_url, { method: "POST" });
  },
});
"""


def test_new_rules_are_shown_with_their_fix(tmp_path: Path) -> None:
    (tmp_path / "step.mjs").write_text(STEP, encoding="utf-8")
    findings = scan([tmp_path], ScanOptions(select=["SG204", "SG605"])).findings
    assert sorted(f.rule for f in findings) == ["SG204", "SG605"]
    for f in findings:
        assert panel_kind(f) == "generic"
        assert f.fix is not None and f.fix.kind == "manual" and len(f.fix.summary) > 20


SOURCE = """import crypto from "crypto";
import axios from "axios";
export default {
  type: "source",
  props: { http: "$.interface.http", secret: { type: "string" } },
  methods: {
    generateSecret() {
      return "" + Math.random();
    },
    check(timestamp, signature) {
      const digest = crypto.createHash("sha256").update(`${this.secret}${timestamp}`).digest("hex");
      if (signature !== digest) {
        this.http.respond({ status: 401, headers: { expected: digest } });
        throw new Error("bad");
      }
    },
  },
  async run(event) {
    this.db.set("secret", event.headers["x-hook-secret"]);
    this.check(event.headers["x-acme-timestamp"], event.headers["x-acme-signature"]);
    const headers = { Authorization: this.secret };
    const r = await axios.get("https://api.example.com/me", { headers });
    console.log(r);
    this.$emit(event.body);
  },
};
"""


def test_issue13_rules_are_shown_with_their_fix(tmp_path: Path) -> None:
    (tmp_path / "source.mjs").write_text(SOURCE, encoding="utf-8")
    findings = scan([tmp_path], ScanOptions(select=["SG309", "SG310", "SG405", "SG406", "SG606"]))
    findings = findings.findings
    assert sorted(f.rule for f in findings) == ["SG309", "SG310", "SG405", "SG406", "SG606"]
    for f in findings:
        assert panel_kind(f) == "generic"
        assert f.fix is not None and f.fix.kind == "manual" and len(f.fix.summary) > 20
