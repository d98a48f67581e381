"""SG601 (a token from an HTTP response) and SG606 (a whole HTTP client response) in output."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.response_output import is_token_field
from tests.checks.transport.util import scan_source

NODE = """
import axios from "axios";
export default defineComponent({{
  props: {{ key: {{ type: "string", secret: true }} }},
  methods: {{
    async shot() {{
      const url = "https://api.example.com/shot";
      return await axios({{ url, params: {{ access_key: this.key }} }});
    }},
  }},
  async run({{ steps, $ }}) {{
{body}
  }},
}});
"""

PY = """
import requests

def handler(pd: "pipedream"):
{body}
"""


def rules(tmp_path: Path, body: str, lang: str = "node") -> list[tuple[str, int]]:
    template = PY if lang == "python" else NODE
    found = scan_source(tmp_path, template.format(body=body), lang, "SG601", "SG606")
    return sorted((f.rule, f.line) for f in found)


@pytest.mark.parametrize(
    "body",
    [
        "    const res = await fetch('https://id.example.com/token', { method: 'POST' });\n"
        "    const data = await res.json();\n"
        "    return data.access_token;",
        "    return (await (await fetch('https://id.example.com/token')).json()).access_token;",
        "    const { data } = await axios.post('https://id.example.com/token', {});\n"
        "    return data.access_token;",
        "    const { data } = await axios.post('https://id.example.com/token', {});\n"
        "    $.export('token', data.accessToken);",
        "    const r = await axios.post('https://id.example.com/token', {});\n"
        "    console.log(r.data.id_token);",
    ],
    ids=["fetch-json", "inline", "axios-destructured", "export", "log"],
)
def test_token_from_http_response_in_output(tmp_path: Path, body: str) -> None:
    found = rules(tmp_path, body)
    assert [r for r, _ in found] == ["SG601"]


def test_python_token_from_response(tmp_path: Path) -> None:
    body = (
        '    r = requests.post("https://id.example.com/token", data={})\n'
        '    token = r.json()["access_token"]\n'
        "    print(token)\n"
        '    pd.export("token", token)'
    )
    assert [r for r, _ in rules(tmp_path, body, "python")] == ["SG601", "SG601"]


@pytest.mark.parametrize(
    "body",
    [
        "    const { data } = await axios.post('https://id.example.com/token', {});\n"
        "    return data.expires_in;",
        "    const data = await (await fetch('https://api.example.com/x')).json();\n"
        "    console.log(data.items);",
        "    const data = await (await fetch('https://api.example.com/x')).json();\n"
        "    console.log(data.token_type);",
    ],
    ids=["other-field", "body-items", "token-type"],
)
def test_response_fields_that_are_not_tokens(tmp_path: Path, body: str) -> None:
    assert rules(tmp_path, body) == []


def test_python_other_field_is_not_reported(tmp_path: Path) -> None:
    body = '    print(requests.get("https://api.example.com/x").json()["items"])'
    assert rules(tmp_path, body, "python") == []


@pytest.mark.parametrize(
    "body",
    [
        "    const shot = await this.shot();\n    return shot;",
        "    const u = 'https://api.example.com/me';\n"
        "    return axios.get(u, { headers: { Authorization: this.key } })\n"
        "      .then(response => { console.log(response); return response.data; });",
        "    const auth = { username: 'u', password: this.key };\n"
        "    const r = await axios.get('https://api.example.com/me', { auth });\n"
        "    console.log(r.config);",
    ],
    ids=["helper-return", "then-callback-log", "config-logged"],
)
def test_whole_client_response_in_output(tmp_path: Path, body: str) -> None:
    assert [r for r, _ in rules(tmp_path, body)] == ["SG606"]


@pytest.mark.parametrize(
    "body",
    [
        "    const shot = await this.shot();\n    return shot.data;",
        "    const r = await axios.get('https://api.example.com/public');\n    console.log(r);",
        "    const r = await fetch('https://api.example.com/x', { headers: { a: this.key } });\n"
        "    console.log(r.status);",
    ],
    ids=["data-only", "no-credentials-sent", "fetch-status"],
)
def test_response_parts_without_credentials(tmp_path: Path, body: str) -> None:
    assert rules(tmp_path, body) == []


def test_pipedream_platform_axios_returns_data_only(tmp_path: Path) -> None:
    source = """
import { axios } from "@pipedream/platform";
export default defineComponent({
  async run({ steps, $ }) {
    const r = await axios($, { url: "https://api.example.com", headers: { Authorization: "x" } });
    console.log(r);
    return r;
  },
});
"""
    assert scan_source(tmp_path, source, "node", "SG606") == []


def test_token_field_names() -> None:
    assert is_token_field("access_token") and is_token_field("accessToken")
    assert not is_token_field("token_type") and not is_token_field("expires_in")


SOURCE = """import crypto from "crypto";
export default {{
  type: "source",
  props: {{ db: "$.service.db", http: "$.interface.http" }},
  async run(event) {{
    const {{ secret }} = this.db.get("hook");
    const computed = crypto.createHmac("sha256", secret).update(event.bodyRaw).digest("hex");
    {log}
  }},
}};
"""


def test_hmac_key_logged_is_a_secret_by_use(tmp_path: Path) -> None:
    source = SOURCE.format(log="console.log(computed, secret);")
    found = scan_source(tmp_path, source, "node", "SG601")
    assert [(f.rule, f.line) for f in found] == [("SG601", 8)]
    assert "key of an HMAC" in found[0].message


def test_hmac_without_logging_the_key(tmp_path: Path) -> None:
    source = SOURCE.format(log='console.log("signature checked", computed.length);')
    assert scan_source(tmp_path, source, "node", "SG601") == []
