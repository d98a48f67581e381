"""Package audit: which npm/PyPI packages steps import, and whether each can be trusted.

Public interface:
- `audit(workflows, options) -> PackageReport` (async) and `audit_sync(...)`;
- `prepare(load_result, scan_options)` — run once by the engine before a scan; the SG5xx
  network rules read the report on `ScanInputs.packages`;
- `PackageReport`, `PackageVerdict`, `Verdict`, `Reason`, `Signal`, `Vulnerability`;
- `ClientOptions` — offline mode, cache, timeouts, retries, base URLs.
"""

from __future__ import annotations

import importlib
from typing import Any

# Imported on first use (PEP 562): the audit pulls in httpx and asyncio, which a plain offline
# scan never needs.
_EXPORTS = {
    "audit": "audit",
    "audit_sync": "audit",
    "audit_uses": "audit",
    "ClientOptions": "client",
    "PackageUse": "extract",
    "uses_in_code": "extract",
    "uses_in_workflows": "extract",
    "PackageReport": "report",
    "PackageVerdict": "report",
    "Reason": "report",
    "Signal": "report",
    "Verdict": "report",
    "Vulnerability": "report",
    "prepare": "state",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'checks.packages' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"checks.packages.{module}"), name)
    globals()[name] = value
    return value


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
    "prepare",
    "uses_in_code",
    "uses_in_workflows",
]
