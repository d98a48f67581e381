"""Async client for Pipedream's REST API: bearer auth (API key or OAuth client credentials)."""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import os
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from checks.httpbound import (
    MIB,
    BoundedResponse,
    BoundExceeded,
    Bounds,
    DeadlineExceeded,
    fetch,
    host_of,
)
from checks.pipedream.credentials import Credentials, load_credentials
from checks.pipedream.errors import (
    LOGIN_HINT,
    AuthenticationFailed,
    MalformedResponse,
    PipedreamUnavailable,
    RateLimited,
    WorkflowNotFound,
)

DEFAULT_BASE = "https://api.pipedream.com/v1"
TOKEN_MARGIN = 60.0  # refresh an OAuth token this many seconds before it expires
USER_AGENT = "stepguard (security audit)"
DEADLINE = 60.0  # wall-clock seconds for one request (connect and every read)
MAX_BODY = 16 * MIB  # a workflow document is a few hundred KiB at most

# OAuth access tokens, per credentials fingerprint: (token, expires_at). Shared by every client in
# the process so a scan of many workflows asks for one token.
_tokens: dict[str, tuple[str, float]] = {}
_tokens_lock = threading.Lock()


def base_url() -> str:
    return (os.environ.get("STEPGUARD_PIPEDREAM_API") or DEFAULT_BASE).rstrip("/")


def forget_tokens() -> None:
    with _tokens_lock:
        _tokens.clear()


class PipedreamClient:
    """`async with PipedreamClient() as pd: await pd.get_workflow("p_…")`.

    Every failure is raised as a one-line `PipedreamError`; no message, log line or repr ever
    contains the API key, the client secret or an access token.
    """

    def __init__(
        self,
        credentials: Credentials | None = None,
        *,
        base: str | None = None,
        timeout: float = 20.0,
        deadline: float = DEADLINE,
        max_body: int = MAX_BODY,
        clock: Callable[[], float] = time.time,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._credentials = credentials
        self.base = (base or base_url()).rstrip("/")
        self._timeout = timeout
        self._bounds = Bounds(deadline=deadline, max_bytes=max_body)
        self._clock = clock
        self._transport = transport
        self._http: httpx.AsyncClient | None = None

    def __repr__(self) -> str:
        kind = self._credentials.kind if self._credentials else "unloaded"
        return f"PipedreamClient(base={self.base!r}, credentials={kind})"

    async def __aenter__(self) -> PipedreamClient:
        if self._credentials is None:
            self._credentials = load_credentials()
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(self._timeout),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            transport=self._transport,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    @property
    def credentials(self) -> Credentials:
        assert self._credentials is not None, "use `async with PipedreamClient()`"
        return self._credentials

    # -- endpoints ------------------------------------------------------------------------------

    async def whoami(self) -> dict[str, Any]:
        """`GET /users/me` → the `data` object (id, username, email, orgs …)."""
        doc = await self.get("/users/me", what="your user account")
        data = doc.get("data") if isinstance(doc, dict) else None
        if not isinstance(data, dict):
            raise MalformedResponse("Pipedream API answered GET /users/me without a `data` object")
        return data

    async def get_workflow(self, workflow_id: str, org_id: str | None = None) -> dict[str, Any]:
        """`GET /workflows/{id}` (`?org_id=`) → the workflow document (`triggers`, `steps`)."""
        params = {"org_id": org_id} if org_id else None
        doc = await self.get(
            f"/workflows/{quote(workflow_id, safe='')}",
            params=params,
            what=f"workflow {workflow_id}",
            org_id=org_id,
        )
        if isinstance(doc, dict) and isinstance(doc.get("data"), dict) and "steps" not in doc:
            doc = doc["data"]
        if not isinstance(doc, dict) or not isinstance(doc.get("steps"), list):
            raise MalformedResponse(
                f"Pipedream API answer for workflow {workflow_id} has no `steps` list"
            )
        return doc

    # -- requests -------------------------------------------------------------------------------

    async def get(
        self,
        path: str,
        *,
        params: dict[str, str] | None = None,
        what: str = "resource",
        org_id: str | None = None,
    ) -> Any:
        response = await self._send("GET", path, params=params, authorized=True)
        if response.status_code == 401:
            if self.credentials.kind == "oauth":
                self._drop_token()
                response = await self._send("GET", path, params=params, authorized=True)
            if response.status_code == 401:
                raise self._refused(response.status_code, what)
        return self._decode(response, path, what, org_id)

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        authorized: bool = False,
        json_body: dict[str, Any] | None = None,
    ) -> BoundedResponse:
        assert self._http is not None, "use `async with PipedreamClient()`"
        headers = {"Authorization": f"Bearer {await self._token()}"} if authorized else {}
        url = f"{self.base}{path}"
        try:
            return await fetch(
                self._http,
                method,
                url,
                self._bounds,
                params=params,
                headers=headers,
                json=json_body,
            )
        except DeadlineExceeded:
            raise PipedreamUnavailable(
                f"Pipedream API at {_host(url)} did not finish answering within "
                f"{self._bounds.deadline:g} s; try again later"
            ) from None
        except BoundExceeded as exc:  # too large, or an unreadable encoding
            raise MalformedResponse(f"Pipedream API: {exc}") from None
        except httpx.TimeoutException:
            raise PipedreamUnavailable(
                f"Pipedream API at {_host(url)} did not answer within {self._timeout:g} s"
            ) from None
        except httpx.HTTPError as exc:
            reason = type(exc).__name__
            raise PipedreamUnavailable(
                f"cannot reach the Pipedream API at {_host(url)} ({reason})"
            ) from None

    def _decode(self, response: BoundedResponse, path: str, what: str, org_id: str | None) -> Any:
        status = response.status_code
        if status in (401, 403):
            raise self._refused(status, what)
        if status == 404:
            raise WorkflowNotFound(what, org_id)
        if status == 429:
            raise RateLimited(_retry_after(response.headers.get("Retry-After"), self._clock))
        if status >= 500:
            raise PipedreamUnavailable(
                f"Pipedream API error (HTTP {status}) for GET {path}; try again later"
            )
        if status != 200:
            raise PipedreamUnavailable(f"Pipedream API answered HTTP {status} for GET {path}")
        try:
            return response.json()
        except (ValueError, UnicodeDecodeError):
            raise MalformedResponse(
                f"Pipedream API answered GET {path} with malformed JSON"
            ) from None

    def _refused(self, status: int, what: str) -> AuthenticationFailed:
        creds = self.credentials
        if status == 403:
            return AuthenticationFailed(
                f"Pipedream refused access to {what} with {creds.describe()} (HTTP 403: the "
                "credentials are valid but lack access — another workspace? try --org ORG_ID); "
                + LOGIN_HINT,
                status,
            )
        if creds.kind == "api_key":
            return AuthenticationFailed(
                "Pipedream rejected the stored API key (HTTP 401: invalid or revoked); "
                "run `stepguard login` to store a new one",
                status,
            )
        return AuthenticationFailed(
            "Pipedream rejected the OAuth access token (HTTP 401: expired or revoked, and a fresh "
            "token was refused too); run `stepguard login --oauth` to store a working client",
            status,
        )

    # -- OAuth tokens ---------------------------------------------------------------------------

    async def _token(self) -> str:
        creds = self.credentials
        if creds.kind == "api_key":
            return creds.api_key or ""
        with _tokens_lock:
            cached = _tokens.get(creds.cache_key)
        if cached is not None and cached[1] - TOKEN_MARGIN > self._clock():
            return cached[0]
        token, expires_in = await self._fetch_token()
        with _tokens_lock:
            _tokens[creds.cache_key] = (token, self._clock() + expires_in)
        return token

    def _drop_token(self) -> None:
        with _tokens_lock:
            _tokens.pop(self.credentials.cache_key, None)

    async def _fetch_token(self) -> tuple[str, float]:
        creds = self.credentials
        body = {
            "grant_type": "client_credentials",
            "client_id": creds.client_id,
            "client_secret": creds.client_secret,
        }
        response = await self._send("POST", "/oauth/token", json_body=body)
        status = response.status_code
        if status in (400, 401, 403):
            raise AuthenticationFailed(
                f"Pipedream rejected the stored OAuth client id/secret (HTTP {status}: invalid "
                "or revoked client); run `stepguard login --oauth` to store new ones",
                status,
            )
        if status == 429:
            raise RateLimited(_retry_after(response.headers.get("Retry-After"), self._clock))
        if status != 200:
            raise PipedreamUnavailable(f"Pipedream OAuth token endpoint answered HTTP {status}")
        try:
            doc = response.json()
        except (ValueError, UnicodeDecodeError):
            raise MalformedResponse(
                "Pipedream OAuth token endpoint answered with malformed JSON"
            ) from None
        token = doc.get("access_token") if isinstance(doc, dict) else None
        if not isinstance(token, str) or not token:
            raise MalformedResponse(
                "Pipedream OAuth token endpoint answered without an access_token"
            )
        expires_in = doc.get("expires_in")
        lifetime = (
            float(expires_in) if isinstance(expires_in, int | float) and expires_in > 0 else 3600.0
        )
        return token, lifetime


def _host(url: str) -> str:
    return host_of(url)


def _retry_after(value: str | None, clock: Callable[[], float]) -> float | None:
    if not value:
        return None
    with contextlib.suppress(ValueError):
        return max(0.0, float(value.strip()))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, round(when.timestamp() - clock()))


T = TypeVar("T")


def run_sync(coro_factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run `coro_factory()` to completion from sync code (in a thread if a loop is running)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro_factory())
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coro_factory())).result()
