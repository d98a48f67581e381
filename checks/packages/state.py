"""The audit result the network rules read: computed once per scan by `prepare`."""

from __future__ import annotations

import threading
from typing import Any

from checks.packages.report import PackageReport

_lock = threading.Lock()
_current: PackageReport | None = None


def current_report() -> PackageReport | None:
    """The report `prepare` computed for the scan in progress (None before any audit)."""
    with _lock:
        return _current


def set_current_report(report: PackageReport | None) -> None:
    global _current
    with _lock:
        _current = report


def prepare(load_result: Any, options: Any = None) -> PackageReport:
    """Audit every package in `load_result.workflows` once, before the rules run.

    Reads from `options` (a `ScanOptions`, duck-typed): `offline` (bool), `package_options`
    (a `ClientOptions`, overrides everything) and `package_progress` (callback(done, total)).
    Never raises for registry or network trouble: such packages get the verdict "unknown".
    """
    from checks.packages.audit import audit_sync
    from checks.packages.client import ClientOptions

    client_options = getattr(options, "package_options", None)
    if client_options is None:
        client_options = ClientOptions(offline=bool(getattr(options, "offline", False)))
    progress = getattr(options, "package_progress", None)
    report = audit_sync(list(load_result.workflows), client_options, progress=progress)
    set_current_report(report)
    return report
