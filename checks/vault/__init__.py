"""The keyring vault: secret values in the OS keyring, names and uses in a manifest.

Values live only in the keyring (service `stepguard`, username `<project-key>:<NAME>`). The
manifest (`manifest.py`) records names, fingerprints and where each secret is used, never values,
because keyring backends cannot list their entries.
"""

from checks.vault.keystore import SERVICE, Vault, VaultError, keyring_username
from checks.vault.manifest import Manifest, ManifestEntry, Use
from checks.vault.paths import config_dir, project_key, project_root

__all__ = [
    "SERVICE",
    "Manifest",
    "ManifestEntry",
    "Use",
    "Vault",
    "VaultError",
    "config_dir",
    "keyring_username",
    "project_key",
    "project_root",
]
