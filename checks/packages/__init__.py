"""Package audit: which npm/PyPI packages steps import, and whether each can be trusted.

Public interface:
- `audit(workflows, options) -> PackageReport` (async) and `audit_sync(...)`;
- `prepare(load_result, scan_options)` — run once before a scan so the SG5xx network rules
  can read the result through `current_report()`;
- `PackageReport`, `PackageVerdict`, `Verdict`, `Reason`, `Signal`, `Vulnerability`;
- `ClientOptions` — offline mode, cache, timeouts, retries, base URLs.
"""

from checks.packages.audit import audit, audit_sync, audit_uses
from checks.packages.client import ClientOptions
from checks.packages.extract import PackageUse, uses_in_code, uses_in_workflows
from checks.packages.report import (
    PackageReport,
    PackageVerdict,
    Reason,
    Signal,
    Verdict,
    Vulnerability,
)
from checks.packages.state import current_report, prepare, set_current_report

__all__ = [
    "ClientOptions",
    "PackageReport",
    "PackageUse",
    "PackageVerdict",
    "Reason",
    "Signal",
    "Verdict",
    "Vulnerability",
    "audit",
    "audit_sync",
    "audit_uses",
    "current_report",
    "prepare",
    "set_current_report",
    "uses_in_code",
    "uses_in_workflows",
]
