"""SG201 on WebSockets: `ws://` is plaintext like `http://`, in Node.js and Python steps."""

from pathlib import Path

import pytest

from checks.model import Severity
from tests.checks.transport.util import scan_source

NODE_IMPORTS = """
import WS from "ws";
import { WebSocket as NamedWs } from "ws";
import { WebSocket as UndiciWebSocket } from "undici";
import { io } from "socket.io-client";
import ioDefault, { Manager } from "socket.io-client";
"""


def sg201(tmp_path: Path, source: str, lang: str = "node"):
    return scan_source(tmp_path, source, lang, "SG201")


def _node_step(call: str, imports: str = NODE_IMPORTS) -> str:
    return f"""
    {imports}
    export default defineComponent({{
      async run({{ steps, $ }}) {{
        const socket = {call};
        return socket;
      }},
    }});
    """


# -- Node.js: every client ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "client"),
    [
        ('new WebSocket("ws://feed.acme.io/v1/live")', "WebSocket"),
        ('new globalThis.WebSocket("ws://feed.acme.io/v1/live")', "WebSocket"),
        ('new WS("ws://feed.acme.io/v1/live", { perMessageDeflate: false })', "ws"),
        ('new NamedWs("ws://feed.acme.io/v1/live")', "ws"),
        ('new UndiciWebSocket("ws://feed.acme.io/v1/live")', "undici"),
        ('io("ws://feed.acme.io/v1/live", { transports: ["websocket"] })', "socket.io-client"),
        ('ioDefault.connect("ws://feed.acme.io/v1/live")', "socket.io-client"),
        ('new Manager("ws://feed.acme.io/v1/live")', "socket.io-client"),
    ],
)
def test_node_clients(tmp_path: Path, call: str, client: str) -> None:
    [f] = sg201(tmp_path, _node_step(call))
    assert f.extra["client"] == client
    assert f.extra["url"] == "ws://feed.acme.io/v1/live"
    assert f.extra["https_url"] == "wss://feed.acme.io/v1/live"
    assert f.extra["host_class"] == "public"
    assert f.severity is Severity.MEDIUM
    assert f.fix is not None and f.fix.kind == "https" and "wss://" in f.fix.summary
    assert "WebSocket" in f.message and "wss://" in f.message
    assert "https" not in f.message
    assert isinstance(f.extra["scheme_offset"], int)


@pytest.mark.parametrize(
    "imports",
    [
        'import WebSocket from "ws";',
        'const WebSocket = require("ws");',
        'const { WebSocket } = require("ws");',
        'import WebSocket from "ws@8.18.0";',
        'import WebSocket from "isomorphic-ws";',
    ],
)
def test_node_ws_package_import_forms(tmp_path: Path, imports: str) -> None:
    [f] = sg201(tmp_path, _node_step('new WebSocket("ws://feed.acme.io/live")', imports))
    assert f.extra["client"] in ("ws", "isomorphic-ws")
    assert f.extra["https_url"] == "wss://feed.acme.io/live"


def test_node_socket_io_over_http_switches_to_https(tmp_path: Path) -> None:
    """socket.io takes http:// URLs (long-polling, then the upgrade): the fix is https://."""
    source = _node_step('io("http://chat.acme.io")', 'const { io } = require("socket.io-client");')
    [f] = sg201(tmp_path, source)
    assert f.extra["client"] == "socket.io-client"
    assert f.extra["https_url"] == "https://chat.acme.io"
    assert "over plain HTTP" in f.message and f.message.endswith("Use https://.")
    assert f.fix is not None and "https://" in f.fix.summary


def test_node_ws_package_takes_http_urls_too(tmp_path: Path) -> None:
    [f] = sg201(tmp_path, _node_step('new WS("http://feed.acme.io")'))
    assert f.extra["https_url"] == "https://feed.acme.io"


def test_node_url_resolution(tmp_path: Path) -> None:
    source = """
    import WebSocket from "ws";
    const FEED = "ws://feed.acme.io";
    const config = { streamUrl: "ws://stream.acme.io/v2" };
    export default defineComponent({
      methods: {
        _socketUrl() {
          return "ws://methods.acme.io";
        },
      },
      async run({ steps, $ }) {
        const a = new WebSocket(`${FEED}/orders`);
        const b = new WebSocket(FEED + "/prices");
        const c = new WebSocket(config.streamUrl);
        const d = new WebSocket(`${this._socketUrl()}/x`);
        const e = new WebSocket("ws://" + process.env.FEED_HOST + "/live");
        const f = new WebSocket(new URL("/live", "ws://url.acme.io"));
      },
    });
    """
    findings = sg201(tmp_path, source)
    by_url = {f.extra["url"]: f for f in findings}
    assert set(by_url) == {
        "ws://feed.acme.io/orders",  # two requests share the FEED literal: one finding
        "ws://stream.acme.io/v2",
        "ws://methods.acme.io/x",
        "ws://…",
        "ws://url.acme.io…",
    }
    assert "2 connections use this URL" in by_url["ws://feed.acme.io/orders"].message
    env = by_url["ws://…"]
    assert env.severity is Severity.LOW and env.extra["host_class"] == "unknown"
    assert env.message.startswith("ws opens a WebSocket to a host not known until run time")


def test_node_credentials_make_it_high(tmp_path: Path) -> None:
    source = """
    import WebSocket from "ws";
    export default defineComponent({
      async run({ steps, $ }) {
        const a = new WebSocket("ws://feed.acme.io/live", {
          headers: { Authorization: `Bearer ${process.env.ACME_TOKEN}` },
        });
        const b = new WebSocket("ws://quotes.acme.io/live?api_key=abc123");
      },
    });
    """
    findings = sg201(tmp_path, source)
    assert [f.severity for f in findings] == [Severity.HIGH, Severity.HIGH]
    assert all(f.extra["sends_credentials"] for f in findings)
    assert all("with credentials" in f.message for f in findings)
    assert "abc123" not in repr([f.extra for f in findings]) + " ".join(f.message for f in findings)


def test_node_private_host_is_low(tmp_path: Path) -> None:
    [f] = sg201(tmp_path, _node_step('new WebSocket("ws://10.0.0.7:9000/feed")'))
    assert f.severity is Severity.LOW and f.extra["host_class"] == "private"


@pytest.mark.parametrize(
    "call",
    [
        'new WebSocket("wss://feed.acme.io/live")',
        'new WS("wss://feed.acme.io/live")',
        'io("https://chat.acme.io")',
        'io("wss://chat.acme.io")',
        'new WebSocket("ws://localhost:8080")',
        'new WebSocket("ws://127.0.0.1:8080/x")',
        'new WebSocket("ws://[::1]:8080")',
        'new WS("ws://printer.local/feed")',
        'io("ws://0.0.0.0:3000")',
        "new WebSocket(process.env.FEED_URL)",
        "new WebSocket(`${process.env.FEED_BASE}/live`)",
        "new WebSocket(this.feedUrl)",
        'io("/admin")',  # relative: the page's origin
        'io({ path: "/socket" })',
        'new WS.Server({ port: 8080, host: "ws://not-a-client.acme.io" })',
        "new WS.WebSocketServer({ port: 8080 })",
        "new WebSocket",
        'fetch("ws://feed.acme.io")',  # an HTTP client cannot take ws://
        '$.export("socket", "ws://feed.acme.io/live")',
        'socket.send("ws://feed.acme.io/live")',
    ],
)
def test_node_not_flagged(tmp_path: Path, call: str) -> None:
    assert sg201(tmp_path, _node_step(call)) == []


@pytest.mark.parametrize(
    ("prelude", "call"),
    [
        # `WebSocket` bound or declared in the step is not the global (nor the ws package).
        ("const WebSocket = makeSocketClass();", 'new WebSocket("ws://feed.acme.io")'),
        (
            "class WebSocket { constructor(url) { this.url = url; } }",
            'new WebSocket("ws://x.acme.io")',
        ),
        ("function WebSocket(url) { return { url }; }", 'new WebSocket("ws://x.acme.io")'),
        ('import { WebSocket } from "./lib/socket.mjs";', 'new WebSocket("ws://x.acme.io")'),
        ('import { WebSocket } from "partysocket";', 'new WebSocket("ws://x.acme.io")'),
        ("const io = (url) => url;", 'io("ws://x.acme.io")'),
        ("", 'new this.WebSocket("ws://x.acme.io")'),
        ("", 'new sockets.WebSocket("ws://x.acme.io")'),
        ("", 'io("ws://x.acme.io")'),  # socket.io-client is never implicit
        ("", 'WebSocket.OPEN === 1 ? "ws://x.acme.io" : ""'),
    ],
)
def test_node_unrelated_websocket_names(tmp_path: Path, prelude: str, call: str) -> None:
    assert sg201(tmp_path, _node_step(call, prelude)) == []


def test_node_parameter_shadows_global(tmp_path: Path) -> None:
    source = """
    const open = (WebSocket) => new WebSocket("ws://x.acme.io");
    function connect(WebSocket, url) { return new WebSocket("ws://y.acme.io"); }
    export default defineComponent({ async run() { return [open, connect]; } });
    """
    assert sg201(tmp_path, source) == []


def test_typescript_step(tmp_path: Path) -> None:
    path = tmp_path / "entry.ts"
    path.write_text(
        'import WebSocket from "ws";\n'
        "export default defineComponent({\n"
        "  async run({ $ }: { $: unknown }) {\n"
        '    const ws: WebSocket = new WebSocket("ws://feed.acme.io" as string);\n'
        "  },\n"
        "});\n",
        encoding="utf-8",
    )
    from tests.checks.transport.util import run_rules

    [f] = run_rules(path, "SG201")
    assert f.extra["client"] == "ws" and f.extra["https_url"] == "wss://feed.acme.io"


# -- Python ---------------------------------------------------------------------------------------

PY_IMPORTS = """
import os
import aiohttp
import websocket
import websockets
from websockets import connect
from websockets.sync.client import connect as sync_connect
"""


def _py_step(body: str, imports: str = PY_IMPORTS) -> str:
    lines = "".join(f"    {line}\n" for line in body.strip().splitlines())
    return f'{imports.strip()}\n\n\nasync def handler(pd: "pipedream"):\n{lines}    return None\n'


@pytest.mark.parametrize(
    ("body", "client"),
    [
        ('ws = await websockets.connect("ws://feed.acme.io/v1/live")', "websockets"),
        (
            'async with websockets.connect("ws://feed.acme.io/v1/live") as ws:\n'
            '    await ws.send("hi")',
            "websockets",
        ),
        ('async for ws in connect(uri="ws://feed.acme.io/v1/live"):\n    break', "websockets"),
        ('with sync_connect("ws://feed.acme.io/v1/live") as ws:\n    ws.send("x")', "websockets"),
        ('ws = websocket.create_connection("ws://feed.acme.io/v1/live")', "websocket-client"),
        (
            'app = websocket.WebSocketApp("ws://feed.acme.io/v1/live", on_message=print)',
            "websocket-client",
        ),
        (
            'app = websocket.WebSocketApp(url="ws://feed.acme.io/v1/live")',
            "websocket-client",
        ),
        ('ws = websocket.WebSocket()\nws.connect("ws://feed.acme.io/v1/live")', "websocket-client"),
        ('websocket.WebSocket().connect("ws://feed.acme.io/v1/live")', "websocket-client"),
        (
            "async with aiohttp.ClientSession() as session:\n"
            '    ws = await session.ws_connect("ws://feed.acme.io/v1/live")',
            "aiohttp",
        ),
    ],
)
def test_python_clients(tmp_path: Path, body: str, client: str) -> None:
    [f] = sg201(tmp_path, _py_step(body), "python")
    assert f.extra["client"] == client
    assert f.extra["url"] == "ws://feed.acme.io/v1/live"
    assert f.extra["https_url"] == "wss://feed.acme.io/v1/live"
    assert f.severity is Severity.MEDIUM
    assert f.fix is not None and f.fix.kind == "https" and "wss://" in f.fix.summary
    assert f"{client} opens a WebSocket to feed.acme.io without encryption" in f.message
    assert f.message.endswith("Use wss://.")


def test_python_aliases(tmp_path: Path) -> None:
    source = _py_step(
        'a = wsc.create_connection("ws://a.acme.io")\nb = ws_connect("ws://b.acme.io")',
        "import websocket as wsc\nfrom websockets.asyncio.client import connect as ws_connect",
    )
    findings = sg201(tmp_path, source, "python")
    assert [(f.extra["client"], f.extra["host"]) for f in findings] == [
        ("websocket-client", "a.acme.io"),
        ("websockets", "b.acme.io"),
    ]


def test_python_url_resolution(tmp_path: Path) -> None:
    source = """
    import os
    import websockets

    FEED = "ws://feed.acme.io"


    class Feeds:
        PRICES = "ws://prices.acme.io/v1"


    async def handler(pd: "pipedream"):
        a = await websockets.connect(f"{FEED}/orders")
        b = await websockets.connect(FEED + "/trades")
        c = await websockets.connect(Feeds.PRICES)
        d = await websockets.connect("ws://" + os.environ["FEED_HOST"] + "/live")
        e = await websockets.connect("ws://{}/live".format(os.environ["FEED_HOST"]))
    """
    findings = sg201(tmp_path, source, "python")
    by_url = {f.extra["url"]: f for f in findings}
    assert set(by_url) == {"ws://feed.acme.io/orders", "ws://prices.acme.io/v1", "ws://…"}
    assert "2 connections use this URL" in by_url["ws://feed.acme.io/orders"].message
    assert by_url["ws://…"].severity is Severity.LOW
    # Two literals start with ws://, each a finding of its own on a host unknown until run time.
    assert len(findings) == 4


def test_python_credentials_make_it_high(tmp_path: Path) -> None:
    source = _py_step(
        'a = await websockets.connect("ws://feed.acme.io", additional_headers={"Authorization": '
        "f\"Bearer {os.environ['ACME_TOKEN']}\"})\n"
        'b = websocket.create_connection("ws://quotes.acme.io/?token=abc123")'
    )
    findings = sg201(tmp_path, source, "python")
    assert [f.severity for f in findings] == [Severity.HIGH, Severity.HIGH]
    assert "abc123" not in repr([f.extra for f in findings])


@pytest.mark.parametrize(
    "body",
    [
        'await websockets.connect("wss://feed.acme.io/live")',
        'websocket.create_connection("wss://feed.acme.io/live")',
        'await websockets.connect("ws://localhost:8765")',
        'await websockets.connect("ws://127.0.0.1:8765/x")',
        'websocket.WebSocketApp("ws://printer.local/feed")',
        'await websockets.connect(os.environ["FEED_URL"])',
        'await websockets.connect(os.environ.get("FEED_BASE") + "/live")',
        "await websockets.connect(f\"{os.environ['FEED_BASE']}/live\")",
        'await websockets.serve(print, "0.0.0.0", 8765)',
        "websocket.enableTrace(True)",
        'websocket.WebSocket().send("ws://feed.acme.io")',
        "await websockets.connect()",
        'requests.get("ws://feed.acme.io")',  # an HTTP client cannot take ws://
        'print("ws://feed.acme.io")',
    ],
)
def test_python_not_flagged(tmp_path: Path, body: str) -> None:
    assert sg201(tmp_path, _py_step(body, PY_IMPORTS + "import requests\n"), "python") == []


def test_python_unimported_or_local_names(tmp_path: Path) -> None:
    source = """
    def handler(pd: "pipedream"):
        websocket = pd.steps["trigger"]["event"]
        websocket.create_connection("ws://x.acme.io")
        websockets.connect("ws://y.acme.io")
        ws = make_socket()
        ws.connect("ws://z.acme.io")
    """
    assert sg201(tmp_path, source, "python") == []


# -- SG202 already sees TLS switched off in WebSocket options -----------------------------------


def test_tls_off_in_websocket_options(tmp_path: Path) -> None:
    node = _node_step('new WS("wss://feed.acme.io", { rejectUnauthorized: false })')
    [f] = scan_source(tmp_path, node, "node", "SG202")
    assert f.extra["setting"] == "rejectUnauthorized: false"
    py = _py_step(
        'websocket.create_connection("wss://feed.acme.io", sslopt={"cert_reqs": ssl.CERT_NONE})',
        PY_IMPORTS + "import ssl\n",
    )
    [g] = scan_source(tmp_path, py, "python", "SG202")
    assert g.extra["setting"] == "ssl.CERT_NONE"
