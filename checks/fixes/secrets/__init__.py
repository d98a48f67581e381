"""Migrate inline secrets into keyring-backed environment variables.

plan = plan_migration([Path("project")])      # scan with the secret rules, group, name
plan.rename("STRIPE_API_KEY", "STRIPE_KEY")   # → None, or the reason it is refused
print(plan.preview())                         # unified diff, values redacted
result = apply_migration(plan)                # intent → keyring → undo record → files → manifest
undo_migration(Path("project"))               # files back, byte for byte
"""

from checks.fixes.secrets.apply import MigrationResult, UndoResult, apply_migration, undo_migration
from checks.fixes.secrets.edits import RewriteRefused, Span
from checks.fixes.secrets.plan import (
    MigrationError,
    MigrationPlan,
    Occurrence,
    PlannedSecret,
    Refusal,
    plan_from_findings,
    plan_from_scan,
    plan_migration,
)
from checks.fixes.secrets.rewrite import rewrite_file
from checks.fixes.secrets.vars import project_environment

__all__ = [
    "MigrationError",
    "MigrationPlan",
    "MigrationResult",
    "Occurrence",
    "PlannedSecret",
    "Refusal",
    "RewriteRefused",
    "Span",
    "UndoResult",
    "apply_migration",
    "plan_from_findings",
    "plan_from_scan",
    "plan_migration",
    "project_environment",
    "rewrite_file",
    "undo_migration",
]
