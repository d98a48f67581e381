"""`stepguard login | logout | whoami | fetch` with an in-memory keyring and a local API."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from checks.pipedream import SERVICE
from tests.checks.pipedream.conftest import (
    API_KEY,
    CLIENT_ID,
    CLIENT_SECRET,
    MemoryKeyring,
    recorded,
)
from tui.cli import main


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_login_from_stdin_and_whoami(
    api: HTTPServer, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    api.expect_request(
        "/v1/users/me", headers={"Authorization": f"Bearer {API_KEY}"}
    ).respond_with_json(recorded("users-me.json"))
    _stdin(monkeypatch, f"{API_KEY}\n")
    assert main(["login"]) == 0
    assert memory_keyring.store == {(SERVICE, "api_key"): API_KEY}
    out = capsys.readouterr()
    assert "logged in as dylburger <dylan@pipedream.com> (u_abc123)" in out.out
    assert main(["whoami"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        "dylburger <dylan@pipedream.com> (u_abc123)",
        "  workspace o_abc123: MyWorkspace (myworkspace)",
        "  workspace o_edf456: MyTeam (myteam)",
    ]
    everything = out.out + out.err
    assert API_KEY not in everything and "pd_account_api_key" not in everything


def test_login_oauth_from_stdin(
    api: HTTPServer, memory_keyring: MemoryKeyring, monkeypatch, capsys
) -> None:
    _stdin(monkeypatch, f"{CLIENT_ID}\n{CLIENT_SECRET}\n")
    assert main(["login", "--oauth", "--no-verify"]) == 0
    assert memory_keyring.store[(SERVICE, "oauth_client_secret")] == CLIENT_SECRET
    assert "stored an OAuth client" in capsys.readouterr().out


def test_login_rejected_key_warns(
    api: HTTPServer, memory_keyring: MemoryKeyring, monkeypatch, capsys
) -> None:
    api.expect_request("/v1/users/me").respond_with_json({"error": "bad key"}, status=401)
    _stdin(monkeypatch, "pd_wrong_key_000000\n")
    assert main(["login"]) == 1
    err = capsys.readouterr().err
    assert "could not verify" in err and "invalid or revoked" in err and "pd_wrong_key" not in err


def test_login_needs_a_value(memory_keyring: MemoryKeyring, monkeypatch, capsys) -> None:
    _stdin(monkeypatch, "\n\n")
    assert main(["login"]) == 2
    assert capsys.readouterr().err.strip() == "stepguard: error: stdin: no Pipedream API key given"
    _stdin(monkeypatch, f"{CLIENT_ID}\n")
    assert main(["login", "--oauth"]) == 2
    assert "no OAuth client secret given" in capsys.readouterr().err
    assert memory_keyring.store == {}


def test_no_keyring_is_one_line(no_keyring: None, monkeypatch, capsys) -> None:
    _stdin(monkeypatch, f"{API_KEY}\n")
    assert main(["login"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(
        "stepguard: error: the OS keyring is not available"
    )
    assert API_KEY not in err
    assert main(["whoami"]) == 2


def test_logout(memory_keyring: MemoryKeyring, capsys) -> None:
    memory_keyring.store[(SERVICE, "api_key")] = API_KEY
    assert main(["logout"]) == 0
    assert memory_keyring.store == {}
    assert main(["logout"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "removed the Pipedream credentials from the OS keyring",
        "no Pipedream credentials were stored",
    ]


def test_not_logged_in(memory_keyring: MemoryKeyring, capsys) -> None:
    assert main(["fetch", "p_abc123"]) == 2
    assert "no Pipedream credentials stored; run `stepguard login`" in capsys.readouterr().err


def test_fetch_writes_json_and_summary(
    api: HTTPServer, memory_keyring: MemoryKeyring, tmp_path: Path, capsys
) -> None:
    memory_keyring.store[(SERVICE, "api_key")] = API_KEY
    api.expect_request(
        "/v1/workflows/p_abc123", query_string={"org_id": "o_abc123"}
    ).respond_with_json(recorded("workflow-http.json"))
    out_file = tmp_path / "wf.json"
    assert main(["fetch", "p_abc123", "--org", "o_abc123", "--out", str(out_file)]) == 0
    assert json.loads(out_file.read_text()) == recorded("workflow-http.json")
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    out = capsys.readouterr().out
    assert (
        "trigger: HTTP trigger (authorization not recorded) at http://eabcdefghiklmnop.m.d.pipedream.net"
        in out
    )
    assert "step 3 code: nodejs20.x, no code (the API left it out)" in out
    assert "step 4 send_message: slack-send-message, no code" in out
    assert "4 steps, 2 with code" in out and f"wrote {out_file}" in out


def test_fetch_to_stdout_and_errors(api: HTTPServer, memory_keyring: MemoryKeyring, capsys) -> None:
    memory_keyring.store[(SERVICE, "api_key")] = API_KEY
    api.expect_request("/v1/workflows/p_abc123").respond_with_json(recorded("workflow-timer.json"))
    api.expect_request("/v1/workflows/p_gone99").respond_with_json(
        {"error": "not found"}, status=404
    )
    assert main(["fetch", "p_abc123"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["triggers"][0]["id"] == "ti_Ab12Cd"
    assert "Schedule trigger" in captured.err
    assert main(["fetch", "p_gone99"]) == 2
    assert capsys.readouterr().err.startswith(
        "stepguard: error: workflow p_gone99 not found (HTTP 404)"
    )
    assert main(["fetch", "not-an-id"]) == 2
    assert "not a Pipedream workflow id" in capsys.readouterr().err


def test_fetch_output_from_a_hostile_api_is_escaped_and_redacted(
    api: HTTPServer, memory_keyring: MemoryKeyring, tmp_path: Path, capsys
) -> None:
    from tests.checks.migrate.helpers import github_token

    memory_keyring.store[(SERVICE, "api_key")] = API_KEY
    token = github_token()
    doc = recorded("workflow-http.json")
    doc["steps"][3]["namespace"] = f"send\x1b]0;owned\x07\x1b[2J\u202e{token}"
    api.expect_request("/v1/workflows/p_abc123").respond_with_json(doc)
    out_file = tmp_path / "wf.json"
    assert main(["fetch", "p_abc123", "--out", str(out_file)]) == 0
    summary = capsys.readouterr()
    assert json.loads(out_file.read_text()) == doc  # the file: exactly what was fetched
    assert main(["fetch", "p_abc123"]) == 0
    piped = capsys.readouterr()
    assert json.loads(piped.out) == doc  # stdout: the same document, safe to print
    everything = summary.out + summary.err + piped.out + piped.err
    raw = [hex(ord(c)) for c in "\x1b\x07\u202e" if c in everything]
    assert raw == [], "raw control characters were printed"
    assert "send\\x1b]0;owned" in summary.out  # the summary shows the name, escaped
    leaked = token in summary.out + summary.err + piped.err
    assert not leaked, "the token in a step name reached a message"
