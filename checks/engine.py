"""The scan engine: load → workflows → rules → findings (suppressed, baselined, fingerprinted)."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.loaders import LoadResult, load_paths, relative_path
from checks.model import Category, Finding, Skipped, Workflow
from checks.rulebase import Rule, StepContext, WorkflowContext, all_rules, fingerprint, step_code
from checks.suppress import is_suppressed


@dataclass
class ScanOptions:
    select: list[str] | None = None  # rule ids, id prefixes (SG1) or categories
    ignore: list[str] = field(default_factory=list)
    network: bool = False  # run rules that need the network (package audit)
    baseline: set[str] = field(default_factory=set)
    offline: bool = False  # package audit: cache only
    package_options: Any = None  # checks.packages.ClientOptions
    package_progress: Callable[[int, int], None] | None = None
    jobs: int = 1  # >1: check large scans in forked processes (CLI only; never with threads)


@dataclass
class ScanResult:
    root: Path
    workflows: list[Workflow]
    findings: list[Finding]
    skipped: list[Skipped]
    files: int
    bytes: int
    seconds: float
    suppressed: int = 0
    baselined: int = 0
    packages: Any = None  # checks.packages.PackageReport when the audit ran


def _matches(rule: Rule, patterns: Iterable[str]) -> bool:
    for p in patterns:
        p = p.strip()
        if not p:
            continue
        if p.lower() in {c.value for c in Category}:
            if rule.category.value == p.lower():
                return True
        elif rule.id.startswith(p.upper()) or rule.name == p:
            return True
    return False


def select_rules(options: ScanOptions) -> list[Rule]:
    rules = all_rules()
    if options.select:
        rules = [r for r in rules if _matches(r, options.select)]
    if options.ignore:
        rules = [r for r in rules if not _matches(r, options.ignore)]
    if not options.network:
        rules = [r for r in rules if not r.network]
    return rules


def validate_rule_patterns(patterns: Iterable[str]) -> list[str]:
    """Patterns that match no rule (to report as a usage error)."""
    rules = all_rules()
    return [p for p in patterns if p.strip() and not any(_matches(r, [p]) for r in rules)]


def scan(paths: list[Path], options: ScanOptions | None = None) -> ScanResult:
    started = time.perf_counter()
    loaded = load_paths(paths)
    return scan_loaded(loaded, options, started)


def scan_loaded(
    loaded: LoadResult, options: ScanOptions | None = None, started: float | None = None
) -> ScanResult:
    options = options or ScanOptions()
    started = started if started is not None else time.perf_counter()
    rules = select_rules(options)
    if any(r.network and r.category is Category.PACKAGE for r in rules):
        # The package audit asks the registries once for the whole scan; SG5xx rules read it.
        from checks.packages import current_report, prepare

        prepare(loaded, options)
        packages = current_report()
    else:
        packages = None
    findings: list[Finding] = []
    skipped = list(loaded.skipped)
    suppressed = 0
    for wf_findings, wf_skipped, wf_suppressed in _check_all(loaded, rules, options.jobs):
        findings.extend(wf_findings)
        skipped.extend(wf_skipped)
        suppressed += wf_suppressed
    assign_fingerprints(findings)
    baselined = 0
    if options.baseline:
        kept = [f for f in findings if f.fingerprint not in options.baseline]
        baselined = len(findings) - len(kept)
        findings = kept
    findings.sort(key=Finding.sort_key)
    return ScanResult(
        root=loaded.root,
        workflows=loaded.workflows,
        findings=findings,
        skipped=skipped,
        files=loaded.files,
        bytes=loaded.bytes,
        seconds=time.perf_counter() - started,
        suppressed=suppressed,
        baselined=baselined,
        packages=packages,
    )


# Worth forking only past this many code steps: below it, process start-up costs more.
PARALLEL_MIN_STEPS = 400
_FORK_STATE: tuple[LoadResult, list[Rule]] | None = None


def _check_all(
    loaded: LoadResult, rules: list[Rule], jobs: int
) -> list[tuple[list[Finding], list[Skipped], int]]:
    """Check every workflow, in `jobs` forked processes when the scan is large enough."""
    steps = sum(len(w.steps) for w in loaded.workflows)
    if jobs > 1 and steps >= PARALLEL_MIN_STEPS and len(loaded.workflows) > 1:
        try:
            return _check_parallel(loaded, rules, jobs)
        except (OSError, ValueError, ImportError):
            pass  # no fork on this platform, or the pool could not start: check serially
    return [check_workflow(w, loaded.root, rules) for w in loaded.workflows]


def _check_parallel(
    loaded: LoadResult, rules: list[Rule], jobs: int
) -> list[tuple[list[Finding], list[Skipped], int]]:
    global _FORK_STATE
    ctx = multiprocessing.get_context("fork")  # children inherit the loaded workflows
    _FORK_STATE = (loaded, rules)
    try:
        indices = range(len(loaded.workflows))
        chunk = max(1, len(loaded.workflows) // (jobs * 8))
        with ctx.Pool(processes=jobs) as pool:
            return pool.map(_check_index, indices, chunksize=chunk)
    finally:
        _FORK_STATE = None


def _check_index(index: int) -> tuple[list[Finding], list[Skipped], int]:
    assert _FORK_STATE is not None
    loaded, rules = _FORK_STATE
    return check_workflow(loaded.workflows[index], loaded.root, rules)


def default_jobs() -> int:
    """Processes for a CLI scan: the usable CPUs (threads in the TUI make fork unsafe there)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def check_workflow(
    workflow: Workflow, root: Path, rules: list[Rule]
) -> tuple[list[Finding], list[Skipped], int]:
    """Run `rules` on one workflow: (findings, partially analysed steps, suppressed count)."""
    skipped: list[Skipped] = []
    contexts: list[StepContext] = []
    for step in workflow.steps:
        code = step_code(step)
        path = relative_path(step.path or workflow.source, root)
        contexts.append(StepContext(workflow=workflow, step=step, code=code, path=path))
        if code is not None and code.parse_error:
            skipped.append(Skipped(path, f"partially analysed: {code.parse_error}"))
    wctx = WorkflowContext(
        workflow=workflow, path=relative_path(workflow.source, root), steps=contexts
    )
    raw: list[tuple[Finding, StepContext | None]] = []
    for r in rules:
        if r.check is None:
            continue
        if r.scope == "workflow":
            wctx.rule = r
            for f in r.check(wctx):
                raw.append((f, _context_for(f, contexts)))
        else:
            for ctx in contexts:
                ctx.rule = r
                for f in r.check(ctx):
                    raw.append((f, ctx))
    out: list[Finding] = []
    suppressed = 0
    for f, ctx in raw:
        if ctx is not None and ctx.code is not None:
            local_line = f.line - ctx.step.code_line_offset
            if is_suppressed(ctx.code, local_line, f.rule):
                suppressed += 1
                continue
        out.append(f)
    return out, skipped, suppressed


def _context_for(f: Finding, contexts: list[StepContext]) -> StepContext | None:
    for ctx in contexts:
        if ctx.step.namespace == f.step and ctx.path == f.path:
            return ctx
    return None


def assign_fingerprints(findings: list[Finding]) -> None:
    """Stable ids: rule, path, workflow, step, the finding's key and its occurrence number."""
    seen: Counter[tuple[str, ...]] = Counter()
    for f in sorted(findings, key=Finding.sort_key):
        basis = (f.rule, f.path, f.workflow or "", f.step or "", f.fingerprint_key)
        f.fingerprint = fingerprint(f, seen[basis])
        seen[basis] += 1
