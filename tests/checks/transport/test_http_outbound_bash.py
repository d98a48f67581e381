"""SG201 on Bash steps: curl and wget command lines."""

from pathlib import Path

from checks.model import Severity
from tests.checks.transport.util import scan_source


def sg201(tmp_path: Path, source: str):
    return scan_source(tmp_path, source, "bash", "SG201")


def test_curl_and_wget(tmp_path: Path) -> None:
    source = r"""
    #!/usr/bin/env bash
    set -euo pipefail
    API="http://api.acme.io/v1"
    curl -sS -H "Authorization: Bearer $ACME_TOKEN" "$API/orders" | jq '.items'
    wget -q -O /tmp/report.csv http://files.acme.io/report.csv
    RESULT=$(curl -X POST --data '{"a":1}' \
      'http://hooks.acme.io/in')
    curl --url http://plain.acme.io/x -o /dev/null
    """
    findings = sg201(tmp_path, source)
    summary = [(f.line, f.extra["client"], f.extra["url"], f.severity) for f in findings]
    assert summary == [
        (3, "curl", "http://api.acme.io/v1/orders", Severity.HIGH),
        (5, "wget", "http://files.acme.io/report.csv", Severity.MEDIUM),
        (7, "curl", "http://hooks.acme.io/in", Severity.MEDIUM),
        (8, "curl", "http://plain.acme.io/x", Severity.MEDIUM),
    ]
    assert all(f.fix is not None for f in findings)


def test_not_flagged(tmp_path: Path) -> None:
    source = """
    # curl http://api.acme.io/old   (old endpoint)
    echo "see http://docs.acme.io/help"
    curl -sS https://api.acme.io/v1/orders
    curl http://localhost:8080/health
    curl -H 'X-Referer: http://example.org/page' https://api.acme.io/ping
    LINK=http://example.org/readme
    echo "$LINK" >> "$PIPEDREAM_EXPORTS"
    """
    assert sg201(tmp_path, source) == []
