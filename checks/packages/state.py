"""The package audit of a scan: run once by the engine, before the rules (`prepare`).

The engine carries the report to the SG5xx rules on `ScanInputs.packages` and hashes its
verdicts into the result cache's key; nothing here is kept between scans.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from checks.loaders import LoadResult
from checks.packages.client import ClientOptions
from checks.packages.report import PackageReport


class AuditOptions(Protocol):
    """What `prepare` reads of a `checks.engine.ScanOptions`."""

    offline: bool
    package_options: ClientOptions | None
    package_progress: Callable[[int, int], None] | None


def prepare(load_result: LoadResult, options: AuditOptions | None = None) -> PackageReport:
    """Audit every package in `load_result.workflows` once, before the rules run.

    `options.package_options` overrides everything; otherwise `offline` picks cache-only mode.
    Never raises for registry or network trouble: such packages get the verdict "unknown".
    """
    from checks.packages.audit import audit_sync

    client_options = options.package_options if options is not None else None
    if client_options is None:
        client_options = ClientOptions(offline=bool(options is not None and options.offline))
    progress = options.package_progress if options is not None else None
    return audit_sync(list(load_result.workflows), client_options, progress=progress)
