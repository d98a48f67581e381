"""WebSockets and the exact early exit in `js_sites`, the JSON contract, connected accounts."""

import json
from pathlib import Path

import pytest

import checks.transport.js_sites as js_sites
from checks.engine import ScanOptions, scan
from checks.model import Language
from checks.parsing import Code
from checks.reports.json_report import finding_to_dict, render_json
from tests.checks.test_early_exits import _every_field, _exits_off
from tests.checks.transport.util import scan_source

STEP = "export default defineComponent({{ async run({{ $ }}) {{\n{body}\n}} }});\n"
# Steps whose only request is a WebSocket: each must pass the `_no_request` exit.
EDGES = {
    "global.mjs": STEP.format(body='  const s = new WebSocket("ws://feed.acme.io/live");'),
    "global_this.mjs": STEP.format(body='  new globalThis.WebSocket("ws://feed.acme.io/a");'),
    "spaced.mjs": STEP.format(body='  return new WebSocket /* c */\n  ("ws://feed.acme.io/b");'),
    "aliased_ws.mjs": 'import Sock from "ws@8.18.0";\n'
    + STEP.format(body='  return new Sock("ws://feed.acme.io/c");'),
    "destructured_ws.cjs": 'const { WebSocket: Sock } = require("ws");\n'
    + STEP.format(body='  return new Sock(`ws://feed.acme.io/${"d"}`);'),
    "undici_ws.mjs": 'import { WebSocket as W } from "undici";\n'
    + STEP.format(body='  return new W("ws://feed.acme.io/e");'),
    "socket_io.mjs": 'import { io as connectTo } from "socket.io-client";\n'
    + STEP.format(body='  return connectTo("ws://chat.acme.io");'),
    "socket_io_default.mjs": 'const sio = require("socket.io-client");\n'
    + STEP.format(body='  return sio.connect("http://chat.acme.io/f");'),
    "manager.mjs": 'import { Manager } from "socket.io-client";\n'
    + STEP.format(body='  return new Manager("ws://chat.acme.io/g");'),
}
# Steps with a WebSocket name but no request: the exit may (and does) skip them.
NO_REQUEST = {
    "constant.mjs": STEP.format(body="  return WebSocket.OPEN;"),
    "bare_new.mjs": STEP.format(body="  return new WebSocket;"),
    "server.mjs": 'import { WebSocketServer } from "ws";\n'
    + STEP.format(body="  return new WebSocketServer({ port: 1 });"),
}


def _code(name: str, text: str) -> Code:
    language = Language.PYTHON if name.endswith(".py") else Language.NODE
    return Code(text, language)


@pytest.mark.parametrize("name", sorted(EDGES))
def test_exit_lets_websocket_steps_through(name: str) -> None:
    code = _code(name, EDGES[name])
    tree = code.js_tree
    assert tree is not None and not tree.root_node.has_error
    assert js_sites._no_request(code, tree.root_node) is False
    [site] = js_sites.js_request_sites(code)
    assert site.websocket


@pytest.mark.parametrize("name", sorted(NO_REQUEST))
def test_exit_still_skips_steps_without_a_websocket(name: str) -> None:
    code = _code(name, NO_REQUEST[name])
    tree = code.js_tree
    assert tree is not None and not tree.root_node.has_error
    assert js_sites._no_request(code, tree.root_node) is True
    code = _code(name, NO_REQUEST[name])
    with pytest.MonkeyPatch.context() as m:
        m.setattr(js_sites, "_no_request", lambda *a, **k: False)
        assert js_sites.js_request_sites(code) == []


def test_exits_change_no_websocket_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "edges"
    root.mkdir()
    for name, text in {**EDGES, **NO_REQUEST}.items():
        (root / name).write_text(text, encoding="utf-8")
    with_exits = scan([root], ScanOptions(select=["SG201"]))
    flagged = {Path(f.path).name for f in with_exits.findings}
    assert flagged == set(EDGES)
    with monkeypatch.context() as m:
        _exits_off(m)
        without = scan([root], ScanOptions(select=["SG201"]))
    assert _every_field(with_exits.findings) == _every_field(without.findings)


def test_global_websocket_message(tmp_path: Path) -> None:
    [f] = scan_source(tmp_path, EDGES["global.mjs"], "node", "SG201")
    assert f.message == (
        "new WebSocket() opens a connection to feed.acme.io without encryption "
        "(ws://feed.acme.io/live). Use wss://."
    )
    assert f.evidence == "WebSocket ws://feed.acme.io/live"
    assert f.fix is not None and f.fix.summary == "Use wss://…"


def test_json_contract_is_unchanged(tmp_path: Path) -> None:
    """A WebSocket finding has exactly the keys (and extra keys) of an http:// finding."""
    (tmp_path / "ws.mjs").write_text(EDGES["global.mjs"], encoding="utf-8")
    (tmp_path / "http.mjs").write_text(
        STEP.format(body='  return fetch("http://api.acme.io/x");'), encoding="utf-8"
    )
    result = scan([tmp_path], ScanOptions(select=["SG201"]))
    doc = json.loads(render_json(result))
    assert doc["version"] == 1
    by_file = {Path(f["path"]).name: f for f in doc["findings"]}
    ws, http = by_file["ws.mjs"], by_file["http.mjs"]
    assert ws.keys() == http.keys() == finding_to_dict(result.findings[0]).keys()
    assert ws["extra"].keys() == http["extra"].keys()
    assert set(ws["extra"]) == {
        "url",
        "https_url",
        "client",
        "host",
        "host_class",
        "sends_credentials",
        "scheme_offset",
    }
    assert ws["extra"]["https_url"] == "wss://feed.acme.io/live"
    assert ws["fix"] == {"kind": "https", "summary": "Use wss://…"}
    assert http["fix"] == {"kind": "https", "summary": "Use https://…"}
    assert ws["rule"] == http["rule"] == "SG201" and ws["title"] == http["title"]


def test_websocket_tokens_reach_connected_accounts(tmp_path: Path) -> None:
    """The request-site model carries a WebSocket's credentials like any request's (SG701)."""
    source = """
    import WebSocket from "ws";
    export default defineComponent({
      async run({ steps, $ }) {
        return new WebSocket("wss://api.openai.com/v1/realtime?model=gpt-4o-realtime", {
          headers: { Authorization: `Bearer ${process.env.OPENAI_API_KEY}` },
        });
      },
    });
    """
    findings = scan_source(tmp_path, source, "node", "SG201", "SG701")
    assert [f.rule for f in findings] == ["SG701"]
    assert findings[0].extra["app"] == "openai"
    assert findings[0].extra["env_vars"] == ["OPENAI_API_KEY"]
