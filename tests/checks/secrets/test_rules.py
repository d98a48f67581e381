"""SG101-SG105 through the real engine: the finding contract the migration service relies on."""

from __future__ import annotations

import random
from pathlib import Path

from checks.engine import ScanOptions, scan
from checks.model import Category
from checks.redact import redact, secret_fingerprint
from checks.rulebase import get_rule
from tests.checks.secrets.corpus_values import FORMATS, pem

FIX = "Move the value into a keyring-backed environment variable (`stepguard secrets migrate`)"


def _step(values: dict[str, str]) -> str:
    return f'''import axios from "axios";

export default defineComponent({{
  async run({{ steps, $ }}) {{
    const stripeKey = "{values["stripe"]}";
    const apiSecret = "{values["generic"]}";
    const pem = `{values["pem"]}`;
    const db = "postgres://etl:{values["password"]}@db.acme.io/app";
    const headers = {{ Authorization: "Bearer {values["bearer"]}" }};
    return axios.get("https://api.acme.io/x", {{ headers }});
  }},
}});
'''


def _values(seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    return {
        "stripe": FORMATS["stripe-live-key"](rng),
        "generic": FORMATS["generic-secret"](rng),
        "pem": pem(rng),
        "password": FORMATS["url-password"](rng),
        "bearer": FORMATS["bearer-token"](rng),
    }


def test_rules_are_registered_with_the_migrate_fix() -> None:
    for rule_id in ("SG101", "SG102", "SG103", "SG104", "SG105"):
        r = get_rule(rule_id)
        assert r.category is Category.SECRET
        assert r.fix == FIX and r.fix_kind == "migrate-secret"
        assert r.explanation and r.title


def test_each_kind_reports_its_rule_with_the_contract(tmp_path: Path) -> None:
    values = _values(1)
    path = tmp_path / "step.mjs"
    path.write_text(_step(values), encoding="utf-8")
    data = path.read_bytes()
    result = scan([tmp_path], ScanOptions(select=["secret"]))
    by_rule = {f.rule: f for f in result.findings}
    assert set(by_rule) == {"SG101", "SG102", "SG103", "SG104", "SG105"}
    expected = {
        "SG101": "stripe",
        "SG102": "generic",
        "SG103": "pem",
        "SG104": "password",
        "SG105": "bearer",
    }
    for rule_id, key in expected.items():
        f = by_rule[rule_id]
        value = values[key]
        assert data[f.start_byte : f.end_byte] == value.encode(), (
            f"{rule_id}: span is not the value"
        )
        assert f.evidence == redact(value)
        assert value not in f.message and value not in f.evidence
        assert set(f.extra) == {"provider", "detector", "env_name", "secret_id", "live"}
        assert f.extra["secret_id"] == secret_fingerprint(value)
        # The baseline key names the kind and place, not the (keyed) value id: baselines match
        # on machines with another fingerprint key.
        assert f.fingerprint_key.startswith(f.extra["detector"] + "|")
        assert f.extra["secret_id"] not in f.fingerprint_key
        assert f.fix is not None and f.fix.kind == "migrate-secret"
        assert f.abs_path == path.resolve() or f.abs_path == path
    assert by_rule["SG101"].severity.label == "critical" and by_rule["SG101"].extra["live"] is True
    assert by_rule["SG101"].extra["env_name"] == "STRIPE_KEY"


def test_same_secret_in_two_workflows_shares_its_id(tmp_path: Path) -> None:
    values = _values(2)
    for name in ("a.mjs", "b.mjs"):
        (tmp_path / name).write_text(_step(values), encoding="utf-8")
    result = scan([tmp_path], ScanOptions(select=["SG101"]))
    ids = {f.path: f.extra["secret_id"] for f in result.findings}
    assert set(ids) == {"a.mjs", "b.mjs"} and len(set(ids.values())) == 1


def test_suppression_comment_hides_a_secret(tmp_path: Path) -> None:
    gh = FORMATS["github-pat"](random.Random(3))
    (tmp_path / "s.mjs").write_text(
        f'const a = "{gh}"; // stepguard: ignore[SG101]\n\nconst b = "{gh[:-1]}Q";\n',
        encoding="utf-8",
    )
    result = scan([tmp_path], ScanOptions(select=["SG101"]))
    assert [f.line for f in result.findings] == [3]
    assert result.suppressed == 1


def test_github_sync_step_positions(tmp_path: Path) -> None:
    wdir = tmp_path / "orders-p_AbC123"
    (wdir / "notify").mkdir(parents=True)
    (wdir / "workflow.yaml").write_text(
        "schema: workflow/2022.04\nname: Orders\ntriggers:\n- id: hi_Zb12\nsteps:\n"
        "- namespace: notify\n  runtime: nodejs20.x\n  uses: ./notify/entry.mjs\n",
        encoding="utf-8",
    )
    token = FORMATS["slack-bot-token"](random.Random(4))
    (wdir / "notify" / "entry.mjs").write_text(
        "export default defineComponent({\n  async run() {\n"
        f'    const slackToken = "{token}";\n'
        "  },\n});\n",
        encoding="utf-8",
    )
    result = scan([tmp_path], ScanOptions(select=["secret"]))
    assert len(result.findings) == 1
    f = result.findings[0]
    assert (f.line, f.column, f.step, f.workflow) == (3, 25, "notify", "Orders")
    assert f.extra["env_name"] == "SLACK_TOKEN"
