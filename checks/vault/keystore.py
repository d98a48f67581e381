"""Secret values in the OS keyring, through the `keyring` library, with read-back checks."""

from __future__ import annotations

import keyring
import keyring.backends.fail
from keyring.backend import KeyringBackend

from checks.errors import StepguardError
from checks.redact import redact

SERVICE = "stepguard"

HOW_TO_FIX = (
    "install and unlock a Secret Service such as gnome-keyring (Linux), use the macOS Keychain "
    "or the Windows Credential Locker, or choose a backend with PYTHON_KEYRING_BACKEND"
)


class VaultError(StepguardError):
    """The keyring could not be used or did not hold what was expected (one-line message)."""


def keyring_username(project_key: str, name: str) -> str:
    return f"{project_key}:{name}"


def _reason(exc: BaseException, value: str | None = None) -> str:
    text = (str(exc).strip().splitlines() or [""])[0][:160]
    if value and value in text:
        text = text.replace(value, redact(value))
    kind = type(exc).__name__
    return f"{kind}: {text}" if text else kind


class Vault:
    """Store, read and delete stepguard's entries in one keyring backend.

    Without an explicit backend the one `keyring` picks (or `PYTHON_KEYRING_BACKEND`) is used.
    Every failure surfaces as VaultError with a message saying how to fix it.
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend

    @property
    def backend(self) -> KeyringBackend:
        if self._backend is None:
            try:
                self._backend = keyring.get_keyring()
            except Exception as exc:
                raise VaultError(f"keyring unavailable ({_reason(exc)}): {HOW_TO_FIX}") from None
        return self._backend

    def describe(self) -> str:
        b = self.backend
        return f"{type(b).__module__}.{type(b).__name__}"

    def check_available(self) -> None:
        """Raise VaultError unless a usable (non-failing) backend is configured."""
        if isinstance(self.backend, keyring.backends.fail.Keyring):
            raise VaultError(f"no keyring backend available: {HOW_TO_FIX}")

    def get(self, project_key: str, name: str) -> str | None:
        self.check_available()
        try:
            return self.backend.get_password(SERVICE, keyring_username(project_key, name))
        except Exception as exc:
            raise VaultError(f"keyring read failed ({_reason(exc)}): {HOW_TO_FIX}") from None

    def require(self, project_key: str, name: str) -> str:
        value = self.get(project_key, name)
        if value is None:
            raise VaultError(
                f"keyring has no entry {SERVICE}/{keyring_username(project_key, name)} "
                "(was it removed, or is another keyring backend active?)"
            )
        return value

    def store(self, project_key: str, name: str, value: str) -> None:
        """Write the value and read it back; raise VaultError if either step fails."""
        self.check_available()
        user = keyring_username(project_key, name)
        try:
            self.backend.set_password(SERVICE, user, value)
        except Exception as exc:
            raise VaultError(
                f"keyring write failed for {name} ({_reason(exc, value)}): {HOW_TO_FIX}"
            ) from None
        try:
            back = self.backend.get_password(SERVICE, user)
        except Exception as exc:
            raise VaultError(
                f"keyring read-back failed for {name} ({_reason(exc, value)}): {HOW_TO_FIX}"
            ) from None
        if back != value:
            raise VaultError(
                f"keyring read-back mismatch for {name}: the backend {self.describe()} did not "
                f"return what was stored; {HOW_TO_FIX}"
            )

    def delete(self, project_key: str, name: str) -> bool:
        """Remove an entry; False if it did not exist."""
        self.check_available()
        user = keyring_username(project_key, name)
        try:
            if self.backend.get_password(SERVICE, user) is None:
                return False
            self.backend.delete_password(SERVICE, user)
        except Exception as exc:
            raise VaultError(f"keyring delete failed for {name} ({_reason(exc)})") from None
        return True
