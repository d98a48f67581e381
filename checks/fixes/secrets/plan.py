"""The migration plan: which secrets become which env vars, where, and what the files become.

Built from secret findings (category `secret`): grouped by `secret_id` (one variable per
distinct secret), named after the detector's suggestion, made unique against the manifest and
each other. The plan never stores a secret value; values are read from the files when needed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from checks.engine import ScanOptions, ScanResult, scan
from checks.errors import StepguardError, UnreadableFile
from checks.fixes.secrets import naming
from checks.fixes.secrets.edits import RewriteRefused, Span
from checks.fixes.secrets.rewrite import BOM, rewrite_file
from checks.fsutil import is_inside, read_input_bytes
from checks.loaders import relative_path
from checks.loaders.github_sync import WORKFLOW_FILE
from checks.model import EXTENSION_LANGUAGE, Category, Finding, Language, Workflow
from checks.redact import redact, secret_fingerprint
from checks.vault import Manifest, project_key


class MigrationError(StepguardError):
    """A migration or undo that was refused or failed; the message is one line, value-free."""


@dataclass
class Occurrence:
    path: Path  # absolute file
    rel: str  # display path, relative to the project root
    start: int  # file byte offsets of the value
    end: int
    line: int
    language: Language
    rule: str = ""
    workflow: str | None = None
    step: str | None = None


@dataclass
class PlannedSecret:
    secret_id: str
    name: str
    proposed: str
    provider: str
    detector: str
    redacted: str
    live: bool | None = None
    occurrences: list[Occurrence] = field(default_factory=list)
    include: bool = True
    reused: bool = False  # the name comes from the manifest (same secret migrated before)

    @property
    def locations(self) -> list[str]:
        return [f"{o.rel}:{o.line}" for o in self.occurrences]


@dataclass
class Refusal:
    rel: str
    line: int
    reason: str
    secret_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.rel}:{self.line}" if self.line else self.rel
        return f"{where}: {self.reason}"


@dataclass
class MigrationPlan:
    root: Path
    project_key: str
    secrets: list[PlannedSecret]
    refused: list[Refusal] = field(default_factory=list)
    taken: dict[str, str] = field(default_factory=dict)  # manifest name → secret_id
    # Byte spans of every secret found per file (also refused ones), to redact previews.
    sensitive: dict[Path, list[tuple[int, int]]] = field(default_factory=dict, repr=False)

    # -- selection and names ------------------------------------------------------------------

    @property
    def selected(self) -> list[PlannedSecret]:
        return [s for s in self.secrets if s.include]

    def secret(self, key: str) -> PlannedSecret:
        """Look a planned secret up by secret_id or current name (KeyError if unknown)."""
        for s in self.secrets:
            if key in (s.secret_id, s.name):
                return s
        raise KeyError(key)

    def set_included(self, key: str, include: bool) -> None:
        self.secret(key).include = include

    def validate_name(self, name: str, key: str | None = None) -> str | None:
        """Why `name` cannot be used for the secret `key` (secret_id or name), or None."""
        reason = naming.invalid_reason(name)
        if reason is not None:
            return f"{name!r} is not a valid variable name: {reason}"
        me = self.secret(key) if key is not None else None
        for other in self.selected:
            if other is not me and other.name == name:
                return f"{name} is already planned for another secret ({other.redacted})"
        owner = self.taken.get(name)
        if owner is not None and (me is None or owner != me.secret_id):
            return f"{name} already holds a different secret of this project (see `secrets list`)"
        return None

    def rename(self, key: str, new: str) -> str | None:
        """Rename a planned secret; returns the reason when refused (the plan is unchanged)."""
        target = self.secret(key)
        reason = self.validate_name(new, target.secret_id)
        if reason is None:
            target.name = new
        return reason

    def problems(self) -> list[str]:
        out = []
        for s in self.selected:
            reason = self.validate_name(s.name, s.secret_id)
            if reason:
                out.append(reason)
        return out

    # -- rewriting ----------------------------------------------------------------------------

    def files(
        self, secrets: Iterable[PlannedSecret] | None = None
    ) -> dict[Path, list[tuple[Occurrence, PlannedSecret]]]:
        out: dict[Path, list[tuple[Occurrence, PlannedSecret]]] = {}
        for s in self.selected if secrets is None else secrets:
            for o in s.occurrences:
                out.setdefault(o.path, []).append((o, s))
        return dict(sorted(out.items()))

    def preview(self, key: str | None = None) -> str:
        """Unified diff of the rewrite (for one secret or all selected), values redacted."""
        chosen = [self.secret(key)] if key is not None else self.selected
        chunks: list[str] = []
        for path, occs in self.files(chosen).items():
            try:
                data = path.read_bytes()
                new = rewrite_file(data, occs[0][0].language, _spans(occs))
            except (OSError, RewriteRefused) as exc:
                chunks.append(f"# {occs[0][0].rel}: cannot preview ({_why(exc)})\n")
                continue
            secrets = self._values_in(path, data)
            old_text = _redact_all(data.decode("utf-8", "replace"), secrets)
            new_text = _redact_all(new.decode("utf-8", "replace"), secrets)
            rel = occs[0][0].rel
            diff = difflib.unified_diff(
                old_text.splitlines(keepends=True),
                new_text.splitlines(keepends=True),
                fromfile=f"a/{rel}",
                tofile=f"b/{rel}",
            )
            chunks.append("".join(line if line.endswith("\n") else line + "\n" for line in diff))
        return "".join(chunks)

    def _values_in(self, path: Path, data: bytes) -> list[str]:
        spans = set(self.sensitive.get(path, []))
        for s in self.secrets:
            spans.update((o.start, o.end) for o in s.occurrences if o.path == path)
        values = {data[a:b].decode("utf-8", "replace") for a, b in spans if b <= len(data)}
        return sorted((v for v in values if v), key=len, reverse=True)


def _redact_all(text: str, values: list[str]) -> str:
    for value in values:
        text = text.replace(value, redact(value))
    return text


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc)


def _spans(occs: list[tuple[Occurrence, PlannedSecret]]) -> list[Span]:
    return [Span(o.start, o.end, s.name) for o, s in occs]


# -- building ---------------------------------------------------------------------------------


def plan_migration(paths: list[Path], manifest: Manifest | None = None) -> MigrationPlan:
    """Scan `paths` with the secret rules and plan the migration (raises InputError)."""
    result = scan(list(paths), ScanOptions(select=[Category.SECRET.value]))
    return plan_from_scan(result, manifest)


def plan_from_scan(result: ScanResult, manifest: Manifest | None = None) -> MigrationPlan:
    findings = [f for f in result.findings if f.category is Category.SECRET]
    plan = plan_from_findings(result.root, findings, result.workflows, manifest)
    # Inputs the scan could not read are named too (as `scan` lists them under Skipped).
    unread = [Refusal(s.path, 0, f"not read: {s.reason}") for s in result.skipped[: result.unread]]
    plan.refused[:0] = unread
    return plan


def _file_info(workflows: Iterable[Workflow]) -> dict[Path, tuple[Language, bool, str]]:
    info: dict[Path, tuple[Language, bool, str]] = {}
    for wf in workflows:
        for step in wf.steps:
            if step.path is not None:
                info[step.path.resolve()] = (step.language, wf.can_write, wf.origin)
        if wf.is_github_sync:  # step props (SG106): rewritten in place
            info[(wf.source / WORKFLOW_FILE).resolve()] = (Language.YAML, wf.can_write, wf.origin)
        if not wf.can_write:
            info[wf.source.resolve()] = (Language.UNKNOWN, False, wf.origin)
    return info


def plan_from_findings(
    root: Path,
    findings: list[Finding],
    workflows: Iterable[Workflow] = (),
    manifest: Manifest | None = None,
) -> MigrationPlan:
    """Group secret findings into planned variables (findings may come from any scan)."""
    root = Path(root).resolve()
    manifest = manifest if manifest is not None else Manifest()
    key = project_key(root)
    taken = {e.name: e.secret_id for e in manifest.entries(key)}
    plan = MigrationPlan(root=root, project_key=key, secrets=[], taken=taken)
    info = _file_info(workflows)
    cache: dict[Path, bytes] = {}
    by_id: dict[str, PlannedSecret] = {}
    for f in sorted(findings, key=Finding.sort_key):
        occ = _occurrence(f, root, info, cache, plan)
        if occ is None:
            continue
        data = cache[occ.path]
        value = data[occ.start : occ.end].decode("utf-8", "surrogateescape")
        sid = str(f.extra.get("secret_id") or "")
        if not sid:
            plan.refused.append(Refusal(occ.rel, occ.line, "the finding names no secret value"))
            continue
        if secret_fingerprint(value) != sid:
            plan.refused.append(Refusal(occ.rel, occ.line, "the file changed since the scan", sid))
            continue
        planned = by_id.get(sid)
        if planned is None:
            provider = str(f.extra.get("provider") or "")
            planned = PlannedSecret(
                secret_id=sid,
                name="",
                proposed=naming.propose(f.extra.get("env_name"), provider),
                provider=provider,
                detector=str(f.extra.get("detector") or f.rule),
                redacted=redact(value),
                live=f.extra.get("live"),
            )
            by_id[sid] = planned
            plan.secrets.append(planned)
        if not any(o.path == occ.path and o.start == occ.start for o in planned.occurrences):
            planned.occurrences.append(occ)
    _add_unflagged_copies(plan, cache)
    _check_rewrites(plan, cache)
    _name_all(plan, manifest)
    cache.clear()
    return plan


def _occurrence(
    f: Finding,
    root: Path,
    info: dict[Path, tuple[Language, bool, str]],
    cache: dict[Path, bytes],
    plan: MigrationPlan,
) -> Occurrence | None:
    rel = f.path
    if (
        f.abs_path is None
        or f.start_byte is None
        or f.end_byte is None
        or f.end_byte <= f.start_byte
    ):
        plan.refused.append(Refusal(rel, f.line, "the finding has no exact position"))
        return None
    path = Path(f.abs_path).resolve()
    if not is_inside(path, root):  # the loaders' containment rule, checked again before writing
        plan.refused.append(Refusal(rel, f.line, "outside the project folder; not changed"))
        return None
    language, writable, origin = info.get(
        path,
        (
            EXTENSION_LANGUAGE.get(path.suffix, Language.UNKNOWN),
            path.suffix in EXTENSION_LANGUAGE,
            "files",
        ),
    )
    if not writable:
        why = "loaded from the Pipedream API" if origin == "api" else "not a code file"
        plan.refused.append(Refusal(rel, f.line, f"{why}: change it in Pipedream or in its source"))
        return None
    if path not in cache:
        try:
            cache[path] = read_input_bytes(path, root)
        except UnreadableFile as exc:
            plan.refused.append(Refusal(rel, f.line, f"cannot read the file ({exc.reason})"))
            return None
    shift = len(BOM) if cache[path].startswith(BOM) else 0
    start, end = f.start_byte + shift, f.end_byte + shift
    plan.sensitive.setdefault(path, []).append((start, end))
    if end > len(cache[path]):
        plan.refused.append(Refusal(rel, f.line, "the file changed since the scan"))
        return None
    return Occurrence(
        path=path,
        rel=relative_path(path, root),
        start=start,
        end=end,
        line=f.line,
        language=language,
        rule=f.rule,
        workflow=f.workflow,
        step=f.step,
    )


def _add_unflagged_copies(plan: MigrationPlan, cache: dict[Path, bytes]) -> None:
    """Every other copy of a planned value in the same files is migrated too."""
    for s in plan.secrets:
        o0 = s.occurrences[0]
        value = cache[o0.path][o0.start : o0.end]
        for path, data in cache.items():
            known = {(o.start, o.end) for o in s.occurrences if o.path == path}
            template = next((o for o in s.occurrences if o.path == path), None)
            pos = data.find(value)
            while pos != -1:
                if (pos, pos + len(value)) not in known and not _overlaps(
                    plan, path, pos, pos + len(value)
                ):
                    line = data.count(b"\n", 0, pos) + 1
                    lang = (
                        template.language
                        if template
                        else EXTENSION_LANGUAGE.get(path.suffix, Language.UNKNOWN)
                    )
                    s.occurrences.append(
                        Occurrence(
                            path,
                            relative_path(path, plan.root),
                            pos,
                            pos + len(value),
                            line,
                            lang,
                            "copy",
                        )
                    )
                pos = data.find(value, pos + len(value))
        s.occurrences.sort(key=lambda o: (o.rel, o.start))


def _overlaps(plan: MigrationPlan, path: Path, start: int, end: int) -> bool:
    return any(
        o.path == path and o.start < end and start < o.end
        for s in plan.secrets
        for o in s.occurrences
    )


def _check_rewrites(plan: MigrationPlan, cache: dict[Path, bytes]) -> None:
    """Drop (and record as refused) occurrences the rewriter cannot handle."""
    for path, occs in plan.files(plan.secrets).items():
        data = cache[path]
        language = occs[0][0].language
        try:
            rewrite_file(data, language, [Span(o.start, o.end, "STEPGUARD_CHECK") for o, _ in occs])
            continue
        except RewriteRefused:
            pass
        for o, s in occs:
            try:
                rewrite_file(data, language, [Span(o.start, o.end, "STEPGUARD_CHECK")])
            except RewriteRefused as exc:
                plan.refused.append(Refusal(o.rel, o.line, str(exc), s.secret_id))
                s.occurrences.remove(o)
        # the file still holds a copy of the value; refuse the rest of this file's copies too
        refused_ids = {r.secret_id for r in plan.refused if r.rel == occs[0][0].rel}
        for o, s in occs:
            if s.secret_id in refused_ids and o in s.occurrences:
                s.occurrences.remove(o)
                plan.refused.append(
                    Refusal(
                        o.rel, o.line, "another copy in this file cannot be rewritten", s.secret_id
                    )
                )
    plan.secrets = [s for s in plan.secrets if s.occurrences]


def _name_all(plan: MigrationPlan, manifest: Manifest) -> None:
    used: set[str] = set()
    for s in plan.secrets:
        previous = manifest.name_for(plan.project_key, s.secret_id)
        if previous is not None and previous not in used:
            s.name, s.reused = previous, True
        else:
            blocked = used | {n for n, sid in plan.taken.items() if sid != s.secret_id}
            s.name = naming.unique(s.proposed, blocked)
        used.add(s.name)
