"""SG6xx on real `@pipedream/*` component code: no noise, only hits we can defend."""

from __future__ import annotations

from pathlib import Path

from checks.engine import ScanOptions, scan

# Every hit, inspected by hand:
EXPECTED = {
    # `activate()` sends `Authorization: Bearer ${this.gitlab.$auth.oauth_access_token}` through
    # `this.gitlab._makeRequest` (platform axios) and logs `JSON.stringify(err)` on failure; an
    # AxiosError serialises its `config`, headers included, so the OAuth token lands in the logs.
    ("SG604", "gitlab-0.5.6/package/sources/new-audit-event/new-audit-event.mjs", 54),
    # The Drive push-notification source logs every incoming request header when one is missing
    # (`console.log("Request missing necessary headers: ", headers)` with `{ headers } = event`):
    # whatever credential or channel token a caller sends is copied into the source's logs.
    (
        "SG602",
        "google_drive-1.4.1/package/sources/changes-to-specific-files/changes-to-specific-files.mjs",
        197,
    ),
}
MAX_FINDINGS = len(EXPECTED)


def test_real_components_have_only_defensible_hits(pipedream_components: Path) -> None:
    result = scan([pipedream_components], ScanOptions(select=["logging"]))
    assert result.files > 400, "fixture looks incomplete"
    got = {(f.rule, f.path, f.line) for f in result.findings}
    assert len(result.findings) <= MAX_FINDINGS
    assert got == EXPECTED
