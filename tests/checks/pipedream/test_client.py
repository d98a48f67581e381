"""The REST client against a local server implementing the Pipedream endpoints."""

from __future__ import annotations

import json
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from checks.pipedream import (
    AuthenticationFailed,
    Credentials,
    MalformedResponse,
    PipedreamClient,
    PipedreamError,
    PipedreamUnavailable,
    RateLimited,
    WorkflowNotFound,
    fetch_workflow_json,
    load_remote_workflow,
)
from tests.checks.pipedream.conftest import API_KEY, CLIENT_ID, CLIENT_SECRET, recorded

KEY = Credentials(kind="api_key", api_key=API_KEY)
OAUTH = Credentials(kind="oauth", client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
SECRETS = (API_KEY, CLIENT_SECRET, "tok_first_0001", "tok_second_0002")


def _no_secret(exc: BaseException) -> None:
    text = f"{exc} {exc!r} {exc.args}"
    assert not any(s in text for s in SECRETS), "an error message carries a credential"
    assert "\n" not in str(exc)


def _token_endpoint(api: HTTPServer, *tokens: tuple[str, int]) -> list[dict]:
    """Serve OAuth tokens in order; returns the request bodies it saw."""
    seen: list[dict] = []
    queue = list(tokens)

    def handler(request: Request) -> Response:
        body = json.loads(request.get_data())
        seen.append(body)
        ok = body.get("client_id") == CLIENT_ID and body.get("client_secret") == CLIENT_SECRET
        if not ok or body.get("grant_type") != "client_credentials" or not queue:
            return Response(
                json.dumps({"error": "invalid_client"}), status=401, content_type="application/json"
            )
        token, expires = queue.pop(0)
        doc = {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": expires,
            "created_at": int(time.time()),
        }
        return Response(json.dumps(doc), content_type="application/json")

    api.expect_request("/v1/oauth/token", method="POST").respond_with_handler(handler)
    return seen


def test_api_key_bearer_and_org_id(api: HTTPServer) -> None:
    api.expect_request(
        "/v1/workflows/p_abc123",
        headers={"Authorization": f"Bearer {API_KEY}"},
        query_string={"org_id": "o_abc123"},
    ).respond_with_json(recorded("workflow-http.json"))
    doc = fetch_workflow_json("p_abc123", "o_abc123", credentials=KEY)
    assert [s["namespace"] for s in doc["steps"]] == [
        "fetch_order",
        "summarise",
        "code",
        "send_message",
    ]


def test_oauth_token_is_fetched_once_and_reused(api: HTTPServer) -> None:
    seen = _token_endpoint(api, ("tok_first_0001", 3600))
    api.expect_request(
        "/v1/workflows/p_abc123", headers={"Authorization": "Bearer tok_first_0001"}
    ).respond_with_json(recorded("workflow-http.json"))
    api.expect_request(
        "/v1/users/me", headers={"Authorization": "Bearer tok_first_0001"}
    ).respond_with_json(recorded("users-me.json"))
    load_remote_workflow("p_abc123", credentials=OAUTH)
    load_remote_workflow("p_abc123", credentials=OAUTH)
    assert len(seen) == 1 and seen[0]["grant_type"] == "client_credentials"


async def test_oauth_token_expiry_fetches_a_second_token(api: HTTPServer) -> None:
    seen = _token_endpoint(api, ("tok_first_0001", 120), ("tok_second_0002", 3600))
    for token in ("tok_first_0001", "tok_second_0002"):
        api.expect_request(
            "/v1/users/me", headers={"Authorization": f"Bearer {token}"}
        ).respond_with_json({"data": {"id": "u_abc123", "username": token[:9]}})
    now = [1_000_000.0]
    async with PipedreamClient(OAUTH, clock=lambda: now[0]) as pd:
        first = await pd.whoami()
        now[0] += 30
        again = await pd.whoami()
        now[0] += 100  # within a minute of expiry: refreshed early
        second = await pd.whoami()
    assert [first["username"], again["username"], second["username"]] == [
        "tok_first",
        "tok_first",
        "tok_secon",
    ]
    assert len(seen) == 2


async def test_401_refreshes_the_token_once(api: HTTPServer) -> None:
    _token_endpoint(api, ("tok_first_0001", 3600), ("tok_second_0002", 3600))
    api.expect_request(
        "/v1/users/me", headers={"Authorization": "Bearer tok_first_0001"}
    ).respond_with_json({"error": "token expired"}, status=401)
    api.expect_request(
        "/v1/users/me", headers={"Authorization": "Bearer tok_second_0002"}
    ).respond_with_json(recorded("users-me.json"))
    async with PipedreamClient(OAUTH) as pd:
        user = await pd.whoami()
    assert user["username"] == "dylburger"


async def test_401_after_refresh_is_an_oauth_error(api: HTTPServer) -> None:
    _token_endpoint(api, ("tok_first_0001", 3600), ("tok_second_0002", 3600))
    api.expect_request("/v1/users/me").respond_with_json({"error": "unauthorized"}, status=401)
    async with PipedreamClient(OAUTH) as pd:
        with pytest.raises(AuthenticationFailed) as info:
            await pd.whoami()
    assert "login --oauth" in str(info.value) and "expired or revoked" in str(info.value)
    _no_secret(info.value)


def test_bad_oauth_client(api: HTTPServer) -> None:
    _token_endpoint(api)  # no tokens to give: every request is refused
    with pytest.raises(AuthenticationFailed) as info:
        load_remote_workflow("p_abc123", credentials=OAUTH)
    assert "client id/secret" in str(info.value) and "login --oauth" in str(info.value)
    _no_secret(info.value)


@pytest.mark.parametrize(
    ("status", "headers", "error", "words"),
    [
        (401, {}, AuthenticationFailed, ["API key", "invalid or revoked", "stepguard login"]),
        (403, {}, AuthenticationFailed, ["HTTP 403", "--org", "stepguard login"]),
        (404, {}, WorkflowNotFound, ["workflow p_abc123 not found", "--org"]),
        (429, {"Retry-After": "30"}, RateLimited, ["HTTP 429", "retry after 30 s"]),
        (502, {}, PipedreamUnavailable, ["HTTP 502"]),
    ],
)
def test_http_errors(
    api: HTTPServer, status: int, headers: dict, error: type, words: list[str]
) -> None:
    api.expect_request("/v1/workflows/p_abc123").respond_with_json(
        {"error": "nope"}, status=status, headers=headers
    )
    with pytest.raises(error) as info:
        load_remote_workflow("p_abc123", credentials=KEY)
    assert isinstance(info.value, PipedreamError)
    for word in words:
        assert word in str(info.value)
    _no_secret(info.value)


def test_malformed_json(api: HTTPServer) -> None:
    api.expect_request("/v1/workflows/p_abc123").respond_with_data(
        "<html>gateway", content_type="application/json"
    )
    with pytest.raises(MalformedResponse, match="malformed JSON"):
        load_remote_workflow("p_abc123", credentials=KEY)


def test_json_without_steps(api: HTTPServer) -> None:
    api.expect_request("/v1/workflows/p_abc123").respond_with_json({"error": "route not found"})
    with pytest.raises(MalformedResponse, match="no `steps` list"):
        load_remote_workflow("p_abc123", credentials=KEY)


def test_network_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEPGUARD_PIPEDREAM_API", "http://127.0.0.1:9/v1")
    with pytest.raises(
        PipedreamUnavailable, match=r"cannot reach the Pipedream API at 127\.0\.0\.1:9"
    ) as info:
        load_remote_workflow("p_abc123", credentials=KEY)
    _no_secret(info.value)


async def test_timeout(api: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(0.5)
        return Response("{}", content_type="application/json")

    api.expect_request("/v1/users/me").respond_with_handler(slow)
    async with PipedreamClient(KEY, timeout=0.2) as pd:
        with pytest.raises(PipedreamUnavailable, match=r"did not answer within 0\.2 s"):
            await pd.whoami()


def test_client_repr_hides_credentials() -> None:
    for creds in (KEY, OAUTH):
        text = repr(PipedreamClient(creds, base="http://127.0.0.1:1/v1"))
        assert not any(s in text for s in SECRETS)
