"""The transport and account rules on real `@pipedream/*` component code: no noise."""

from pathlib import Path

from checks.engine import ScanOptions, scan
from checks.loaders import load_paths
from checks.rulebase import step_code
from checks.transport import request_sites


def test_rules_are_quiet_on_real_components(pipedream_components: Path) -> None:
    result = scan([pipedream_components], ScanOptions(select=["SG2", "SG7"]))
    assert len(result.workflows) > 100
    by_rule: dict[str, list[str]] = {}
    for f in result.findings:
        by_rule.setdefault(f.rule, []).append(f"{f.path}:{f.line}")
    # Every request these components make uses https://, none turns TLS verification off,
    # none writes a Pipedream endpoint with http://, and all credentials come from `$auth`.
    assert by_rule.get("SG201", []) == []
    assert by_rule.get("SG202", []) == []
    assert by_rule.get("SG203", []) == []
    assert by_rule.get("SG701", []) == []


def test_request_sites_are_found_in_real_components(pipedream_components: Path) -> None:
    """Guard against a silent analyser: the quiet result above must come from real parsing."""
    loaded = load_paths([pipedream_components])
    hosts: set[str] = set()
    count = 0
    for workflow in loaded.workflows:
        for step in workflow.steps:
            code = step_code(step)
            if code is None:
                continue
            for site in request_sites(code):
                count += 1
                parts = site.url.parts
                if parts is not None:
                    assert parts.scheme == "https"
                    hosts.add(parts.host)
    assert count >= 30
    assert {"api.calendly.com", "api.linear.app", "api.monday.com"} <= hosts
