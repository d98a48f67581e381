"""The https fix on WebSockets: `ws://` → `wss://` byte for byte, preview, undo, re-parse."""

import ast
import json
from pathlib import Path

import pytest

from checks.fixes.https import apply_https, https_edits, plan_https
from checks.fixes.journal import FixError, list_entries, undo
from checks.parsing.js import parse_js
from tests.checks.transport.util import run_rules

NODE_BEFORE = """\
import WebSocket from "ws";
import { io } from "socket.io-client";
const FEED = "ws://feed.acme.io/v1";

export default defineComponent({
  async run({ steps, $ }) {
    const a = new WebSocket(`${FEED}/orders`);
    const b = new WebSocket('WS://quotes.acme.io/live', { headers: { "X-Api-Key": "k" } });
    const c = io("http://chat.acme.io");
    const d = new WebSocket("ws://localhost:8080");
    const e = new WebSocket("wss://ok.acme.io");
    return fetch("http://api.acme.io/x");
  },
});
"""
NODE_AFTER = """\
import WebSocket from "ws";
import { io } from "socket.io-client";
const FEED = "wss://feed.acme.io/v1";

export default defineComponent({
  async run({ steps, $ }) {
    const a = new WebSocket(`${FEED}/orders`);
    const b = new WebSocket('WSS://quotes.acme.io/live', { headers: { "X-Api-Key": "k" } });
    const c = io("https://chat.acme.io");
    const d = new WebSocket("ws://localhost:8080");
    const e = new WebSocket("wss://ok.acme.io");
    return fetch("https://api.acme.io/x");
  },
});
"""

PY_BEFORE = """\
import websocket
import websockets

FEED = f"ws://feed.acme.io/{'v1'}"


async def handler(pd: "pipedream"):
    async with websockets.connect(FEED + "/orders") as ws:
        await ws.send("é")
    app = websocket.WebSocketApp(r"ws://quotes.acme.io/live")
    return websocket.create_connection('''ws://trades.acme.io''')
"""
PY_AFTER = """\
import websocket
import websockets

FEED = f"wss://feed.acme.io/{'v1'}"


async def handler(pd: "pipedream"):
    async with websockets.connect(FEED + "/orders") as ws:
        await ws.send("é")
    app = websocket.WebSocketApp(r"wss://quotes.acme.io/live")
    return websocket.create_connection('''wss://trades.acme.io''')
"""


def _parses(name: str, data: bytes) -> bool:
    if name.endswith(".py"):
        ast.parse(data)
        return True
    return not parse_js(data).root_node.has_error


@pytest.mark.parametrize(
    ("name", "before", "after", "originals"),
    [
        ("entry.mjs", NODE_BEFORE, NODE_AFTER, {"ws:", "http:"}),
        ("entry.py", PY_BEFORE, PY_AFTER, {"ws:"}),
    ],
)
def test_apply_and_undo_byte_for_byte(
    tmp_path: Path, name: str, before: str, after: str, originals: set[str]
) -> None:
    path = tmp_path / "wf" / name
    path.parent.mkdir()
    path.write_bytes(before.encode("utf-8"))
    findings = run_rules(path, "SG201", "SG203")
    assert findings and all(f.fix is not None for f in findings)
    entry = apply_https(tmp_path, findings)
    new = path.read_bytes()
    assert new == after.encode("utf-8")
    assert _parses(name, new)
    assert "wss://" in entry.summary
    # The journal holds only the replaced scheme text, not the file.
    doc = entry.to_json()
    reverse = [seg for f in doc["files"] for s in f["spans"] for seg in s["restore"]]
    assert {r["text"].lower() for r in reverse} == originals
    journal = entry.path.read_text(encoding="utf-8")
    assert not any(line.strip() in journal for line in before.splitlines() if len(line.strip()) > 8)
    # Idempotent: a rescan finds nothing left to rewrite.
    assert [f for f in run_rules(path, "SG201", "SG203") if f.fix is not None] == []
    undo(tmp_path, entry.id)
    assert path.read_bytes() == before.encode("utf-8")
    assert list_entries(tmp_path) == []


def test_edits_are_the_scheme_only(tmp_path: Path) -> None:
    path = tmp_path / "entry.mjs"
    path.write_text('new WebSocket("ws://feed.acme.io");\n', encoding="utf-8")
    [f] = run_rules(path, "SG201")
    [edit] = https_edits([f])
    assert (edit.start, edit.end, edit.replacement, edit.expected) == (15, 18, b"wss:", b"ws:")


def test_summary_names_both_schemes(tmp_path: Path) -> None:
    path = tmp_path / "entry.mjs"
    path.write_bytes(NODE_BEFORE.encode("utf-8"))
    entry = apply_https(tmp_path, run_rules(path, "SG201"))
    assert entry.summary.startswith("Use https:// and wss:// for 4 URL(s): ")


def test_preview_is_a_unified_diff_without_credentials(tmp_path: Path) -> None:
    path = tmp_path / "entry.mjs"
    path.write_text(
        'import WebSocket from "ws";\n'
        'const ws = new WebSocket("ws://bob:hunter2@feed.acme.io/live");\n',
        encoding="utf-8",
    )
    findings = run_rules(path, "SG201")
    plan = plan_https(findings, tmp_path)
    assert plan.preview() == (
        "--- a/entry.mjs\n"
        "+++ b/entry.mjs\n"
        "@@ -1,2 +1,2 @@\n"
        ' import WebSocket from "ws";\n'
        '-const ws = new WebSocket("ws://…@feed.acme.io/live");\n'
        '+const ws = new WebSocket("wss://…@feed.acme.io/live");\n'
    )
    for f in findings:
        assert "hunter2" not in json.dumps(f.extra) + f.message + f.evidence
    assert "ws://bob" in path.read_text(encoding="utf-8")  # previewing writes nothing


def test_file_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "entry.py"
    path.write_bytes(
        b'\xef\xbb\xbfimport websocket\nwebsocket.create_connection("ws://feed.acme.io")\n'
    )
    apply_https(tmp_path, run_rules(path, "SG201"))
    assert path.read_bytes() == (
        b'\xef\xbb\xbfimport websocket\nwebsocket.create_connection("wss://feed.acme.io")\n'
    )


@pytest.mark.parametrize(
    "changed",
    [
        'import websocket\n\nwebsocket.create_connection("ws://feed.acme.io")\n',  # moved
        'import websocket\nwebsocket.create_connection("wss://feed.acme.io")\n',  # fixed by hand
    ],
)
def test_stale_file_is_refused(tmp_path: Path, changed: str) -> None:
    path = tmp_path / "entry.py"
    path.write_text(
        'import websocket\nwebsocket.create_connection("ws://feed.acme.io")\n', encoding="utf-8"
    )
    findings = run_rules(path, "SG201")
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(FixError, match="changed since it was scanned"):
        apply_https(tmp_path, findings)
    assert path.read_text(encoding="utf-8") == changed
    assert list_entries(tmp_path) == []


@pytest.mark.parametrize("url", ["ws://bob:pw@feed.acme.io/live", "WSS://feed.acme.io/live"])
def test_check_https_probes_the_https_form_of_a_websocket_url(url: str) -> None:
    import httpx

    from checks.fixes.https import check_https

    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(426)  # "Upgrade Required": a WebSocket endpoint answering HTTPS

    result = check_https(url, transport=httpx.MockTransport(answer))
    assert seen == ["https://feed.acme.io/live"]
    assert (result.url, result.ok, result.status) == ("https://feed.acme.io/live", True, 426)
