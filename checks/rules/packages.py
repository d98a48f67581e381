"""SG5xx: the npm and PyPI packages code steps import (heavy lifting in checks/packages/)."""

from __future__ import annotations

from collections.abc import Iterator

from checks.extras import PackageExtra
from checks.model import Category, Finding, Fix, FixKind, Severity
from checks.packages.extract import PackageUse, uses_in_code
from checks.packages.names import NPM
from checks.packages.report import PackageVerdict, Signal
from checks.rulebase import StepContext, rule

_SEVERITY = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "moderate": Severity.MEDIUM,
    "low": Severity.LOW,
}


def _uses(ctx: StepContext) -> list[PackageUse]:
    """The step's package uses, extracted once per parsed step (every SG5xx rule asks)."""
    if ctx.code is None:
        return []
    code = ctx.code
    return code.memo(
        (_uses, ctx.workflow.name, ctx.step.namespace),
        lambda: uses_in_code(code, ctx.workflow.name, ctx.step),
    )


def _label(use: PackageUse) -> str:
    registry = "npm" if use.ecosystem == NPM else "PyPI"
    return f"{registry} package `{use.name}`"


def _key(use: PackageUse) -> str:
    return f"{use.ecosystem}:{use.name}@{use.spec or ''}"


def _extra(use: PackageUse, verdict: PackageVerdict | None = None) -> PackageExtra:
    extra: PackageExtra = {"package": use.name, "ecosystem": use.ecosystem, "pin": use.spec}
    if verdict is not None:
        extra["version"] = verdict.version
        extra["verdict"] = verdict.verdict.value
        extra["links"] = dict(verdict.links)
    return extra


def _audited(
    ctx: StepContext, *signals: Signal
) -> Iterator[tuple[PackageUse, PackageVerdict, str]]:
    """(use, verdict, message) for each use whose audited verdict carries one of `signals`."""
    report = ctx.inputs.packages
    if report is None:
        return
    for use in _uses(ctx):
        verdict = report.for_use(use)
        if verdict is None:
            continue
        reasons = verdict.reasons_for(*signals)
        if reasons:
            yield use, verdict, "; ".join(r.message for r in reasons)


def _finding(
    ctx: StepContext,
    use: PackageUse,
    verdict: PackageVerdict,
    message: str,
    *,
    severity: Severity | None = None,
) -> Finding:
    return ctx.finding(
        use.start_byte,
        use.end_byte,
        f"{_label(use)}: {message}",
        key=_key(use),
        extra=_extra(use, verdict),
        severity=severity,
    )


def pin_hint(use: PackageUse, version: str | None = None) -> str:
    v = version or "X.Y.Z"
    if use.ecosystem == NPM:
        return f'pin it in the import: "{use.name}@{v}"'
    return f"pin it with a comment: # pipedream add-package {use.name}=={v}"


@rule(
    id="SG501",
    name="unpinned-package",
    category=Category.PACKAGE,
    severity=Severity.MEDIUM,
    title="Package version not pinned",
    explanation="""Pipedream installs the newest release of every package a step imports each time
    the workflow is deployed, unless the import names a version. A compromised or broken release
    then reaches the workflow without anyone choosing it. Pin an exact version (Node:
    `import x from "pkg@1.2.3"`; Python: `# pipedream add-package pkg==1.2.3`) and update it on
    purpose after reviewing the change.""",
    fix="Pin an exact version in the import (Node) or with `# pipedream add-package` (Python).",
)
def unpinned_package(ctx: StepContext) -> Iterator[Finding]:
    for use in _uses(ctx):  # `pinned` counts a component package.json's ranges and the platform
        if use.pinned:
            continue
        report = ctx.inputs.packages
        verdict = report.for_use(use) if report is not None else None
        version = verdict.version if verdict is not None else None
        yield ctx.finding(
            use.start_byte,
            use.end_byte,
            f"{_label(use)} is not pinned; Pipedream installs the newest release at every deploy",
            key=_key(use),
            extra=_extra(use, verdict),
            fix=Fix(FixKind.SNIPPET, pin_hint(use, version)),
        )


@rule(
    id="SG502",
    name="vulnerable-package",
    category=Category.PACKAGE,
    severity=Severity.HIGH,
    title="Package has known vulnerabilities",
    explanation="""The version that would be installed is listed in a public vulnerability
    database (OSV, the npm advisory database or PyPI's vulnerability feed). Move to a version that
    fixes the advisories, and pin it.""",
    fix="Pin a version that fixes the listed advisories.",
    network=True,
)
def vulnerable_package(ctx: StepContext) -> Iterator[Finding]:
    from checks.packages.audit import highest_severity

    for use, verdict, message in _audited(ctx, Signal.VULNERABLE):
        worst = highest_severity(verdict.vulnerabilities)
        yield _finding(
            ctx, use, verdict, message, severity=_SEVERITY.get(worst or "", Severity.HIGH)
        )


@rule(
    id="SG503",
    name="deprecated-package",
    category=Category.PACKAGE,
    severity=Severity.MEDIUM,
    title="Package version deprecated or yanked",
    explanation="""The maintainers marked this version deprecated (npm) or yanked it (PyPI),
    usually because it is broken or insecure. Choose a supported version or a maintained
    replacement.""",
    network=True,
)
def deprecated_package(ctx: StepContext) -> Iterator[Finding]:
    for use, verdict, message in _audited(ctx, Signal.DEPRECATED, Signal.YANKED):
        yield _finding(ctx, use, verdict, message)


@rule(
    id="SG504",
    name="unmaintained-package",
    category=Category.PACKAGE,
    severity=Severity.LOW,
    title="Package not released for over two years",
    explanation="""No new release in more than two years suggests nobody fixes its security
    problems any more. Check the project is still alive, or pick a maintained alternative.""",
    network=True,
)
def unmaintained_package(ctx: StepContext) -> Iterator[Finding]:
    for use, verdict, message in _audited(ctx, Signal.STALE):
        yield _finding(ctx, use, verdict, message)


@rule(
    id="SG505",
    name="new-package",
    category=Category.PACKAGE,
    severity=Severity.MEDIUM,
    title="Package first published less than 30 days ago",
    explanation="""Malicious packages are usually caught and removed within days or weeks of
    being published. A package this new has had little scrutiny; read its code before a
    workflow with access to your accounts runs it.""",
    network=True,
)
def new_package(ctx: StepContext) -> Iterator[Finding]:
    for use, verdict, message in _audited(ctx, Signal.NEW):
        yield _finding(ctx, use, verdict, message)


@rule(
    id="SG506",
    name="package-install-script",
    category=Category.PACKAGE,
    severity=Severity.MEDIUM,
    title="Package runs code when installed",
    explanation="""npm `preinstall`/`install`/`postinstall` scripts, and Python releases without
    a wheel, run the package's own code while it is installed, before your step does anything.
    This is the usual way malicious packages act. Review what the script does.""",
    network=True,
)
def install_script(ctx: StepContext) -> Iterator[Finding]:
    for use, verdict, message in _audited(ctx, Signal.INSTALL_SCRIPT):
        yield _finding(ctx, use, verdict, message)


@rule(
    id="SG507",
    name="package-without-repository",
    category=Category.PACKAGE,
    severity=Severity.LOW,
    title="Package links no source repository",
    explanation="""Without a public repository there is no history or issue tracker to check
    the published code against. Prefer packages whose source you can read.""",
    network=True,
)
def no_repository(ctx: StepContext) -> Iterator[Finding]:
    for use, verdict, message in _audited(ctx, Signal.NO_REPOSITORY):
        yield _finding(ctx, use, verdict, message)


@rule(
    id="SG508",
    name="little-used-package",
    category=Category.PACKAGE,
    severity=Severity.LOW,
    title="Package has very few downloads",
    explanation="""A package almost nobody downloads has had almost nobody look at it. Read its
    code, or use a well-known package for the same job. (npm only: PyPI publishes no counts.)""",
    network=True,
)
def little_used(ctx: StepContext) -> Iterator[Finding]:
    for use, verdict, message in _audited(ctx, Signal.LOW_DOWNLOADS):
        yield _finding(ctx, use, verdict, message)


@rule(
    id="SG509",
    name="lookalike-package-name",
    category=Category.PACKAGE,
    severity=Severity.HIGH,
    title="Package name looks like a popular package",
    explanation="""The name is one or two edits away from a popular package. Attackers publish
    such look-alike names (typosquatting) to catch typing mistakes. Make sure this is the package
    you meant.""",
    network=True,
)
def lookalike_name(ctx: StepContext) -> Iterator[Finding]:
    for use, verdict, message in _audited(ctx, Signal.TYPOSQUAT):
        yield _finding(ctx, use, verdict, message)


@rule(
    id="SG510",
    name="missing-package",
    category=Category.PACKAGE,
    severity=Severity.HIGH,
    title="Package or pinned version does not exist",
    explanation="""The registry has no package by this name (a typo, or it was removed), or no
    version matching the pin. Anyone could register a missing name later and have the workflow
    install their code at the next deploy.""",
    network=True,
)
def missing_package(ctx: StepContext) -> Iterator[Finding]:
    for use, verdict, message in _audited(ctx, Signal.NOT_FOUND, Signal.NO_MATCHING_VERSION):
        severity = Severity.HIGH if verdict.reasons_for(Signal.NOT_FOUND) else Severity.MEDIUM
        yield _finding(ctx, use, verdict, message, severity=severity)


@rule(
    id="SG511",
    name="package-not-checked",
    category=Category.PACKAGE,
    severity=Severity.INFO,
    title="Package could not be checked",
    explanation="""The registry or vulnerability database did not answer (offline without a
    cached answer, rate limiting, a server error or a timeout), so this package's verdict is
    unknown. Run the audit again later.""",
    network=True,
)
def not_checked(ctx: StepContext) -> Iterator[Finding]:
    for use, verdict, message in _audited(ctx, Signal.UNAVAILABLE):
        yield _finding(ctx, use, verdict, message)
