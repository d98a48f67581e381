"""The package audit: extract imports, ask the registries once per package, and judge each one."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from checks.model import Workflow
from checks.packages import npm, osv, pypi
from checks.packages.client import ClientOptions, Fetched, RegistryClient
from checks.packages.extract import PackageUse, uses_in_workflows
from checks.packages.names import NPM, PYPI, normalize_pypi
from checks.packages.report import (
    PackageReport,
    PackageVerdict,
    Signal,
    Verdict,
    Vulnerability,
    registry_page,
)
from checks.packages.typosquat import lookalike

STALE_AFTER = timedelta(days=730)
NEW_WITHIN = timedelta(days=30)
LOW_WEEKLY_DOWNLOADS = 1000
WIDELY_USED = 100_000  # weekly downloads above which a look-alike name is not suspicious
MAX_VULN_DETAILS = 25

Progress = Callable[[int, int], None]


async def audit(
    workflows: list[Workflow],
    options: ClientOptions | None = None,
    *,
    progress: Progress | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> PackageReport:
    """Audit every package the workflows' code steps import. Never raises for registry trouble."""
    return await audit_uses(
        uses_in_workflows(workflows), options, progress=progress, transport=transport
    )


def audit_sync(
    workflows: list[Workflow],
    options: ClientOptions | None = None,
    *,
    progress: Progress | None = None,
) -> PackageReport:
    """`audit` for synchronous callers (runs in a worker thread when an event loop is running)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(audit(workflows, options, progress=progress))
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(
            lambda: asyncio.run(audit(workflows, options, progress=progress))
        ).result()


async def audit_uses(
    uses: Iterable[PackageUse],
    options: ClientOptions | None = None,
    *,
    progress: Progress | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> PackageReport:
    options = options or ClientOptions()
    verdicts: dict[tuple[str, str, str | None], PackageVerdict] = {}
    for use in uses:
        v = verdicts.setdefault(
            use.key, PackageVerdict(ecosystem=use.ecosystem, name=use.name, spec=use.spec)
        )
        v.uses.append(use)
    ordered = sorted(verdicts.values(), key=lambda v: (v.ecosystem, v.name.lower(), v.spec or ""))
    report = PackageReport(packages=ordered, offline=options.offline)
    total = 2 * len(ordered)
    done = 0

    def tick(n: int = 1) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(min(done, total), total)

    if progress is not None:
        progress(0, total)
    if not ordered:
        return report
    async with RegistryClient(options, transport=transport) as client:
        report.notes.extend(client.notes)
        by_name: dict[tuple[str, str], list[PackageVerdict]] = {}
        for v in ordered:
            by_name.setdefault(_name_key(v), []).append(v)

        async def load(key: tuple[str, str]) -> None:
            group = by_name[key]
            if key[0] == NPM:
                data = await npm.fetch(client, group[0].name)
                for v in group:
                    _judge_npm(v, data, options)
            else:
                doc = await pypi.fetch(client, group[0].name)
                for v in group:
                    _judge_pypi(v, doc, options)
            tick(len(group))

        await asyncio.gather(*(load(k) for k in by_name))
        await _vulnerabilities(client, ordered, report, tick)
        report.requests = client.requests
    for v in ordered:
        _typosquat(v)
        v.settle()
    return report


def _name_key(v: PackageVerdict) -> tuple[str, str]:
    return (v.ecosystem, normalize_pypi(v.name) if v.ecosystem == PYPI else v.name)


# -- per-ecosystem judgement ------------------------------------------------------------------


def _unavailable(v: PackageVerdict, result: Fetched, what: str) -> None:
    v.add(
        Signal.UNAVAILABLE,
        Verdict.UNKNOWN,
        f"could not check {what}: {result.error or 'no answer'}",
    )


def _not_found(v: PackageVerdict, registry: str) -> None:
    v.add(
        Signal.NOT_FOUND,
        Verdict.RISKY,
        f"`{v.name}` does not exist on {registry} (a typo, or removed); deploying would fail "
        "or install whatever someone publishes under that name later",
    )


def _judge_npm(v: PackageVerdict, data: npm.NpmData, options: ClientOptions) -> None:
    v.links["registry"] = registry_page(NPM, v.name)
    result = data.packument
    if result.not_found:
        _not_found(v, "npm")
        return
    manifest = npm.read_packument(result.data, v) if result.ok else None
    if not result.ok or (manifest is None and v.version is None and v.latest is None):
        _unavailable(
            v, result if not result.ok else Fetched(result.url, error="malformed packument"), "npm"
        )
        return
    _common_pin_signals(v, "npm")
    if v.version is None:
        return
    if manifest is None:
        v.add(Signal.UNAVAILABLE, Verdict.UNKNOWN, f"npm lists no manifest for {v.version}")
        return
    v.links["registry"] = registry_page(NPM, v.name, v.version)
    message = npm.deprecation(manifest)
    if message:
        v.add(Signal.DEPRECATED, Verdict.REVIEW, f"{v.version} is deprecated: {message[:160]}")
    scripts = npm.install_scripts(manifest)
    if scripts:
        v.add(
            Signal.INSTALL_SCRIPT,
            Verdict.REVIEW,
            f"{v.version} runs code when installed ({'; '.join(scripts)})",
        )
    _date_signals(v, options)
    if "repository" not in v.links:
        v.add(
            Signal.NO_REPOSITORY,
            Verdict.REVIEW,
            "no source repository is linked, so its code is hard to audit",
        )
    v.weekly_downloads = npm.weekly_downloads(data.downloads)
    if v.weekly_downloads is None:
        if data.downloads is not None and data.downloads.error:
            v.add(Signal.NOTE, Verdict.OK, f"weekly downloads unavailable: {data.downloads.error}")
    elif v.weekly_downloads < LOW_WEEKLY_DOWNLOADS:
        v.add(
            Signal.LOW_DOWNLOADS,
            Verdict.REVIEW,
            f"only {v.weekly_downloads:,} downloads last week: few people use or review it",
        )


def _judge_pypi(v: PackageVerdict, result: Fetched, options: ClientOptions) -> None:
    v.links["registry"] = registry_page(PYPI, v.name)
    if result.not_found:
        _not_found(v, "PyPI")
        return
    doc = pypi.read_project(result.data, v) if result.ok else None
    if doc is None:
        _unavailable(
            v,
            result if not result.ok else Fetched(result.url, error="malformed project JSON"),
            "PyPI",
        )
        return
    _common_pin_signals(v, "PyPI")
    v.add(
        Signal.NOTE, Verdict.OK, "PyPI publishes no download counts, so popularity was not checked"
    )
    if v.version is None:
        return
    v.links["registry"] = registry_page(PYPI, v.name, v.version)
    yanked = pypi.yanked_versions(doc)
    if v.version in yanked:
        why = f": {yanked[v.version]}" if yanked[v.version] else ""
        v.add(Signal.YANKED, Verdict.REVIEW, f"{v.version} was yanked by its maintainers{why}")
    if pypi.source_only(doc, v.version):
        v.add(
            Signal.INSTALL_SCRIPT,
            Verdict.REVIEW,
            f"{v.version} ships no wheel: installing it runs the package's build code",
        )
    _date_signals(v, options)
    if "repository" not in v.links:
        v.add(
            Signal.NO_REPOSITORY,
            Verdict.REVIEW,
            "no source repository is linked, so its code is hard to audit",
        )


def _common_pin_signals(v: PackageVerdict, registry: str) -> None:
    if v.spec is None and not (v.uses and all(u.pinned for u in v.uses)):
        now = f" (now {v.version})" if v.version else ""
        v.add(
            Signal.UNPINNED,
            Verdict.REVIEW,
            f"not pinned: Pipedream installs the newest release{now} at every deploy",
        )
    elif v.version is None:
        v.add(
            Signal.NO_MATCHING_VERSION,
            Verdict.REVIEW,
            f"no version on {registry} matches the pin `{v.spec}`; the step would fail to deploy",
        )


def _date_signals(v: PackageVerdict, options: ClientOptions) -> None:
    now = datetime.fromtimestamp(options.clock(), tz=UTC)
    last = _parse_time(v.last_release)
    if last is not None and now - last > STALE_AFTER:
        v.add(
            Signal.STALE,
            Verdict.REVIEW,
            f"no release since {last.date().isoformat()} (over two years): it may be unmaintained",
        )
    first = _parse_time(v.first_published)
    if first is not None and now - first < NEW_WITHIN:
        v.add(
            Signal.NEW,
            Verdict.REVIEW,
            f"first published {first.date().isoformat()} (less than 30 days ago): "
            "too new to be trusted",
        )


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _typosquat(v: PackageVerdict) -> None:
    near = lookalike(v.ecosystem, v.name)
    if near is None:
        return
    if v.weekly_downloads is not None and v.weekly_downloads >= WIDELY_USED:
        v.add(Signal.NOTE, Verdict.OK, f"name is close to `{near}`, but the package is widely used")
        return
    v.add(
        Signal.TYPOSQUAT,
        Verdict.RISKY,
        f"name is one or two letters away from the popular package `{near}`: "
        "check it is the one you meant",
    )


# -- vulnerabilities --------------------------------------------------------------------------


async def _vulnerabilities(
    client: RegistryClient,
    verdicts: list[PackageVerdict],
    report: PackageReport,
    tick: Callable[[int], None],
) -> None:
    checkable = [
        v for v in verdicts if v.version and not v.reasons_for(Signal.NOT_FOUND, Signal.UNAVAILABLE)
    ]
    skipped = len(verdicts) - len(checkable)
    if skipped:
        tick(skipped)
    if not checkable:
        return
    items = sorted({(v.ecosystem, v.name, v.version or "") for v in checkable})
    npm_versions: dict[str, set[str]] = {}
    for v in checkable:
        if v.ecosystem == NPM:
            npm_versions.setdefault(v.name, set()).add(v.version)  # type: ignore[arg-type]

    async def npm_bulk() -> Fetched | None:
        if not npm_versions:
            return None
        body = {name: sorted(vs) for name, vs in sorted(npm_versions.items())}
        return await client.post_json(
            npm.bulk_url(client), body, ttl=osv.VULN_TTL, validate=npm.is_bulk_answer
        )

    async def pypi_version(v: PackageVerdict) -> tuple[PackageVerdict, Fetched]:
        return v, await client.get_json(
            pypi.project_url(client, v.name, v.version), validate=pypi.is_project
        )

    pypi_checks = [v for v in checkable if v.ecosystem == PYPI]
    (osv_ids, osv_error), bulk, pypi_results = await asyncio.gather(
        osv.query_batch(client, items),
        npm_bulk(),
        asyncio.gather(*(pypi_version(v) for v in pypi_checks)),
    )
    pypi_by_verdict = {id(v): r for v, r in pypi_results}
    detail_tasks: dict[str, asyncio.Task[Vulnerability]] = {}

    def detail(vid: str) -> asyncio.Task[Vulnerability]:
        if vid not in detail_tasks:
            detail_tasks[vid] = asyncio.ensure_future(osv.details(client, vid))
        return detail_tasks[vid]

    async def judge(v: PackageVerdict) -> None:
        found: list[Vulnerability] = []
        problems: list[str] = []
        ids = osv_ids.get((v.ecosystem, v.name, v.version))  # type: ignore[arg-type]
        if ids is None:
            problems.append(f"OSV ({osv_error or 'no answer'})")
        else:
            found.extend(await asyncio.gather(*(detail(i) for i in ids[:MAX_VULN_DETAILS])))
        extra: list[Vulnerability] | None
        if v.ecosystem == NPM:
            extra = npm.advisories_for(bulk.data, v.name, v.version) if bulk and bulk.ok else None  # type: ignore[arg-type]
            if extra is None:
                problems.append(f"npm advisories ({bulk.error if bulk else 'no answer'})")
        else:
            result = pypi_by_verdict[id(v)]
            extra = pypi.vulnerabilities(result.data) if result.ok else None
            if extra is None:
                problems.append(f"PyPI vulnerabilities ({result.error or 'malformed answer'})")
        v.vulnerabilities = _merge(found, extra or [])
        if v.vulnerabilities:
            listed = ", ".join(
                f"{x.id}{f' ({x.severity})' if x.severity else ''}" for x in v.vulnerabilities[:5]
            )
            more = f" and {len(v.vulnerabilities) - 5} more" if len(v.vulnerabilities) > 5 else ""
            fixed = _fixed_hint(v.vulnerabilities)
            v.add(
                Signal.VULNERABLE,
                Verdict.RISKY,
                f"{len(v.vulnerabilities)} known "
                f"vulnerabilit{'y' if len(v.vulnerabilities) == 1 else 'ies'} "
                f"in {v.version}: {listed}{more}{fixed}",
            )
        if len(problems) == 2:
            v.add(
                Signal.UNAVAILABLE,
                Verdict.UNKNOWN,
                "vulnerability data incomplete: " + "; ".join(problems),
            )
        elif problems:
            v.add(
                Signal.NOTE, Verdict.OK, "one vulnerability source failed: " + "; ".join(problems)
            )
        tick(1)

    await asyncio.gather(*(judge(v) for v in checkable))


def _merge(primary: list[Vulnerability], secondary: list[Vulnerability]) -> list[Vulnerability]:
    """One entry per advisory: entries sharing an id or alias with a kept one are dropped."""
    out: list[Vulnerability] = []
    known: set[str] = set()
    for x in [*primary, *secondary]:
        if x.id in known or any(a in known for a in x.aliases):
            continue
        out.append(x)
        known.add(x.id)
        known.update(x.aliases)
    order = {"critical": 0, "high": 1, "moderate": 2, "low": 3}
    return sorted(out, key=lambda x: (order.get(x.severity or "", 4), x.id))


def _fixed_hint(vulns: list[Vulnerability]) -> str:
    fixes = sorted({f for x in vulns for f in x.fixed})
    return f" (fixed in {', '.join(fixes[:3])})" if fixes else ""


def highest_severity(vulns: list[Vulnerability]) -> str | None:
    order = ["critical", "high", "moderate", "low"]
    present = [x.severity for x in vulns if x.severity in order]
    return min(present, key=order.index) if present else None


def describe(v: PackageVerdict) -> dict[str, Any]:
    """A flat row for tables: name, ecosystem, pin, verdict, reasons, steps."""
    return {
        "name": v.name,
        "ecosystem": v.ecosystem,
        "pin": v.pin_label,
        "verdict": v.verdict.value,
        "reasons": [r.message for r in v.reasons if r.level is not Verdict.OK],
        "steps": v.steps,
    }
