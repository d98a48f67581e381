"""No secret findings on Pipedream's published component code (false-positive bar)."""

from __future__ import annotations

from pathlib import Path

from checks.engine import ScanOptions, scan

# Secret-looking values Pipedream ships on purpose, by fingerprint (never the value):
# - f12ea8b9d0d9 (under the tests' fingerprint key): the Slack verification `token` inside a
#   recorded sample event (slack/sources/new-interaction-event-received/test-event.mjs).
#   Sample data shown in the UI, but shaped exactly like a real token, so flagging it is
#   correct behaviour for user code.
ALLOWED = {"f12ea8b9d0d9"}


def test_no_secret_findings_on_published_components(pipedream_components: Path) -> None:
    result = scan([pipedream_components], ScanOptions(select=["secret"]))
    assert result.files >= 300
    unexpected = [
        f"{f.path}:{f.line} {f.rule} {f.extra.get('detector')} {f.evidence}"
        for f in result.findings
        if f.extra.get("secret_id") not in ALLOWED
    ]
    assert unexpected == []
