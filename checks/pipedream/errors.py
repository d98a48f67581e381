"""One-line errors for the Pipedream API (messages never contain a key or token)."""

from __future__ import annotations

from checks.errors import StepguardError

LOGIN_HINT = "run `stepguard login` (or `stepguard login --oauth`) to store working credentials"


class PipedreamError(StepguardError):
    """Base class for everything that can go wrong talking to Pipedream."""


class KeyringUnavailable(PipedreamError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            f"the OS keyring is not available ({detail}); on Linux start a Secret Service "
            "provider such as gnome-keyring or KWallet and unlock it (headless: "
            "`dbus-run-session -- sh -c 'echo | gnome-keyring-daemon --unlock; stepguard login'`), "
            "on macOS/Windows use the logged-in desktop session"
        )


class NotLoggedIn(PipedreamError):
    def __init__(self) -> None:
        super().__init__(f"no Pipedream credentials stored; {LOGIN_HINT}")


class AuthenticationFailed(PipedreamError):
    """401/403: the key or token was refused (the message says which and why)."""

    def __init__(self, message: str, status: int) -> None:
        self.status = status
        super().__init__(message)


class WorkflowNotFound(PipedreamError):
    def __init__(self, what: str, org_id: str | None) -> None:
        where = f" in workspace {org_id}" if org_id else ""
        hint = "check the id" + (
            "" if org_id else ", and pass --org ORG_ID if it belongs to a workspace"
        )
        super().__init__(f"{what} not found{where} (HTTP 404); {hint}")


class RateLimited(PipedreamError):
    def __init__(self, retry_after: float | None) -> None:
        self.retry_after = retry_after
        when = f"retry after {retry_after:g} s" if retry_after is not None else "retry in a minute"
        super().__init__(f"Pipedream API rate limit reached (HTTP 429); {when}")


class PipedreamUnavailable(PipedreamError):
    """Network failures, timeouts and 5xx answers."""


class MalformedResponse(PipedreamError):
    pass
