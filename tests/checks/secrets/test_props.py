"""SG106: secrets typed into action props (workflow.yaml and API configured props)."""

from __future__ import annotations

import json

from checks.engine import ScanOptions, scan

KEY = "sk_live_51Hq" + "Zt8Lm2Qx9Vb4Nc7Rd1Fg6Jk3Ps5Wy0Ea8Tu2Io4Yh6Gl"
YAML = f"""schema: workflow/2022.04
name: Charges
triggers:
- id: ti_abc
steps:
- namespace: create_charge
  runtime: nodejs20.x
  uses: stripe-create-charge@0.1.2
  props:
    stripe:
      authProvisionId: apn_x1
    apiKey: {KEY}
    description: Monthly plan
    metadata:
      order: "1234"
"""


def test_secret_in_sync_props_is_found_with_its_line(write_tree) -> None:
    root = write_tree({"charges-p_abc1/workflow.yaml": YAML})
    (f,) = scan([root], ScanOptions(select=["SG106"])).findings
    assert f.path == "charges-p_abc1/workflow.yaml" and f.line == 12 and f.column == 13
    assert f.step == "create_charge" and f.extra["prop"] == "apiKey"
    assert KEY not in f.message and KEY not in f.evidence
    assert f.severity.label == "critical"


def test_plain_props_and_connected_accounts_are_not_flagged(write_tree) -> None:
    root = write_tree({"charges-p_abc1/workflow.yaml": YAML.replace(f"    apiKey: {KEY}\n", "")})
    assert scan([root], ScanOptions(select=["SG106"])).findings == []


def test_secret_in_api_configured_props(write_tree) -> None:
    doc = {
        "triggers": [{"id": "ti_1"}],
        "steps": [
            {
                "namespace": "s",
                "lang": "nodejs20.x",
                "component_key": "stripe-create-charge",
                "configured_props_json": json.dumps({"apiKey": KEY}),
                "savedComponent": {},
            }
        ],
    }
    root = write_tree({"wf.json": json.dumps(doc)})
    (f,) = scan([root / "wf.json"], ScanOptions(select=["SG106"])).findings
    assert f.path == "wf.json" and f.extra["provider"] == "Stripe"
