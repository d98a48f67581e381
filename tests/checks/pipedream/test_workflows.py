"""Mapping API documents to the engine model, and scanning a remote workflow end to end."""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer

from checks.engine import ScanOptions, scan_loaded
from checks.model import HttpAuth, Language, TriggerKind
from checks.pipedream import Credentials, save_credentials, workflow_from_document
from tests.checks.pipedream.conftest import API_KEY, MemoryKeyring, recorded


def test_http_workflow_mapping() -> None:
    wf = workflow_from_document(recorded("workflow-http.json"), "p_abc123")
    assert wf.id == "p_abc123" and wf.origin == "api" and not wf.can_write
    assert wf.trigger.kind is TriggerKind.HTTP and wf.trigger.id == "hi_ABpHKz"
    assert wf.trigger.endpoint_url == "http://eabcdefghiklmnop.m.d.pipedream.net"
    assert wf.trigger.auth is HttpAuth.UNKNOWN  # the API does not report the trigger's auth setting
    fetch, summarise, code, send = wf.steps
    assert fetch.language is Language.NODE and fetch.code is not None and "axios" in fetch.code
    assert summarise.language is Language.PYTHON and summarise.runtime == "python3.12"
    assert code.code is None and "sc_ghi789" in (code.code_note or "")
    assert send.registry_action == "slack-send-message"
    assert send.connected_accounts == {"slack": "apn_3JhQwL"}


def test_other_trigger_kinds() -> None:
    timer = workflow_from_document(recorded("workflow-timer.json"), "p_timer1")
    assert timer.trigger.kind is TriggerKind.TIMER and timer.trigger.raw["interval_seconds"] == 3600
    email = workflow_from_document(recorded("workflow-email.json"), "p_mail1")
    assert email.trigger.kind is TriggerKind.EMAIL and email.steps == []
    source = workflow_from_document(recorded("workflow-source.json")["data"], "p_48rCxZ")
    assert source.trigger.kind is TriggerKind.APP and source.trigger.name == "Emit hello world"
    assert source.name == "example workflow name"
    assert source.steps[0].props == {"intProp": 5, "stringProp": "asdf"}


def test_scan_a_remote_workflow_by_id(api: HTTPServer, memory_keyring: MemoryKeyring) -> None:
    from tui.sources import load_inputs

    save_credentials(Credentials(kind="api_key", api_key=API_KEY))
    api.expect_request(
        "/v1/workflows/p_abc123", query_string={"org_id": "o_abc123"}
    ).respond_with_json(recorded("workflow-http.json"))
    loaded = load_inputs(["p_abc123"], org_id="o_abc123")
    assert [w.id for w in loaded.workflows] == ["p_abc123"]
    result = scan_loaded(loaded, ScanOptions(select=["SG501"]))
    (finding,) = result.findings
    assert finding.workflow == "p_abc123" and finding.step == "fetch_order"
    assert finding.extra["package"] == "axios" and finding.line == 1
    assert Path(finding.path).name == "p_abc123"
