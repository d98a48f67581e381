"""One lock for the vault's files (manifest, undo records): fcntl.flock on a file beside them.

Every read-modify-write of the manifest or the undo store happens under `vault_lock()`, so two
stepguard processes (two projects migrated at once) never lose each other's changes. The lock is
never held while waiting on the keyring.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from checks.vault.paths import config_dir

LOCK_FILE = ".vault.lock"


@contextlib.contextmanager
def vault_lock(folder: Path | None = None) -> Iterator[None]:
    """Hold the exclusive vault lock (blocking) for the `with` body."""
    folder = folder or config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
