"""Pure summaries of findings for the screens: per step, per best practice, what to do next."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from checks.model import Category, Finding, HttpAuth, Practice, Severity, Step, Workflow
from checks.rulebase import CATEGORY_PRACTICE

PRACTICE_ORDER = [
    Practice.SECRETS,
    Practice.HTTPS,
    Practice.AUTHENTICATE,
    Practice.SIGNATURES,
    Practice.AUDIT,
    Practice.LIMIT_DATA,
]


def practice_of(f: Finding) -> Practice:
    return CATEGORY_PRACTICE.get(f.category, Practice.AUDIT)


@dataclass
class Counts:
    by_severity: Counter[Severity] = field(default_factory=Counter)

    def add(self, f: Finding) -> None:
        self.by_severity[f.severity] += 1

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())

    @property
    def worst(self) -> Severity | None:
        return max(self.by_severity) if self.by_severity else None


def findings_for_workflow(findings: list[Finding], workflow: Workflow) -> list[Finding]:
    return [f for f in findings if f.workflow == workflow.name and _same_source(f, workflow)]


def _same_source(f: Finding, workflow: Workflow) -> bool:
    if f.abs_path is None:
        return True
    try:
        src = workflow.source.resolve()
        path = f.abs_path.resolve()
    except OSError:
        return True
    return path == src or src in path.parents


def findings_for_step(findings: list[Finding], step: Step) -> list[Finding]:
    return sorted(
        (f for f in findings if f.step == step.namespace), key=lambda f: (f.line, f.column)
    )


def trigger_findings(findings: list[Finding]) -> list[Finding]:
    """Findings about the workflow as a whole (no step), usually the trigger."""
    return [f for f in findings if f.step is None]


def step_counts(findings: list[Finding], step: Step) -> Counts:
    c = Counts()
    for f in findings:
        if f.step == step.namespace:
            c.add(f)
    return c


def practice_counts(findings: list[Finding]) -> dict[Practice, Counts]:
    out = {p: Counts() for p in PRACTICE_ORDER}
    for f in findings:
        out[practice_of(f)].add(f)
    return out


def counts_text(c: Counts) -> str:
    if not c.total:
        return "ok"
    parts = [f"{n} {sev.label}" for sev, n in sorted(c.by_severity.items(), reverse=True)]
    return ", ".join(parts)


def trigger_state(workflow: Workflow) -> str:
    t = workflow.trigger
    if not t.is_http:
        return "not an HTTP endpoint"
    if t.auth in (HttpAuth.CUSTOM_TOKEN, HttpAuth.OAUTH):
        return "authorization set on the trigger"
    if t.marked_protected:
        return "marked protected by you"
    if t.auth is HttpAuth.NONE:
        return "public — anyone with the URL can run it"
    return "authorization not recorded in these files"


def trigger_short(workflow: Workflow) -> str:
    """A few words for tables: `http · public`, `http · auth unknown`, `timer`."""
    t = workflow.trigger
    if not t.is_http:
        return t.kind.value
    if t.auth in (HttpAuth.CUSTOM_TOKEN, HttpAuth.OAUTH) or t.marked_protected:
        return "http · protected"
    if t.auth is HttpAuth.NONE:
        return "http · public"
    return "http · auth unknown"


NEXT_STEP = {
    Practice.SECRETS: "Move hard-coded secrets into environment variables (wizard: keyring).",
    Practice.AUTHENTICATE: "Add an authentication step at the top of the workflow (wizard).",
    Practice.SIGNATURES: "Verify the webhook signature before using the payload (wizard).",
    Practice.HTTPS: "Switch plain http:// URLs to https:// (wizard: preview and apply).",
    Practice.LIMIT_DATA: "Stop logging or returning sensitive data (wizard: suggested change).",
    Practice.AUDIT: "Review the flagged packages and actions (packages screen: k).",
}


def what_next(findings: list[Finding]) -> list[str]:
    """Up to three concrete next actions, most severe practice first."""
    if not findings:
        return [
            "Nothing to fix: no finding in this workflow. Export a report with `e` for a record."
        ]
    worst: dict[Practice, tuple[Severity, int]] = {}
    for f in findings:
        p = practice_of(f)
        sev, n = worst.get(p, (Severity.INFO, 0))
        worst[p] = (max(sev, f.severity), n + 1)
    ranked = sorted(
        worst.items(), key=lambda kv: (-kv[1][0], -kv[1][1], PRACTICE_ORDER.index(kv[0]))
    )
    out = [NEXT_STEP[p] for p, _ in ranked[:3]]
    fixable = sum(1 for f in findings if f.fix is not None)
    if fixable:
        out.append(f"{fixable} finding(s) have a guided fix: press `w` to start the wizard.")
    return out


def severity_order(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-f.severity, f.path, f.line))


def is_secret(f: Finding) -> bool:
    return f.category is Category.SECRET
