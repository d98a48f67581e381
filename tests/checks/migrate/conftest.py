"""Migration fixtures (shared with the vault tests)."""

from tests.checks.vault.conftest import config_home, memory_keyring, private_tmp, secret_service

__all__ = ["config_home", "memory_keyring", "private_tmp", "secret_service"]
