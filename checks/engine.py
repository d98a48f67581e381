"""The scan engine: load → workflows → rules → findings (suppressed, baselined, fingerprinted)."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checks.dirs import config_dir
from checks.inputs import ScanInputs, migrated_env_names
from checks.loaders import (
    LoadResult,
    Unit,
    check_path,
    common_root,
    discover,
    load_paths,
    load_unit,
    relative_path,
)
from checks.model import Category, Finding, Skipped, Workflow
from checks.parsing.shapes import shape_problem
from checks.parsing.trees import SharedTrees
from checks.rulebase import Rule, StepContext, WorkflowContext, all_rules, fingerprint, step_code
from checks.scan_cache import CheckedWorkflow, ResultCache, workflow_key
from checks.suppress import is_suppressed

if TYPE_CHECKING:
    from checks.packages.client import ClientOptions
    from checks.packages.report import PackageReport


@dataclass
class ScanOptions:
    select: list[str] | None = None  # rule ids, id prefixes (SG1) or categories
    ignore: list[str] = field(default_factory=list)
    network: bool = False  # run rules that need the network (package audit)
    baseline: set[str] = field(default_factory=set)
    offline: bool = False  # package audit: cache only
    package_options: ClientOptions | None = None
    package_progress: Callable[[int, int], None] | None = None
    jobs: int = 1  # >1: check large scans in forked processes (CLI only; never with threads)
    cache_dir: Path | None = None  # reuse results of unchanged workflows (checks.scan_cache)
    # Env var names to treat as secrets whatever their names; None: those in the user's vault
    # manifest (what `stepguard secrets migrate` moved into the keyring).
    migrated_env: frozenset[str] | None = None


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
    packages: PackageReport | None = None  # when the audit ran
    cached: int = 0  # workflows whose results came from the result cache
    history: Any = None  # list[checks.history.HistoryReport] when `scan --history` ran
    unread: int = 0  # inputs not read at all (the first entries of `skipped`): scan incomplete


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


def build_inputs(
    options: ScanOptions, rules: list[Rule], packages: PackageReport | None = None
) -> ScanInputs:
    """Every input of a scan besides the workflows, read once, as one value."""
    migrated = options.migrated_env
    if migrated is None:
        migrated = migrated_env_names(config_dir())
    return ScanInputs(rules=tuple(rules), migrated_env=frozenset(migrated), packages=packages)


def validate_rule_patterns(patterns: Iterable[str]) -> list[str]:
    """Patterns that match no rule (to report as a usage error)."""
    rules = all_rules()
    return [p for p in patterns if p.strip() and not any(_matches(r, [p]) for r in rules)]


def scan(paths: list[Path], options: ScanOptions | None = None) -> ScanResult:
    """Load and check `paths`. With `options.jobs > 1`, large trees are loaded and checked in
    forked worker processes (same result, same order)."""
    started = time.perf_counter()
    options = options or ScanOptions()
    rules = select_rules(options)
    if options.jobs > 1 and not _needs_audit(rules):
        result = _scan_forked(paths, options, build_inputs(options, rules), started)
        if result is not None:
            return result
    loaded = load_paths(paths)
    return scan_loaded(loaded, options, started)


def scan_loaded(
    loaded: LoadResult, options: ScanOptions | None = None, started: float | None = None
) -> ScanResult:
    """Check already loaded workflows (the TUI and remote `p_…` workflows come this way)."""
    options = options or ScanOptions()
    started = started if started is not None else time.perf_counter()
    rules = select_rules(options)
    packages = None
    if _needs_audit(rules):
        # The package audit asks the registries once for the whole scan; SG5xx rules read it.
        from checks.packages.state import prepare

        packages = prepare(loaded, options)
    inputs = build_inputs(options, rules, packages)
    cache = _open_cache(options, loaded.root, inputs)
    findings: list[Finding] = []
    skipped: list[Skipped] = []
    suppressed = 0
    trees = SharedTrees(loaded.workflows)
    for workflow in loaded.workflows:
        wf_findings, wf_skipped, wf_suppressed = _check(workflow, loaded.root, inputs, cache, trees)
        findings.extend(wf_findings)
        skipped.extend(wf_skipped)
        suppressed += wf_suppressed
    return _finish(loaded, findings, skipped, suppressed, options, started, packages, cache)


def _open_cache(options: ScanOptions, root: Path, inputs: ScanInputs) -> ResultCache | None:
    if options.cache_dir is None:
        return None
    return ResultCache.open(options.cache_dir, root, inputs)


def _check(
    workflow: Workflow,
    root: Path,
    inputs: ScanInputs,
    cache: ResultCache | None,
    trees: SharedTrees | None = None,
) -> tuple[list[Finding], list[Skipped], int]:
    """`check_workflow`, answered from `cache` when the workflow is unchanged. Drops the
    loader's parse trees afterwards: they are neither picklable nor worth keeping (`trees`
    keeps those that later workflows with the same step text reuse)."""
    try:
        if trees is not None:
            trees.attach(workflow)
        if cache is None:
            return check_workflow(workflow, root, inputs)
        key = workflow_key(workflow)
        hit = cache.get(key)
        if hit is not None:
            return hit.findings, hit.skipped, hit.suppressed
        found, skipped, suppressed = check_workflow(workflow, root, inputs)
        cache.put(key, CheckedWorkflow(found, skipped, suppressed))
        return found, skipped, suppressed
    finally:
        if trees is not None:
            trees.release(workflow)
        for step in workflow.steps:
            step.parsed = None


def _needs_audit(rules: list[Rule]) -> bool:
    return any(r.network and r.category is Category.PACKAGE for r in rules)


def _finish(
    loaded: LoadResult,
    findings: list[Finding],
    check_skipped: list[Skipped],
    suppressed: int,
    options: ScanOptions,
    started: float,
    packages: PackageReport | None = None,
    cache: ResultCache | None = None,
) -> ScanResult:
    if cache is not None:
        cache.save()
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
        skipped=[*loaded.skipped, *check_skipped],
        files=loaded.files,
        bytes=loaded.bytes,
        seconds=time.perf_counter() - started,
        suppressed=suppressed,
        baselined=baselined,
        packages=packages,
        cached=cache.hits if cache is not None else 0,
        unread=len(loaded.skipped),
    )


# -- parallel scans ------------------------------------------------------------------------------

# Worth forking only past this much work (in units to check: files or workflow folders); below
# it, starting and feeding the workers costs more than they save.
PARALLEL_MIN_UNITS = 200
# A unit answered from the result cache is only loaded and hashed: about a quarter of the work.
CACHED_UNIT_WORK = 0.25
_FORK_STATE: tuple[Path, list[Unit], ScanInputs, ResultCache | None] | None = None


@dataclass
class _Part:
    """What one worker loaded and found (sent back to the parent)."""

    workflows: list[Workflow]
    load_skipped: list[Skipped]
    files: int
    bytes: int
    findings: list[Finding]
    skipped: list[Skipped]
    suppressed: int
    cache_fresh: dict[str, Any]
    cache_hits: int
    cache_misses: int


def _scan_forked(
    paths: list[Path], options: ScanOptions, inputs: ScanInputs, started: float
) -> ScanResult | None:
    """Load and check folders in worker processes; None means "do it serially instead"."""
    global _FORK_STATE
    resolved = [check_path(p) for p in paths]
    if any(p.is_file() for p in resolved):
        return None  # explicit files are few; their errors are simpler to keep serial
    root = common_root(resolved)
    units = [u for path in resolved for u in discover(path)]
    cache = _open_cache(options, root, inputs)
    if _expected_work(len(units), cache) < PARALLEL_MIN_UNITS:
        return None
    pieces = options.jobs * 8
    size = -(-len(units) // pieces)
    ranges = [(i, min(i + size, len(units))) for i in range(0, len(units), size)]
    import multiprocessing  # only large scans need it

    _FORK_STATE = (root, units, inputs, cache)
    try:
        ctx = multiprocessing.get_context("fork")  # children inherit the units and inputs
        with ctx.Pool(processes=options.jobs) as pool:
            parts: list[_Part] = pool.map(_load_and_check, ranges, chunksize=1)
    except (OSError, ValueError, ImportError):
        # no fork here, or the pool could not start (ImportError: no working semaphores on
        # this platform): scan serially
        return None
    finally:
        _FORK_STATE = None
    loaded = LoadResult(root=root)
    findings: list[Finding] = []
    check_skipped: list[Skipped] = []
    suppressed = 0
    for part in parts:
        loaded.workflows.extend(part.workflows)
        loaded.skipped.extend(part.load_skipped)
        loaded.files += part.files
        loaded.bytes += part.bytes
        findings.extend(part.findings)
        check_skipped.extend(part.skipped)
        suppressed += part.suppressed
        if cache is not None:
            cache.fresh.update(part.cache_fresh)
            cache.hits += part.cache_hits
            cache.misses += part.cache_misses
    if not loaded.workflows:
        return None  # let the serial loader raise its precise input error
    return _finish(loaded, findings, check_skipped, suppressed, options, started, cache=cache)


def _expected_work(units: int, cache: ResultCache | None) -> float:
    """Units to check, counting those the cache will probably answer (by its size) lightly."""
    cached = min(len(cache.entries), units) if cache is not None else 0
    return units - cached + cached * CACHED_UNIT_WORK


def _load_and_check(span: tuple[int, int]) -> _Part:
    assert _FORK_STATE is not None
    root, units, inputs, shared = _FORK_STATE
    # A worker runs several ranges: count and collect each range on its own.
    cache = ResultCache(shared.file, shared.entries) if shared is not None else None
    loaded = LoadResult(root=root)
    for unit in units[span[0] : span[1]]:
        load_unit(unit, loaded)
    findings: list[Finding] = []
    skipped: list[Skipped] = []
    suppressed = 0
    trees = SharedTrees(loaded.workflows)
    for workflow in loaded.workflows:
        wf_findings, wf_skipped, wf_suppressed = _check(workflow, root, inputs, cache, trees)
        findings.extend(wf_findings)
        skipped.extend(wf_skipped)
        suppressed += wf_suppressed
    return _Part(
        loaded.workflows,
        loaded.skipped,
        loaded.files,
        loaded.bytes,
        findings,
        skipped,
        suppressed,
        cache.fresh if cache is not None else {},
        cache.hits if cache is not None else 0,
        cache.misses if cache is not None else 0,
    )


def default_jobs() -> int:
    """Processes for a CLI scan: the usable CPUs (threads in the TUI make fork unsafe there)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def check_workflow(
    workflow: Workflow, root: Path, inputs: ScanInputs
) -> tuple[list[Finding], list[Skipped], int]:
    """Run `inputs.rules` on one workflow: (findings, partially analysed steps, suppressed
    count)."""
    skipped: list[Skipped] = []
    contexts: list[StepContext] = []
    for step in workflow.steps:
        code = step_code(step)
        path = relative_path(step.path or workflow.source, root)
        contexts.append(
            StepContext(workflow=workflow, step=step, code=code, path=path, inputs=inputs)
        )
        if code is not None and code.parse_error:
            skipped.append(Skipped(path, f"partially analysed: {code.parse_error}"))
        elif code is not None and (problem := shape_problem(code)):
            skipped.append(Skipped(path, f"step form not understood: {problem}"))
    wctx = WorkflowContext(
        workflow=workflow, path=relative_path(workflow.source, root), steps=contexts, inputs=inputs
    )
    raw: list[tuple[Finding, StepContext | None]] = []
    for r in inputs.rules:
        if r.workflow_check is not None:
            wctx.rule = r
            try:
                found = list(r.workflow_check(wctx))
            except RecursionError:
                skipped.append(Skipped(wctx.path, f"{r.id} skipped: code nested too deeply"))
                continue
            except Exception as exc:
                skipped.append(Skipped(wctx.path, _rule_failed(r, exc)))
                continue
            raw.extend((f, _context_for(f, contexts)) for f in found)
        elif r.step_check is not None:
            for ctx in contexts:
                ctx.rule = r
                try:
                    found = list(r.step_check(ctx))
                except RecursionError:
                    skipped.append(Skipped(ctx.path, f"{r.id} skipped: code nested too deeply"))
                    continue
                except Exception as exc:
                    skipped.append(Skipped(ctx.path, _rule_failed(r, exc)))
                    continue
                raw.extend((f, ctx) for f in found)
    out: list[Finding] = []
    suppressed = 0
    for f, where in raw:
        if where is not None and where.code is not None:
            local_line = f.line - where.step.code_line_offset
            if is_suppressed(where.code, local_line, f.rule):
                suppressed += 1
                continue
        out.append(f)
    return out, skipped, suppressed


def _rule_failed(rule: Rule, exc: BaseException) -> str:
    """One line for `skipped`; never the exception's message (it could quote code or secrets)."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = f" at {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}" if tb else ""
    return (
        f"{rule.id} could not analyse this step ({type(exc).__name__}{where}); the other rules "
        "ran — please report it"
    )


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
