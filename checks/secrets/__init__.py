"""Inline secret detection: provider token formats, generic secrets by name and entropy,
private keys, credentials in URLs and hard-coded Authorization headers.

`find_secrets(code)` is the entry point for other services (the migration service, the TUI);
`checks.rules.secrets` turns its matches into findings (SG101-SG105).
"""

from checks.secrets.model import SecretKind, SecretMatch
from checks.secrets.scanner import find_secrets
from checks.secrets.text import redact_secrets_in

__all__ = ["SecretKind", "SecretMatch", "find_secrets", "redact_secrets_in"]
