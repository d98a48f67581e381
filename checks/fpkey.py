"""The per-user key behind display fingerprints (`checks.redact.secret_fingerprint`).

32 random bytes, hex, in `<data dir>/fingerprint.key` (mode 0600). Made once, atomically and
without ever replacing an existing key: a temp file is written and fsynced, then hard-linked to
the final name, which fails if another process made the key first (that key is then used).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import secrets
import stat
from pathlib import Path

from checks.dirs import data_dir
from checks.errors import StepguardError

KEY_FILE = "fingerprint.key"
_HEX_KEY = re.compile(rb"[0-9a-f]{64}")
DATA_DIR_ENV = "STEPGUARD_DATA_DIR"  # as in checks.dirs.data_dir
_KEYS: dict[Path, bytes] = {}
_BY_ENV: dict[str | None, bytes] = {}


def key_path() -> Path:
    return data_dir() / KEY_FILE


def fingerprint_key() -> bytes:
    """The user's fingerprint key, made on first use (cached per data folder)."""
    override = os.environ.get(DATA_DIR_ENV)  # cheap cache key: resolving the folder is not
    key = _BY_ENV.get(override)
    if key is None:
        path = key_path()
        key = _KEYS.get(path)
        if key is None:
            key = _read(path)
            if key is None:
                key = _create(path)
            _KEYS[path] = key
        _BY_ENV[override] = key
    return key


def key_id() -> str:
    """A public identifier of the key (for cache file names: a new key starts a new cache)."""
    return hmac.new(fingerprint_key(), b"stepguard key id", hashlib.sha256).hexdigest()[:16]


def _read(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _unusable(path, exc.strerror or "cannot be read") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _unusable(path, "not a regular file")
        data = os.read(fd, 200).strip()
    finally:
        os.close(fd)
    if not _HEX_KEY.fullmatch(data):
        raise _unusable(path, "not a stepguard fingerprint key (delete it to make a new one)")
    return bytes.fromhex(data.decode("ascii"))


def _create(path: Path) -> bytes:
    key = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.sgtmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(key.hex().encode("ascii") + b"\n")
                fh.flush()
                os.fsync(fh.fileno())
            try:
                os.link(tmp, path)
            except FileExistsError:
                theirs = _read(path)  # another process was first: use its key
                if theirs is None:
                    raise _unusable(path, "vanished while it was being made") from None
                return theirs
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    except OSError as exc:
        raise _unusable(path, exc.strerror or "cannot be written") from None
    return key


def _unusable(path: Path, reason: str) -> StepguardError:
    return StepguardError(
        f"{path}: {reason}; stepguard keeps its fingerprint key there "
        "(set STEPGUARD_DATA_DIR to use another folder)"
    )
