"""SG203: Pipedream endpoint URLs written with http://."""

from pathlib import Path

from tests.checks.transport.util import scan_source


def test_registering_a_webhook_node(tmp_path: Path) -> None:
    source = """
    import axios from "axios";
    const HOOK = "http://eo1a2b3c4d5e6f7.m.pipedream.net/orders";
    export default defineComponent({
      async run({ steps, $ }) {
        await axios.post("https://api.acme.io/webhooks", { target: HOOK, events: ["created"] });
        await fetch(`http://eo9z8y7x6w5v4u3.m.pipedream.net?src=${steps.trigger.event.id}`);
      },
    });
    """
    findings = scan_source(tmp_path, source, "node", "SG201", "SG203")
    assert [(f.rule, f.line) for f in findings] == [("SG203", 2), ("SG203", 6)]
    assert findings[0].extra["https_url"] == "https://eo1a2b3c4d5e6f7.m.pipedream.net/orders"
    assert findings[0].fix is not None and findings[0].fix.kind == "https"


def test_python_and_bash(tmp_path: Path) -> None:
    python = """
    import requests


    def handler(pd: "pipedream"):
        return requests.post(
            "https://api.acme.io/hooks",
            json={"url": f"http://{pd.steps['trigger']['event']['id']}.m.pipedream.net"},
        )
    """
    py = scan_source(tmp_path, python, "python", "SG203")
    assert py == []  # the host is built at run time: no literal endpoint to report
    python_literal = """
    import requests


    def handler(pd: "pipedream"):
        return requests.post("https://api.acme.io/hooks", json={"url": "http://eoabc.m.pipedream.net"})
    """
    [f] = scan_source(tmp_path, python_literal, "python", "SG203")
    assert f.extra["url"] == "http://eoabc.m.pipedream.net"
    bash = """
    curl -X POST -d '{"url":"http://eoabc.m.pipedream.net/x"}' https://api.acme.io/hooks
    """
    [b] = scan_source(tmp_path, bash, "bash", "SG203")
    assert b.extra["url"] == "http://eoabc.m.pipedream.net/x"


def test_not_flagged(tmp_path: Path) -> None:
    source = """
    // Trigger: http://eoabc.m.pipedream.net (old, see below)
    const HOOK = "https://eoabc.m.pipedream.net";
    const DOCS = "http://pipedream.net.example.com/x";
    export default defineComponent({
      async run({ steps, $ }) {
        return fetch(HOOK, { method: "POST", body: DOCS });
      },
    });
    """
    assert scan_source(tmp_path, source, "node", "SG203") == []
