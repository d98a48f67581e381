"""The analyses skip steps early when a byte test proves there is nothing to find. Each such exit
must be exact: with every exit switched off, a scan reports exactly the same findings."""

from __future__ import annotations

import dataclasses
import random
import re
from pathlib import Path

import pytest

import checks.dataflow as dataflow
import checks.packages.extract as extract
import checks.pii as pii
import checks.redact as redact
import checks.response_output as response_output
import checks.secrets.literals as literals
import checks.secrets.scanner as scanner
import checks.secrets.text as secret_text
import checks.transport.js_sites as js_sites
import checks.transport.tls as tls
from checks.demo import write_demo
from checks.engine import ScanOptions, scan
from checks.model import Finding
from checks.reports import render
from tests.checks.secrets.corpus_values import FORMATS

# Steps written to walk along the edges of the exits: escaped property names, clients reached
# through imports and aliases, TLS switches spelled in several ways, flows through caught errors.
EDGES = {
    # each file reaches its finding through one exit's rarest path only
    "env_logged.mjs": """export default defineComponent({
  async run({ $ }) {
    console.log("key", process.env.STRIPE_SECRET_KEY);
  },
});
""",
    "escaped_auth.mjs": """export default defineComponent({
  props: { app: { type: "app", app: "slack" } },
  async run({ $ }) {
    const key = this.app["\\x24auth"].oauth_access_token;
    $.export("key", key);
  },
});
""",
    "caught_error.mjs": """import axios from "axios";
export default defineComponent({
  props: { token: { type: "string", secret: true } },
  async run({ $ }) {
    try {
      await axios.get("https://api.acme.dev", {
        headers: { Authorization: `Bearer ${this.token}` },
      });
    } catch (err) {
      console.error(err);
    }
  },
});
""",
    "aliased_fetch.mjs": """import fetchIt from "node-fetch";
const get = fetchIt;
export default defineComponent({
  async run({ $ }) {
    return get("http://api.acme.dev/v1/orders");
  },
});
""",
    "node_http.mjs": """import * as h from "http";
export default defineComponent({
  async run({ $ }) {
    h.request({ host: "acme.dev", path: "/x" }).end();
  },
});
""",
    "undici_new.mjs": """import { Client } from "undici";
export default defineComponent({
  async run({ $ }) {
    return new Client("http://10.0.0.2").request({ path: "/", method: "GET" });
  },
});
""",
    "tls_escaped.mjs": """import https from "https";
const agent = new https.Agent({ "reject\\u0055nauthorized": false });
export default defineComponent({
  async run({ $ }) {
    return fetch("https://self-signed.acme.dev", { agent });
  },
});
""",
    "tls_plain.mjs": """import axios from "axios";
import https from "https";
export default defineComponent({
  async run({ $ }) {
    return axios.get("https://x.acme.dev", {
      httpsAgent: new https.Agent({ rejectUnauthorized: false }),
    });
  },
});
""",
    "tls_env.mjs": """process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = "0";
export default defineComponent({ async run({ $ }) { return 1; } });
""",
    "tls_off.py": """import requests
def handler(pd: "pipedream"):
    return requests.get("https://api.acme.dev", verify=False).json()
""",
    "auth_logged.py": """def handler(pd: "pipedream"):
    token = pd.inputs["slack"]["$auth"]["oauth_access_token"]
    print(token)
""",
    "env_logged.py": """import os
def handler(pd: "pipedream"):
    print(os.environ["OPENAI_API_KEY"])
""",
    "broken.mjs": """export default defineComponent({
  async run({ steps, $ }) {
    console.log(process.env.API_TOKEN);
    if ( {
""",
}


def _every_field(findings: list[Finding]) -> list[tuple]:
    return [
        (dataclasses.asdict(f), f.abs_path, f.start_byte, f.end_byte, f.fingerprint_key)
        for f in findings
    ]


def _every_glued_keyword(data: bytes) -> list[int]:
    """The glued-token patterns whose keywords occur, tested one pattern at a time."""
    lower = data.lower()
    return [
        i
        for i, (keywords, _, folded) in enumerate(secret_text._GLUED)
        if any(kw in (lower if folded else data) for kw in keywords)
    ]


class _NeverClean(set[str]):
    """A clean-text memo that remembers nothing: every text goes through the detectors."""

    def __contains__(self, item: object) -> bool:
        return False


def _exits_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dataflow, "_js_may_taint", lambda *a, **k: True)
    monkeypatch.setattr(dataflow, "_py_may_taint", lambda *a, **k: True)
    monkeypatch.setattr(js_sites, "_no_request", lambda *a, **k: False)
    monkeypatch.setattr(tls, "_js_may_disable", lambda *a, **k: True)
    monkeypatch.setattr(tls, "_py_may_disable", lambda *a, **k: True)
    monkeypatch.setattr(scanner, "_keywords_by_regex", lambda *a, **k: False)
    monkeypatch.setattr(secret_text, "_glued_active", _every_glued_keyword)
    monkeypatch.setattr(secret_text, "_PAIR_TAIL", re.compile(""))
    monkeypatch.setattr(literals, "_opening", lambda min_len: re.compile(b""))
    monkeypatch.setattr(extract, "_may_add_package", lambda source: True)
    monkeypatch.setattr(redact, "_CLEAN", _NeverClean())
    monkeypatch.setattr(pii, "callee_may_start", lambda *a, **k: True)
    monkeypatch.setattr(response_output, "callee_may_start", lambda *a, **k: True)

    def every_string(code, root, min_len):  # what it does for a tree with errors: every string
        from tree_sitter import QueryCursor

        query = literals._string_query(code.language.value == "typescript")
        nodes = QueryCursor(query).captures(root).get("s", [])
        return [(n.type, n) for n in sorted(nodes, key=lambda n: n.start_byte)]

    monkeypatch.setattr(literals, "_js_strings", every_string)


def _tree(tmp_path: Path, secret_corpus: Path) -> Path:
    root = tmp_path / "inputs"
    write_demo(root / "demo")
    for name, text in EDGES.items():
        (root / "edges").mkdir(parents=True, exist_ok=True)
        (root / "edges" / name).write_text(text, encoding="utf-8")
    rng = random.Random(5)
    (root / "edges" / "escaped_key.mjs").write_text(
        f'const cfg = {{ "api\\x4bey": "{FORMATS["generic-secret"](rng)}" }};\n', encoding="utf-8"
    )
    corpus = root / "corpus"
    corpus.mkdir()
    for path in secret_corpus.iterdir():
        if path.suffix != ".json":
            (corpus / path.name).write_bytes(path.read_bytes())
    return root


def test_exits_change_no_finding(
    tmp_path: Path, secret_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path, secret_corpus)
    with_exits = scan([root], ScanOptions())
    rules = {f.rule for f in with_exits.findings}
    assert {"SG101", "SG102", "SG201", "SG202", "SG601", "SG604"} <= rules  # work for the exits
    with monkeypatch.context() as m:
        _exits_off(m)
        without = scan([root], ScanOptions())
    assert _every_field(with_exits.findings) == _every_field(without.findings)
    assert with_exits.skipped == without.skipped


def test_exits_change_nothing_on_component_code(
    pipedream_components: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_exits = scan([pipedream_components], ScanOptions(jobs=2))
    with monkeypatch.context() as m:
        _exits_off(m)
        without = scan([pipedream_components], ScanOptions(jobs=2))
    assert with_exits.findings  # real findings, so the comparison means something
    assert _every_field(with_exits.findings) == _every_field(without.findings)


def test_switching_exits_off_is_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The switches reach the code they replace (else the tests above would prove nothing)."""
    calls: list[str] = []
    monkeypatch.setattr(js_sites, "_no_request", lambda *a, **k: calls.append("sites") or False)
    monkeypatch.setattr(dataflow, "_js_may_taint", lambda *a, **k: calls.append("flow") or True)
    monkeypatch.setattr(tls, "_js_may_disable", lambda *a, **k: calls.append("tls") or True)
    step = EDGES["caught_error.mjs"] + EDGES["tls_plain.mjs"]
    (tmp_path / "s.mjs").write_text(step, encoding="utf-8")
    scan([tmp_path], ScanOptions())
    assert {"sites", "flow", "tls"} <= set(calls)


def test_switching_text_exits_off_is_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The redaction and package-comment switches reach the code they replace."""
    calls: list[str] = []

    def glued(data: bytes) -> list[int]:
        calls.append("glued")
        return _every_glued_keyword(data)

    def opening(min_len: int) -> re.Pattern[bytes]:
        calls.append("opening")
        return re.compile(b"")

    monkeypatch.setattr(secret_text, "_glued_active", glued)
    monkeypatch.setattr(literals, "_opening", opening)
    monkeypatch.setattr(extract, "_may_add_package", lambda source: calls.append("pkg") or True)
    monkeypatch.setattr(redact, "_CLEAN", _NeverClean())
    (tmp_path / "s.py").write_text(EDGES["env_logged.py"], encoding="utf-8")
    (tmp_path / "step_0001.mjs").write_text(EDGES["caught_error.mjs"], encoding="utf-8")
    render(scan([tmp_path], ScanOptions()), "json")  # the report redacts paths (digits: checked)
    assert {"glued", "opening", "pkg"} <= set(calls)
