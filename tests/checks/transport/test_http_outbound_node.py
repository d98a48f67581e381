"""SG201 on Node.js steps: every common client, constants, and what must not be flagged."""

from pathlib import Path

import pytest

from checks.model import Severity
from tests.checks.transport.util import scan_source


def sg201(tmp_path: Path, source: str):
    return scan_source(tmp_path, source, "node", "SG201")


@pytest.mark.parametrize(
    ("call", "client"),
    [
        ('await fetch("http://api.acme.io/v1/orders")', "fetch"),
        ('await axios.get("http://api.acme.io/v1/orders")', "axios"),
        ('await axios.post("http://api.acme.io/v1/orders", { id: 1 })', "axios"),
        ('await axios("http://api.acme.io/v1/orders")', "axios"),
        ('await axios({ method: "GET", url: "http://api.acme.io/v1/orders" })', "axios"),
        ('await got("http://api.acme.io/v1/orders").json()', "got"),
        ('await got.post("http://api.acme.io/v1/orders", { json: {} })', "got"),
        ('await nodeFetch("http://api.acme.io/v1/orders")', "fetch"),
        ('await superagent.get("http://api.acme.io/v1/orders")', "superagent"),
        ('await request("http://api.acme.io/v1/orders")', "undici"),
        ('http.get("http://api.acme.io/v1/orders", (res) => res.resume())', "http.get"),
        (
            '$.send.http({ method: "POST", url: "http://api.acme.io/v1/orders", data: {} })',
            "$.send.http",
        ),
    ],
)
def test_clients(tmp_path: Path, call: str, client: str) -> None:
    source = f"""
    import axios from "axios";
    import got from "got";
    import nodeFetch from "node-fetch";
    import superagent from "superagent";
    import {{ request }} from "undici";
    import http from "node:http";

    export default defineComponent({{
      async run({{ steps, $ }}) {{
        const res = {call};
        return res;
      }},
    }});
    """
    findings = sg201(tmp_path, source)
    assert len(findings) == 1
    f = findings[0]
    assert f.extra["client"] == client
    assert f.extra["url"] == "http://api.acme.io/v1/orders"
    assert f.extra["https_url"] == "https://api.acme.io/v1/orders"
    assert f.severity is Severity.MEDIUM
    assert f.fix is not None and f.fix.kind == "https"
    assert f.line == 10


def test_pipedream_platform_axios_with_base_url_method(tmp_path: Path) -> None:
    source = """
    import { axios } from "@pipedream/platform";

    export default defineComponent({
      methods: {
        _baseUrl() {
          return "http://legacy.acme.io/api";
        },
      },
      async run({ steps, $ }) {
        return await axios($, {
          url: `${this._baseUrl()}/customers`,
          headers: { Authorization: `Bearer ${process.env.ACME_TOKEN}` },
        });
      },
    });
    """
    [f] = sg201(tmp_path, source)
    assert f.line == 6  # anchored at the literal, where the fix applies
    assert f.extra["url"] == "http://legacy.acme.io/api/customers"
    assert f.severity is Severity.HIGH  # credentials travel in the clear
    assert "with credentials" in f.message


def test_constants_concatenation_and_templates_share_one_finding(tmp_path: Path) -> None:
    source = """
    const BASE = "http://api.acme.io";

    export default defineComponent({
      async run({ steps, $ }) {
        const a = await fetch(BASE + "/a");
        const b = await fetch(`${BASE}/b`);
        const url = new URL("/c", BASE);
        return [a, b, await fetch(url)];
      },
    });
    """
    [f] = sg201(tmp_path, source)
    assert f.line == 1
    assert "3 requests use this URL" in f.message


def test_axios_create_base_url_and_http_request_options(tmp_path: Path) -> None:
    source = """
    import axios from "axios";
    import http from "http";

    const api = axios.create({ baseURL: "http://api.acme.io/v2" });

    export default defineComponent({
      async run({ steps, $ }) {
        await api.get("/things");
        http.request({ hostname: "files.acme.io", path: "/upload", method: "PUT" }).end();
      },
    });
    """
    findings = sg201(tmp_path, source)
    assert [f.line for f in findings] == [4, 9]
    base, options = findings
    assert "base URL" in base.message and base.fix is not None
    assert options.extra["url"] == "http://files.acme.io/upload"
    assert options.fix is None  # an options object has no URL literal to rewrite


def test_severity_by_host_and_credentials(tmp_path: Path) -> None:
    source = """
    export default defineComponent({
      async run({ steps, $ }) {
        await fetch("http://10.0.0.12:8080/metrics");
        await fetch(`http://${steps.trigger.event.body.host}/ping`);
        await fetch("http://bob:s3cretpass@api.acme.io/x");
      },
    });
    """
    findings = sg201(tmp_path, source)
    assert [(f.line, f.severity) for f in findings] == [
        (3, Severity.LOW),
        (4, Severity.LOW),
        (5, Severity.HIGH),
    ]
    for f in findings:
        assert "s3cretpass" not in f.message + f.evidence + str(f.extra)


def test_not_flagged(tmp_path: Path) -> None:
    source = """
    import axios from "axios";
    // Old endpoint: fetch("http://api.acme.io/v1") — kept for reference
    const docs = "http://docs.acme.io/guide";
    const SVG_NS = "http://www.w3.org/2000/svg";

    export default defineComponent({
      async run({ steps, $ }) {
        await fetch("https://api.acme.io/v1/orders");
        await fetch("http://localhost:3000/health");
        await fetch("http://127.0.0.1:9000/");
        await fetch("http://[::1]:8080/");
        await fetch("http://0.0.0.0:8080/");
        await fetch("http://printer.local/status");
        await axios.post("https://api.acme.io/hooks", { callback: "http://example.org/cb", docs });
        await fetch("/relative/path");
        $.export("link", "http://example.org/page");
        return { ns: SVG_NS };
      },
    });
    """
    assert sg201(tmp_path, source) == []


def test_local_variables_named_like_clients_are_not_clients(tmp_path: Path) -> None:
    source = """
    export default defineComponent({
      async run({ steps, $ }) {
        const request = (u) => u.length;
        return request("http://api.acme.io/");
      },
    });
    """
    assert sg201(tmp_path, source) == []


def test_broken_code_does_not_crash(tmp_path: Path) -> None:
    source = """
    export default defineComponent({
      async run({ steps, $ }) {
        await fetch("http://api.acme.io/x"
        if (
    """
    findings = sg201(tmp_path, source)
    assert len(findings) <= 1
