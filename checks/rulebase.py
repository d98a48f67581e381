"""Rules: small named units with a stable id, a category, a severity and a best practice."""

from __future__ import annotations

import hashlib
import importlib
import pkgutil
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, cast, overload

from checks.extras import (
    AccountExtra,
    AuthExtra,
    Extra,
    FindingExtra,
    LoggingExtra,
    PackageExtra,
    SecretExtra,
    SignatureExtra,
    TransportExtra,
)
from checks.inputs import NO_INPUTS, ScanInputs
from checks.model import Category, Finding, Fix, FixKind, Practice, Severity, Step, Workflow
from checks.parsing import Code, parse_code

RULE_ID = re.compile(r"^SG\d{3}$")

CATEGORY_PRACTICE: dict[Category, Practice] = {
    Category.SECRET: Practice.SECRETS,
    Category.TRANSPORT: Practice.HTTPS,
    Category.AUTH: Practice.AUTHENTICATE,
    Category.SIGNATURE: Practice.SIGNATURES,
    Category.PACKAGE: Practice.AUDIT,
    Category.LOGGING: Practice.LIMIT_DATA,
    Category.ACCOUNT: Practice.SECRETS,
}

# The `Finding.extra` type of each rule family (`checks.extras`).
EXTRA_FOR_CATEGORY: dict[Category, type[Any]] = {
    Category.SECRET: SecretExtra,
    Category.TRANSPORT: TransportExtra,
    Category.AUTH: AuthExtra,
    Category.SIGNATURE: SignatureExtra,
    Category.PACKAGE: PackageExtra,
    Category.LOGGING: LoggingExtra,
    Category.ACCOUNT: AccountExtra,
}

_UNSET: Any = ...  # "the rule's own fix" (see StepContext.finding)


@dataclass
class StepContext:
    """What a step rule sees: the workflow, the step, its parsed code, and where it lives."""

    workflow: Workflow
    step: Step
    code: Code | None
    path: str  # relative display path of the step's file (or the workflow source)
    inputs: ScanInputs = NO_INPUTS  # everything else the rules may read (built by the engine)
    rule: Rule | None = None
    findings: list[Finding] = field(default_factory=list)

    def position(self, offset: int) -> tuple[int, int]:
        if self.code is None:
            return 1, 1
        line, col = self.code.position(offset)
        return line + self.step.code_line_offset, col

    def finding(
        self,
        start: int,
        end: int,
        message: str,
        *,
        evidence: str | None = None,
        severity: Severity | None = None,
        fix: Fix | None = _UNSET,
        extra: Extra | None = None,
        key: str | None = None,
        rule: Rule | None = None,
    ) -> Finding:
        """Build a finding for [start, end) bytes of this step's code.

        `fix` defaults to the rule's own fix; pass None for a finding that has none.
        `evidence` must already be redacted when it may contain a secret; by default it is the
        first line of the flagged source text. `key` feeds the fingerprint (defaults to the
        evidence), so fingerprints survive line moves.
        """
        r = rule or self.rule
        assert r is not None, "finding() needs a rule"
        line, col = self.position(start)
        end_line, end_col = self.position(end)
        if evidence is None:
            evidence = (
                self.code.slice(start, end).splitlines()[0][:200]
                if self.code and end > start
                else ""
            )
        return Finding(
            rule=r.id,
            category=r.category,
            severity=severity if severity is not None else r.severity,
            title=r.title,
            message=message,
            path=self.path,
            line=line,
            column=col,
            end_line=end_line,
            end_column=end_col,
            workflow=self.workflow.name,
            step=self.step.namespace,
            evidence=evidence,
            fix=self._fix(r, fix),
            extra=cast(FindingExtra, dict(extra)) if extra else FindingExtra(),
            abs_path=self.step.path or self.workflow.source,
            start_byte=start,
            end_byte=end,
            fingerprint_key=key if key is not None else evidence.strip(),
        )

    @staticmethod
    def _fix(r: Rule, fix: Fix | None) -> Fix | None:
        """Unset (the default) means the rule's own fix; None means no fix for this finding."""
        if fix is _UNSET:
            return Fix(r.fix_kind, r.fix) if r.fix and r.fix_kind else None
        return fix


@dataclass
class WorkflowContext:
    workflow: Workflow
    path: str  # display path of the workflow source
    steps: list[StepContext]
    inputs: ScanInputs = NO_INPUTS
    rule: Rule | None = None


StepCheck = Callable[[StepContext], Iterable[Finding]]
WorkflowCheck = Callable[[WorkflowContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    category: Category
    severity: Severity
    title: str
    explanation: str
    fix: str | None = None  # one-line summary of the fix, when one exists
    fix_kind: FixKind | None = None
    network: bool = False  # only runs when the user opts in (package audit)
    # Exactly one of the two: the rule checks each step, or each workflow as a whole.
    step_check: StepCheck | None = field(default=None, compare=False, repr=False)
    workflow_check: WorkflowCheck | None = field(default=None, compare=False, repr=False)

    @property
    def scope(self) -> Literal["step", "workflow"]:
        return "workflow" if self.workflow_check is not None else "step"

    @property
    def check(self) -> StepCheck | WorkflowCheck | None:
        return self.workflow_check or self.step_check

    @property
    def practice(self) -> Practice:
        return CATEGORY_PRACTICE[self.category]


REGISTRY: dict[str, Rule] = {}


@overload
def rule(
    id: str,
    name: str,
    category: Category,
    severity: Severity,
    title: str,
    explanation: str,
    *,
    scope: Literal["step"] = "step",
    fix: str | None = None,
    fix_kind: FixKind | None = None,
    network: bool = False,
) -> Callable[[StepCheck], StepCheck]: ...


@overload
def rule(
    id: str,
    name: str,
    category: Category,
    severity: Severity,
    title: str,
    explanation: str,
    *,
    scope: Literal["workflow"],
    fix: str | None = None,
    fix_kind: FixKind | None = None,
    network: bool = False,
) -> Callable[[WorkflowCheck], WorkflowCheck]: ...


def rule(
    id: str,
    name: str,
    category: Category,
    severity: Severity,
    title: str,
    explanation: str,
    *,
    scope: Literal["step", "workflow"] = "step",
    fix: str | None = None,
    fix_kind: FixKind | None = None,
    network: bool = False,
) -> Callable[[Any], Any]:
    """Register the decorated function as the check of a new rule: a `StepCheck` (the
    default scope) or, with `scope="workflow"`, a `WorkflowCheck`."""
    if not RULE_ID.match(id):
        raise ValueError(f"rule id {id!r} must look like SG123")

    def decorate(fn: Any) -> Any:
        if id in REGISTRY and REGISTRY[id].check is not fn:
            raise ValueError(f"duplicate rule id {id}")
        REGISTRY[id] = Rule(
            id=id,
            name=name,
            category=category,
            severity=severity,
            title=title,
            explanation=" ".join(explanation.split()),
            fix=fix,
            fix_kind=fix_kind,
            network=network,
            step_check=fn if scope == "step" else None,
            workflow_check=fn if scope == "workflow" else None,
        )
        return fn

    return decorate


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by id (imports every module in `checks.rules`)."""
    import checks.rules as package

    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")
    return sorted(REGISTRY.values(), key=lambda r: r.id)


def get_rule(rule_id: str) -> Rule:
    rules = {r.id: r for r in all_rules()}
    key = rule_id.strip().upper()
    if key in rules:
        return rules[key]
    by_name = {r.name: r for r in rules.values()}
    if rule_id in by_name:
        return by_name[rule_id]
    raise KeyError(f"unknown rule {rule_id!r} (see `stepguard rules`)")


def step_code(step: Step) -> Code | None:
    """The step's parsed code (the loader's parse when it made one)."""
    if step.code is None:
        return None
    parsed = step.parsed
    if isinstance(parsed, Code) and parsed.text is step.code and parsed.language is step.language:
        return parsed
    return parse_code(step.code, step.language)


# A redaction's fingerprint (`fp 3f2a9c1e0b7d`) is keyed per user; finding fingerprints must
# not be, or a baseline written on one machine would not match in CI.
_KEYED_FP = re.compile(r"\bfp [0-9a-f]{12}\b")


def fingerprint(f: Finding, occurrence: int) -> str:
    key = _KEYED_FP.sub("fp", f.fingerprint_key)
    basis = "\x1f".join([f.rule, f.path, f.workflow or "", f.step or "", key, str(occurrence)])
    return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:20]
