"""A project's migrated variables, read back from the keyring (for `run` and `export`)."""

from __future__ import annotations

from pathlib import Path

from checks.vault import Manifest, Vault, project_key, project_root


def project_environment(
    path: Path, vault: Vault | None = None, manifest: Manifest | None = None
) -> dict[str, str]:
    """NAME → value of each variable migrated from the project at `path` (VaultError if missing)."""
    vault = vault or Vault()
    manifest = manifest if manifest is not None else Manifest()
    key = project_key(project_root(path))
    return {e.name: vault.require(key, e.name) for e in manifest.entries(key)}


def dotenv(env: dict[str, str]) -> str:
    """`NAME="value"` lines, double-quoted with `\\`, `"`, `$` and newlines escaped."""
    lines = []
    for name, value in sorted(env.items()):
        escaped = (
            value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("\n", "\\n")
        )
        lines.append(f'{name}="{escaped}"')
    return "\n".join(lines) + ("\n" if lines else "")
