"""The inputs of a scan besides the workflows: one explicit, frozen value built by the engine.

Rules read nothing else: no module globals, no files in the user's folders. The engine builds a
`ScanInputs` once per scan (`checks.engine.build_inputs`), hands it to every rule on its
`StepContext`/`WorkflowContext`, and the result cache hashes it into its key
(`ScanInputs.digest`), so a change to any input is never answered with a stale result.

The workflows themselves — code, props, paths, the trigger with its settings (including
`[trigger] protected` from `.stepguard.toml`) — are the other input; `checks.scan_cache.
workflow_key` hashes them per workflow.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checks.packages.report import PackageReport
    from checks.rulebase import Rule

# The vault manifest (`checks.vault.manifest`): `{"projects": {key: {"secrets": {NAME: …}}}}`.
# Read here without importing the vault, which loads the keyring library (slow to import).
MANIFEST_FILE = "secrets-manifest.json"


@dataclass(frozen=True)
class ScanInputs:
    """Everything a scan's rules read besides the workflows they check."""

    rules: tuple[Rule, ...] = ()  # the selected rules, in the order they run
    # Env var names stepguard moved into the keyring (any project): secret whatever the name.
    migrated_env: frozenset[str] = frozenset()
    # The package audit's verdicts (SG5xx network rules); None when no audit ran. Left out of
    # `==` and `hash()` (a report is mutable); `digest()` covers it.
    packages: PackageReport | None = field(default=None, compare=False)

    def digest(self) -> str:
        """A hash of every input (the result cache's key includes it)."""
        basis = {
            "rules": [r.id for r in self.rules],
            "migrated_env": sorted(self.migrated_env),
            "packages": None if self.packages is None else package_verdicts(self.packages),
        }
        text = json.dumps(basis, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


NO_INPUTS = ScanInputs()


def package_verdicts(report: PackageReport) -> list[dict[str, object]]:
    """The verdicts of an audit as plain data, in a stable order (what the SG5xx rules read)."""
    rows = [v.to_dict() for v in report.packages]
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))


def migrated_env_names(config: Path) -> frozenset[str]:
    """Names in the vault manifest of the config folder `config` (empty when there is none).

    A manifest that cannot be read or understood names nothing: the `secrets` commands report
    it when they use it; a scan must not fail because of it."""
    try:
        doc = json.loads((config / MANIFEST_FILE).read_bytes())
    except (OSError, ValueError):
        return frozenset()
    projects = doc.get("projects") if isinstance(doc, dict) else None
    if not isinstance(projects, dict):
        return frozenset()
    names: set[str] = set()
    for project in projects.values():
        secrets = project.get("secrets") if isinstance(project, dict) else None
        if isinstance(secrets, dict):
            names.update(name for name in secrets if isinstance(name, str))
    return frozenset(names)
