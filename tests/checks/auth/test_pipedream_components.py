"""The auth/signature rules on real Pipedream component code (see docs/rules-auth-signatures.md,
"Things we noticed in Pipedream's sources"). Every hit below was read and is defended there."""

from __future__ import annotations

from checks.engine import ScanOptions, scan

EXPECTED = {
    # request-body secret compared with !== (Step Functions cancel/schedule handlers)
    ("SG302", "aws-1.1.1/package/sources/common/scheduled.mjs", 141),
    ("SG302", "aws-1.1.1/package/sources/common/scheduled.mjs", 183),
    ("SG302", "aws-1.1.1/package/sources/common/scheduled.mjs", 283),
    # Standard Webhooks: signed timestamp never checked, signature compared with ===
    ("SG403", "brex-0.1.1/package/sources/new-transfer-event/common.mjs", 77),
    ("SG302", "brex-0.1.1/package/sources/new-transfer-event/common.mjs", 79),
    # Calendly HMAC compared with !==
    ("SG302", "calendly_v2-1.4.1/package/sources/common/common.mjs", 95),
    # GitLab secret token compared with ===; audit-event source accepts everything
    ("SG302", "gitlab-0.5.6/package/sources/common/base.mjs", 81),
    ("SG401", "gitlab-0.5.6/package/sources/new-audit-event/new-audit-event.mjs", 1),
    # ...whose isValidSource() only returns true: verification switched off
    ("SG401", "gitlab-0.5.6/package/sources/new-audit-event/new-audit-event.mjs", 122),
    # Linear: only the sender's IP address is checked, linear-signature is ignored
    ("SG401", "linear_app-0.8.1/package/sources/common/webhook.mjs", 184),
    # Notion: HMAC over JSON.stringify(body), unchecked timingSafeEqual, verification token logged
    ("SG402", "notion-1.0.6/package/sources/common/base-webhook.mjs", 28),
    ("SG303", "notion-1.0.6/package/sources/common/base-webhook.mjs", 30),
    ("SG308", "notion-1.0.6/package/sources/common/base-webhook.mjs", 49),
    # Shopify: x-shopify-hmac-sha256 never verified (only shop domain and topic headers)
    ("SG401", "shopify-1.0.1/package/sources/common/webhook.mjs", 74),
    # Slack "Verify Slack Signature" action
    ("SG403", "slack-0.10.3/package/actions/verify-slack-signature/verify-slack-signature.mjs", 50),
    ("SG402", "slack-0.10.3/package/actions/verify-slack-signature/verify-slack-signature.mjs", 51),
    ("SG303", "slack-0.10.3/package/actions/verify-slack-signature/verify-slack-signature.mjs", 54),
    ("SG308", "slack-0.10.3/package/actions/verify-slack-signature/verify-slack-signature.mjs", 55),
    # HTTP sources as entry points (SG301): nothing between a caller and $emit — SNS
    # notifications whose Signature/SigningCertURL are never checked (the SNS base and the RDS
    # event source), GitLab audit events, monday.com webhooks...
    ("SG301", "aws-1.1.1/package/sources/common/sns.mjs", 254),
    ("SG301", "aws-1.1.1/package/sources/rds-new-event/rds-new-event.mjs", 153),
    ("SG301", "gitlab-0.5.6/package/sources/new-audit-event/new-audit-event.mjs", 1),
    ("SG301", "monday-0.7.0/package/sources/common/common-webhook.mjs", 85),
    # ...or only gates any caller can pass (medium): Drive's channel/resource ids checked by
    # the app's checkHeaders, Linear's IP allowlist and project id, Outlook's clientState
    # (also fails open when absent), Shopify's shop-domain and topic headers.
    ("SG301", "google_drive-1.4.1/package/sources/common-webhook.mjs", 170),
    ("SG301", "linear_app-0.8.1/package/sources/common/webhook.mjs", 201),
    ("SG301", "microsoft_outlook-1.7.5/package/sources/common/common.mjs", 102),
    ("SG301", "shopify-1.0.1/package/sources/common/webhook.mjs", 67),
    # Outlook's clientState secret comes from Math.random() (randomString())
    ("SG309", "microsoft_outlook-1.7.5/package/sources/common/common.mjs", 45),
}


def test_exact_hits_on_pipedream_components(pipedream_components):
    result = scan([pipedream_components], ScanOptions(select=["SG3", "SG4"]))
    got = {(f.rule, f.path, f.line) for f in result.findings}
    assert got == EXPECTED
    assert result.files > 300


def test_messages_name_the_provider_and_snippet(pipedream_components):
    result = scan([pipedream_components], ScanOptions(select=["SG401"]))
    # the provider findings (a switched-off hook in the same file is reported on its own)
    by_path = {f.path.split("/")[0]: f for f in result.findings if "snippet" in f.extra}
    assert by_path["shopify-1.0.1"].extra["snippet"] == "shopify"
    assert "Shopify" in by_path["shopify-1.0.1"].message
    assert by_path["linear_app-0.8.1"].extra["snippet"] == "linear"
    assert "IP address" in by_path["linear_app-0.8.1"].message
    assert by_path["gitlab-0.5.6"].extra["snippet"] == "api-key"
