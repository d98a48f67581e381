"""SG601-SG604 through the real engine: messages, severities, extra, evidence and fixes."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest

from checks.engine import ScanOptions, scan
from checks.model import Category, Severity
from checks.redact import redact
from checks.rulebase import all_rules

STEP = """import axios from "axios";

export default defineComponent({
  props: { slack: { type: "app", app: "slack" } },
  async run({ steps, $ }) {
    const key = process.env.STRIPE_KEY;
    console.log(key);
    const { headers } = steps.trigger.event;
    console.log("headers", headers);
    console.log(headers.authorization);
    $.export("event", steps.trigger.event);
    try {
      await axios.post("https://slack.com/api/chat.postMessage", {}, {
        headers: { Authorization: `Bearer ${this.slack.$auth.oauth_access_token}` },
      });
    } catch (err) {
      console.error(err);
    }
    return { ok: true, token: this.slack.$auth.oauth_access_token };
  },
});
"""


def _scan(root: Path) -> list:
    return scan([root], ScanOptions(select=["logging"])).findings


def test_rules_registered() -> None:
    rules = {r.id: r for r in all_rules() if r.id.startswith("SG6")}
    assert set(rules) >= {"SG601", "SG602", "SG603", "SG604"}
    assert all(r.category is Category.LOGGING and r.scope == "step" for r in rules.values())


def test_node_step_findings(tmp_path: Path) -> None:
    (tmp_path / "step.mjs").write_text(STEP, encoding="utf-8")
    got = {
        (f.rule, f.line, f.severity, f.extra["source"], f.extra["sink"]) for f in _scan(tmp_path)
    }
    assert got == {
        ("SG601", 7, Severity.HIGH, "process.env.STRIPE_KEY", "console.log"),
        ("SG602", 9, Severity.MEDIUM, "steps.trigger.event.headers", "console.log"),
        ("SG602", 10, Severity.HIGH, "steps.trigger.event.headers.authorization", "console.log"),
        ("SG603", 11, Severity.MEDIUM, "steps.trigger.event", "$.export"),
        ("SG604", 17, Severity.MEDIUM, "err (error of axios.post on line 13)", "console.error"),
        ("SG601", 19, Severity.HIGH, "this.slack.$auth.oauth_access_token", "return"),
    }


def test_message_extra_and_fix(tmp_path: Path) -> None:
    (tmp_path / "step.mjs").write_text(STEP, encoding="utf-8")
    by_line = {f.line: f for f in _scan(tmp_path)}
    f = by_line[7]
    assert f.message == (
        "`process.env.STRIPE_KEY` (secret env var) reaches `console.log` on line 7 — "
        "Pipedream stores step logs"
    )
    assert f.extra == {
        "source": "process.env.STRIPE_KEY",
        "sink": "console.log",
        "source_kind": "secret-env",
        "sink_kind": "log",
    }
    assert f.evidence == "console.log(key);"
    assert f.fix is not None and f.fix.kind == "logging" and f.fix.summary == "mask the value"
    assert by_line[9].fix is not None and by_line[9].fix.summary == "log the object's keys only"
    assert by_line[17].fix is not None and by_line[17].fix.summary == "log the error's message only"
    # exports and return values change what later steps see: no mechanical fix
    assert by_line[11].fix is None and by_line[19].fix is None
    assert "return value is stored" in by_line[19].message


def test_fingerprints_survive_line_moves(tmp_path: Path) -> None:
    (tmp_path / "step.mjs").write_text(STEP, encoding="utf-8")
    before = {f.fingerprint for f in _scan(tmp_path)}
    moved = STEP.replace("  async run({ steps, $ }) {\n", "  async run({ steps, $ }) {\n\n\n")
    (tmp_path / "step.mjs").write_text(moved, encoding="utf-8")
    assert {f.fingerprint for f in _scan(tmp_path)} == before


def _fake_token() -> str:
    rnd = random.Random(1234)
    return "ghp_" + "".join(rnd.choice(string.ascii_letters + string.digits) for _ in range(36))


def test_literal_secret_is_redacted(tmp_path: Path) -> None:
    token = _fake_token()
    code = (
        "export default defineComponent({\n"
        "  async run({ steps, $ }) {\n"
        f'    const token = "{token}";\n'
        f'    console.log("using", token, "{token}");\n'
        "  },\n"
        "});\n"
    )
    (tmp_path / "step.mjs").write_text(code, encoding="utf-8")
    findings = [f for f in _scan(tmp_path) if f.rule == "SG601"]
    assert len(findings) == 2, "both the variable and the inline literal reach the log"
    for f in findings:
        blob = " ".join([f.message, f.evidence, repr(f.extra), f.fingerprint_key])
        leaked = token in blob  # computed first so a failure cannot print the value
        assert not leaked, "secret value leaked into a finding"
        assert redact(token) in f.message
        assert f.extra["source_kind"] == "secret-literal"
        assert f.fix is None  # the secrets migration is the fix; never copy the literal around
    assert redact(token) in findings[0].evidence


def test_python_step(tmp_path: Path) -> None:
    code = (
        "import os\n"
        "\n"
        'def handler(pd: "pipedream"):\n'
        '    headers = pd.steps["trigger"]["event"]["headers"]\n'
        '    print(headers.get("x-hub-signature-256"))\n'
        '    pd.export("creds", pd.inputs["github"]["$auth"])\n'
        '    print(headers.get("content-type"), len(os.environ["API_KEY"]))\n'
        '    return pd.steps["trigger"]["event"]\n'
    )
    (tmp_path / "step.py").write_text(code, encoding="utf-8")
    got = {(f.rule, f.line, f.severity) for f in _scan(tmp_path)}
    assert got == {
        ("SG602", 5, Severity.HIGH),
        ("SG601", 6, Severity.HIGH),
        ("SG603", 8, Severity.MEDIUM),
    }


HTTP_SOURCE = """export default {
  key: "my-webhook",
  type: "source",
  props: { http: { type: "$.interface.http", customResponse: true } },
  async run(event) {
    console.log(event);
    console.log(event.headers["x-signature"]);
    console.log(event.body, event.method);
  },
};
"""


def test_http_source_event_param(tmp_path: Path) -> None:
    (tmp_path / "source.mjs").write_text(HTTP_SOURCE, encoding="utf-8")
    got = {(f.rule, f.line) for f in _scan(tmp_path)}
    assert got == {("SG603", 6), ("SG602", 7)}


def test_other_source_reports_headers_not_the_event(tmp_path: Path) -> None:
    code = HTTP_SOURCE.replace(
        'http: { type: "$.interface.http", customResponse: true }', 'db: "$.service.db"'
    )
    (tmp_path / "source.mjs").write_text(code, encoding="utf-8")
    got = {(f.rule, f.line) for f in _scan(tmp_path)}
    assert got == {("SG602", 7)}


def test_analysis_runs_once_per_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import checks.rules.logging as logging_rules

    calls = []
    real = logging_rules.analyze

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(logging_rules, "analyze", counting)
    (tmp_path / "step.mjs").write_text(STEP, encoding="utf-8")
    assert len(_scan(tmp_path)) == 6
    assert len(calls) == 1


def test_partial_and_unparseable_code(tmp_path: Path) -> None:
    # tree-sitter recovers: the complete statement before the error is still analysed
    (tmp_path / "broken.mjs").write_text(
        "export default { async run({ steps }) {\n"
        "  console.log(process.env.API_KEY);\n"
        "  console.log(process.env.OTHER_TOKEN",
        encoding="utf-8",
    )
    # Python that does not parse has no tree: no findings, no crash
    (tmp_path / "broken.py").write_text(
        "def handler(pd):\n    print(os.environ['API_KEY']\n", encoding="utf-8"
    )
    result = scan([tmp_path], ScanOptions(select=["logging"]))
    assert ("SG601", "broken.mjs", 2) in {(f.rule, f.path, f.line) for f in result.findings}
    assert not [f for f in result.findings if f.path == "broken.py"]
    assert {s.path for s in result.skipped} == {"broken.mjs", "broken.py"}


def test_typescript_step(tmp_path: Path) -> None:
    (tmp_path / "step.ts").write_text(
        "export default defineComponent({\n"
        "  async run({ steps, $ }: { steps: any; $: any }) {\n"
        "    const key = process.env.API_KEY as string;\n"
        "    const headers = <Record<string, string>>steps.trigger.event.headers;\n"
        '    console.log(key!, (headers as any)["x-api-key"]);\n'
        '    console.log(headers["accept"]);\n'
        "  },\n"
        "});\n",
        encoding="utf-8",
    )
    got = {(f.rule, f.line, f.extra["source"]) for f in _scan(tmp_path)}
    assert got == {
        ("SG601", 5, "process.env.API_KEY"),
        ("SG602", 5, "steps.trigger.event.headers.x-api-key"),
    }
