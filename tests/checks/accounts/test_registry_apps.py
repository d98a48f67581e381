"""The registry-derived app catalog: its data, the script that builds it, and SG701 on new apps."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from checks.accounts.catalog import (
    HOST_PATTERN,
    CatalogError,
    app_for_env_name,
    load_catalog,
    match_app,
    parse_catalog,
)
from checks.redact import redact
from tests.checks.transport.util import scan_source

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "update_app_catalog.py"


def _raw() -> dict:
    text = resources.files("checks.accounts").joinpath("catalog.json").read_text("utf-8")
    return json.loads(text)


def sg701(tmp_path: Path, source: str, lang: str):
    return scan_source(tmp_path, source, lang, "SG701")


def _key(prefix: str = "") -> str:
    """A key-shaped literal made at test time (never a real credential)."""
    return prefix + "".join(["k3Y", "9f2", "Ab7", "Qx4", "Zt8", "Lm1"])


# -- the data -------------------------------------------------------------------------------


def test_catalog_has_registry_apps_with_valid_hosts_and_provenance() -> None:
    raw = _raw()
    apps = load_catalog()
    registry = [a for a in raw["apps"] if a["origin"] in ("registry", "hand+registry")]
    assert len(apps) >= 300  # issue 13: at least 300 integrated Pipedream apps
    assert len(registry) >= 200
    source = raw["source"]
    assert source["repository"] == "PipedreamHQ/pipedream"
    assert source["date"]
    for entry in raw["registry_apps"]:
        assert len(source["files"][entry["slug"]]) == 40, entry["slug"]  # a commit per file
    for app in apps:
        for host in app.hosts:
            assert HOST_PATTERN.match(host), f"{app.slug}: {host}"
        assert app.env_stems, app.slug


def test_named_apps_are_in_the_catalog() -> None:
    slugs = {a.slug for a in load_catalog()}
    named = {"mastodon", "google_gemini", "cloudinary", "telegram_bot_api", "cisco_webex"}
    assert named | {"bluesky", "agentql", "apiflash"} <= slugs
    assert {"aircall", "pandadoc", "clockify", "outreach", "zendesk_sell", "google_tasks"} <= slugs


def test_a_hand_kept_entry_narrows_a_registry_app_to_its_own_host() -> None:
    """The Vision app also lists projects on Cloud Resource Manager (any Google Cloud app
    does); apps.json keeps only the Vision host so that host is not claimed for it."""
    app = match_app("vision.googleapis.com", "/v1/images:annotate")
    assert app is not None and app.slug == "google_cloud_vision_api"
    crm = match_app("cloudresourcemanager.googleapis.com", "/v1/projects")
    assert crm is None or crm.slug != "google_cloud_vision_api"


def test_catalog_json_is_in_sync_with_the_hand_kept_entries(tmp_path: Path) -> None:
    """catalog.json = apps.json merged with the registry entries (rerun --merge-only after
    editing apps.json)."""
    out = tmp_path / "catalog.json"
    out.write_text(
        resources.files("checks.accounts").joinpath("catalog.json").read_text("utf-8"), "utf-8"
    )
    before = out.read_text("utf-8")
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--merge-only", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_text("utf-8") == before


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("{not json", "not valid JSON"),
        ('{"apps": 3}', "no list of apps"),
        ('{"apps": [{"slug": "x"}]}', "malformed entry 'x'"),
        (
            '{"apps": [{"slug": "x", "name": "X", "hosts": ["http://x.com"], "auth": "keys",'
            ' "field": "k"}]}',
            "bad hosts value",
        ),
        (
            '{"apps": [{"slug": "x", "name": "X", "hosts": ["x.com"], "auth": "basic",'
            ' "field": "k"}]}',
            "auth 'basic'",
        ),
    ],
)
def test_a_malformed_catalog_is_a_one_line_error(text: str, needle: str) -> None:
    with pytest.raises(CatalogError) as err:
        parse_catalog(text)
    assert needle in str(err.value)
    assert "\n" not in str(err.value)


def test_env_var_stems_name_an_app_only_for_credential_names() -> None:
    app = app_for_env_name("MASTODON_ACCESS_TOKEN")
    assert app is not None and app.slug == "mastodon"
    gemini = app_for_env_name("GEMINI_API_KEY")
    assert gemini is not None and gemini.slug == "google_gemini"
    assert app_for_env_name("MASTODON_URL") is None  # not a credential
    assert app_for_env_name("MY_SERVICE_TOKEN") is None


def test_registry_hosts_match() -> None:
    app = match_app("api.rollbar.com", "/api/1/items")
    assert app is not None and app.slug == "rollbar"
    app = match_app("acme.opsgenie.com", "/v2/alerts")
    assert app is not None and app.slug == "opsgenie"


# -- the script -----------------------------------------------------------------------------


def _write(root: Path, slug: str, app: str, package: dict | None = None) -> None:
    folder = root / slug
    folder.mkdir(parents=True)
    (folder / f"{slug}.app.mjs").write_text(app, "utf-8")
    if package is not None:
        (folder / "package.json").write_text(json.dumps(package), "utf-8")


def test_script_builds_entries_from_app_files(tmp_path: Path) -> None:
    components = tmp_path / "components"
    _write(
        components,
        "acme_desk",
        """
import { axios } from "@pipedream/platform";
export default {
  type: "app",
  app: "acme_desk",
  propDefinitions: { id: { type: "string", description: "See https://docs.acme.dev/x" } },
  methods: {
    _baseUrl() { return `https://${this.$auth.subdomain}.acmedesk.io/api/v2?x=1`; },
    _headers() { return { Authorization: `Bearer ${this.$auth.oauth_access_token}` }; },
  },
};
""",
    )
    _write(
        components,
        "alpha_ai",
        """
import Alpha from "alpha-sdk";
import lodash from "lodash";
import constants from "./common/constants.mjs";
export default {
  type: "app",
  app: "alpha_ai",
  methods: {
    client() { return new Alpha({ apiKey: this.$auth.api_key }); },
    url(path) { return "https://api.shared.dev/alpha/v1" + path; },
    upload() { return constants.UPLOAD_URL; },
  },
};
""",
        {
            "description": "Pipedream Alpha AI Components",
            "dependencies": {"alpha-sdk": "1", "@pipedream/platform": "3"},
        },
    )
    (components / "alpha_ai" / "common").mkdir()
    (components / "alpha_ai" / "common" / "constants.mjs").write_text(
        'export default { UPLOAD_URL: "https://upload.alpha.dev/v1" };\n', "utf-8"
    )
    _write(
        components,
        "beta_tool",
        """
export default {
  type: "app",
  app: "beta_tool",
  methods: {
    _url(p) { return `https://api.shared.dev/beta/v1${p}`; },
    _params() { return { key: this.$auth.api_token, region: this.$auth.region }; },
  },
};
""",
    )
    _write(  # no host and no SDK: skipped
        components,
        "stub_app",
        'export default { type: "app", app: "stub_app",\n'
        "  methods: { k() { return this.$auth.api_key; } } };\n",
    )
    hand = tmp_path / "apps.json"
    hand.write_text(json.dumps({"apps": []}), "utf-8")
    commits = tmp_path / "commits.json"
    commits.write_text(json.dumps({"acme_desk": "a" * 40, "alpha_ai": "b" * 40}), "utf-8")
    out = tmp_path / "catalog.json"
    cmd = [sys.executable, str(SCRIPT), str(components), "--hand", str(hand), "--out", str(out)]
    cmd += ["--commits", str(commits), "--date", "2026-01-02"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "stub_app: no determinable API host" in proc.stderr
    data = json.loads(out.read_text("utf-8"))
    apps = {a["slug"]: a for a in data["apps"]}
    assert set(apps) == {"acme_desk", "alpha_ai", "beta_tool"}
    assert apps["acme_desk"]["hosts"] == ["*.acmedesk.io"]  # doc URL ignored, query cut
    acme = apps["acme_desk"]
    assert (acme["auth"], acme["field"]) == ("oauth", "oauth_access_token")
    assert apps["alpha_ai"]["name"] == "Alpha AI"
    assert apps["alpha_ai"]["sdk_packages"] == ["alpha-sdk"]
    assert "ALPHA_AI" in apps["alpha_ai"]["env_stems"]
    # one host, two apps: told apart by their path prefixes
    assert apps["alpha_ai"]["hosts"] == ["api.shared.dev/alpha/", "upload.alpha.dev"]
    assert apps["beta_tool"]["hosts"] == ["api.shared.dev/beta/"]
    assert (apps["beta_tool"]["auth"], apps["beta_tool"]["field"]) == ("keys", "api_token")
    assert data["source"]["files"] == {"acme_desk": "a" * 40, "alpha_ai": "b" * 40}
    assert data["source"]["date"] == "2026-01-02"
    parse_catalog(out.read_text("utf-8"))  # what it writes loads
    # deterministic: a second run writes the same bytes
    first = out.read_bytes()
    subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert out.read_bytes() == first


def test_script_reads_a_host_followed_by_its_path_and_a_default_host(tmp_path: Path) -> None:
    """`https://api.host${path}` names the host; `this.$auth.base_url || "https://…"` names
    the default host (only strings concatenated with `+` are read as one)."""
    components = tmp_path / "components"
    _write(
        components,
        "fit_app",
        """
export default {
  type: "app",
  app: "fit_app",
  methods: {
    _url(path) { return `https://api.fitapp.dev${path}`; },
    _h() { return { Authorization: `Bearer ${this.$auth.oauth_access_token}` }; },
  },
};
""",
    )
    _write(
        components,
        "bot_app",
        """
export default {
  type: "app",
  app: "bot_app",
  methods: {
    _baseUrl() { return this.$auth.base_url || "https://api.botapp.dev"; },
    _h() { return { Authorization: `Bearer ${this.$auth.api_key}` }; },
  },
};
""",
    )
    hand = tmp_path / "apps.json"
    hand.write_text(json.dumps({"apps": []}), "utf-8")
    out = tmp_path / "catalog.json"
    cmd = [sys.executable, str(SCRIPT), str(components), "--hand", str(hand), "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    apps = {a["slug"]: a for a in json.loads(out.read_text("utf-8"))["apps"]}
    assert apps["fit_app"]["hosts"] == ["api.fitapp.dev"]
    assert apps["bot_app"]["hosts"] == ["api.botapp.dev"]
    assert (apps["bot_app"]["auth"], apps["bot_app"]["field"]) == ("keys", "api_key")


def test_script_hand_kept_entries_win_and_collisions_are_noted(tmp_path: Path) -> None:
    components = tmp_path / "components"
    for slug in ("one_app", "two_app"):
        _write(
            components,
            slug,
            f"""export default {{ type: "app", app: "{slug}", methods: {{
  u() {{ return "https://api.same.dev/v1"; }}, h() {{ return this.$auth.api_key; }} }} }};""",
        )
    _write(
        components,
        "mine",
        """export default { type: "app", app: "mine", methods: {
  u() { return "https://api.mine.dev/v1"; }, h() { return this.$auth.token; } } };""",
    )
    hand = tmp_path / "apps.json"
    hand.write_text(
        json.dumps(
            {
                "apps": [
                    {
                        "slug": "mine",
                        "name": "Mine (curated)",
                        "hosts": ["api.mine.dev"],
                        "auth": "keys",
                        "field": "secret_token",
                        "prefer_when": ["MINE"],
                    }
                ]
            }
        ),
        "utf-8",
    )
    out = tmp_path / "catalog.json"
    cmd = [sys.executable, str(SCRIPT), str(components), "--hand", str(hand), "--out", str(out)]
    subprocess.run(cmd, capture_output=True, text=True, check=True)
    data = json.loads(out.read_text("utf-8"))
    apps = {a["slug"]: a for a in data["apps"]}
    assert apps["mine"]["name"] == "Mine (curated)"
    assert apps["mine"]["field"] == "secret_token"
    assert apps["mine"]["prefer_when"] == ["MINE"]
    assert apps["mine"]["origin"] == "hand+registry"
    assert "one_app" not in apps and "two_app" not in apps  # same host and path: nobody's
    assert any("api.same.dev" in note for note in data["shared_hosts"])


# -- SG701 on registry apps -----------------------------------------------------------------

NODE_ROLLBAR = """
export default defineComponent({
  async run({ steps, $ }) {
    const res = await fetch("https://api.rollbar.com/api/1/items", {
      method: "POST",
      headers: { "X-Rollbar-Access-Token": %s },
      body: JSON.stringify({ data: {} }),
    });
    return res.json();
  },
});
"""


def test_node_env_var_to_a_registry_host(tmp_path: Path) -> None:
    [f] = sg701(tmp_path, NODE_ROLLBAR % "process.env.ROLLBAR_TOKEN", "node")
    assert f.extra["app"] == "rollbar"
    assert "connect a Rollbar account and use this.rollbar.$auth.access_token" in f.message
    assert "this.rollbar.$auth.access_token" in f.extra["snippet"]


def test_node_literal_to_a_registry_host_is_redacted(tmp_path: Path) -> None:
    key = _key()
    [f] = sg701(tmp_path, NODE_ROLLBAR % f'"{key}"', "node")
    assert f.extra["app"] == "rollbar" and f.extra["literal_token"]
    assert key not in f.message + f.evidence + repr(f.extra)
    assert redact(key) in f.message


def test_node_connected_account_or_no_credential_is_not_flagged(tmp_path: Path) -> None:
    assert sg701(tmp_path, NODE_ROLLBAR % "this.rollbar.$auth.access_token", "node") == []
    open_request = """
export default defineComponent({
  async run({ steps, $ }) {
    return (await fetch("https://api.rollbar.com/api/1/status")).json();
  },
});
"""
    assert sg701(tmp_path, open_request, "node") == []


NODE_GEMINI = """
import { GoogleGenerativeAI } from "@google/generative-ai";

export default defineComponent({
  async run({ steps, $ }) {
    const API_KEY = %s;
    const genAI = new GoogleGenerativeAI(API_KEY);
    const model = genAI.getGenerativeModel({ model: "gemini-1.5-pro-latest" });
    return (await model.generateContent("hi")).response.text();
  },
});
"""


def test_node_sdk_of_a_catalog_app(tmp_path: Path) -> None:
    [f] = sg701(tmp_path, NODE_GEMINI % "process.env.GOOGLE_API_KEY", "node")
    assert f.extra["app"] == "google_gemini"
    assert f.extra["sdk"] == "@google/generative-ai"
    assert "connect a Google Gemini account" in f.message
    assert "this.google_gemini.$auth.api_key" in f.message
    assert sg701(tmp_path, NODE_GEMINI % "this.google_gemini.$auth.api_key", "node") == []


def test_node_sdk_client_method_and_destructured_import(tmp_path: Path) -> None:
    source = """
import Atproto from "@atproto/api";
const { BskyAgent } = Atproto;

export default defineComponent({
  async run({ steps, $ }) {
    const agent = new BskyAgent({ service: "https://bsky.social" });
    await agent.login({ identifier: "me.bsky.social", password: process.env.MY_BLUESKY });
    await agent.post({ text: "hello world" });
  },
});
"""
    [f] = sg701(tmp_path, source, "node")
    assert f.extra["app"] == "bluesky"
    assert "process.env.MY_BLUESKY" in f.message


def test_node_sdk_path_literals_are_not_credentials(tmp_path: Path) -> None:
    source = """
import { v2 as cloudinary } from "cloudinary";

export default defineComponent({
  async run({ steps, $ }) {
    cloudinary.config({ cloud_name: "demo", api_key: this.cloudinary.$auth.api_key });
    return cloudinary.uploader.upload("/tmp/photo2024.png", { folder: "album2024x" });
  },
});
"""
    assert sg701(tmp_path, source, "node") == []


def test_node_run_time_host_named_by_the_env_var(tmp_path: Path) -> None:
    source = """
export default defineComponent({
  async run({ steps, $ }) {
    await fetch(`${process.env.MASTODON_URL}/api/v1/statuses`, {
      method: "POST",
      headers: { Authorization: `Bearer ${process.env.MASTODON_ACCESS_TOKEN}` },
      body: new URLSearchParams({ status: "hello" }),
    });
  },
});
"""
    [f] = sg701(tmp_path, source, "node")
    assert f.extra["app"] == "mastodon"
    assert "this.mastodon.$auth.access_token" in f.message
    unnamed = source.replace("MASTODON_ACCESS_TOKEN", "SERVICE_TOKEN")
    assert sg701(tmp_path, unnamed, "node") == []


PY_WEBEX = """
import os
import requests

def handler(pd: "pipedream"):
    r = requests.post(
        "https://webexapis.com/v1/messages",
        headers={"Authorization": %s},
        json={"roomId": "abc", "text": "hi"},
    )
    return r.json()
"""


def test_python_env_var_and_literal(tmp_path: Path) -> None:
    [f] = sg701(tmp_path, PY_WEBEX % "f\"Bearer {os.environ['WEBEX_TOKEN']}\"", "python")
    assert f.extra["app"] == "cisco_webex"
    assert 'pd.inputs["cisco_webex"]["$auth"]["oauth_access_token"]' in f.message
    key = _key()
    [g] = sg701(tmp_path, PY_WEBEX % f'"Bearer {key}"', "python")
    assert g.extra["app"] == "cisco_webex" and g.extra["literal_token"]
    assert key not in g.message + g.evidence + repr(g.extra)


def test_python_connected_account_or_open_request_is_not_flagged(tmp_path: Path) -> None:
    connected = "f\"Bearer {pd.inputs['cisco_webex']['$auth']['oauth_access_token']}\""
    assert sg701(tmp_path, PY_WEBEX % connected, "python") == []
    open_request = """
import requests

def handler(pd: "pipedream"):
    return requests.get("https://api.giphy.com/v1/gifs/trending").json()
"""
    assert sg701(tmp_path, open_request, "python") == []


def test_python_key_in_query_params(tmp_path: Path) -> None:
    source = """
import os
import requests

def handler(pd: "pipedream"):
    params = {"api_key": os.environ["GIPHY_KEY"], "q": "cats"}
    return requests.get("https://api.giphy.com/v1/gifs/search", params=params).json()
"""
    [f] = sg701(tmp_path, source, "python")
    assert f.extra["app"] == "giphy"


def test_node_sdk_options_map_to_their_auth_fields(tmp_path: Path) -> None:
    source = """
import { v2 as cloudinary } from "cloudinary";

export default defineComponent({
  async run({ steps, $ }) {
    cloudinary.config({
      cloud_name: "demo",
      api_key: process.env.CLOUDINARY_KEY,
      api_secret: process.env.CLOUDINARY_SECRET,
    });
    return cloudinary.uploader.upload("/tmp/photo.png");
  },
});
"""
    [f] = sg701(tmp_path, source, "node")
    assert f.extra["app"] == "cloudinary"
    assert "this.cloudinary.$auth.api_key and this.cloudinary.$auth.api_secret" in f.message
    snippet = f.extra["snippet"]
    assert "api_key: this.cloudinary.$auth.api_key" in snippet
    assert "api_secret: this.cloudinary.$auth.api_secret" in snippet
