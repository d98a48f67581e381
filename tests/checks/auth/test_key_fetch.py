"""Fetching the verifier's keys is part of the check (issue 15 item 1, `checks.parsing.keyfetch`).

A step that downloads its issuer's key set (JWKS) or certificates from a configured URL and
uses the response only to verify the request's token does no work before the check: no SG301.
Each accepted shape has counterparts that must still be reported: the request sends data (the
body posted to an API), its URL comes from the request, or its response goes elsewhere (posted,
exported, returned).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.checks.auth.helpers import ids, node_step, run_rules, sync_files

WORK = node_step('await fetch("https://api.acme.dev/orders", { method: "POST", body: "1" });')

# -- Node.js ----------------------------------------------------------------------------------

# Auth0-style: axios + jsonwebtoken + jwk-to-pem, the domain from an env variable.
JS_AXIOS_JWKS = """import axios from "axios";
import jwt from "jsonwebtoken";
import jwkToPem from "jwk-to-pem";

export default defineComponent({
  async run({ steps, $ }) {
    const token = (steps.trigger.event.headers.authorization || "").replace(/^Bearer /, "");
    const { header } = jwt.decode(token, { complete: true }) || {};
    const { data } = await axios.get(`https://${process.env.AUTH0_DOMAIN}/.well-known/jwks.json`);
    const jwk = data.keys.find((k) => k.kid === (header && header.kid));
    try {
      jwt.verify(token, jwkToPem(jwk), { algorithms: ["RS256"] });
    } catch (err) {
      await $.respond({ status: 401, body: "unauthorized" });
      return $.flow.exit("invalid token");
    }
    return steps.trigger.event.body;
  },
});
"""

# Google/Firebase-style: PEM certificates keyed by kid, fetched with fetch from a constant.
JS_FETCH_CERTS = """const jwt = require("jsonwebtoken");

const CERTS_URL = "https://www.googleapis.com/robot/v1/metadata/x509/securetoken@system.gserviceaccount.com";

async function certificates() {
  const res = await fetch(CERTS_URL);
  if (!res.ok) throw new Error(`certificates: HTTP ${res.status}`);
  return res.json();
}

module.exports = defineComponent({
  async run({ steps, $ }) {
    const token = String(steps.trigger.event.headers["authorization"] || "").slice(7);
    const kid = JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString()).kid;
    const certs = await certificates();
    try {
      const claims = jwt.verify(token, certs[kid], { algorithms: ["RS256"] });
      $.export("uid", claims.sub);
    } catch (e) {
      await $.respond({ status: 401, body: "invalid token" });
      return $.flow.exit("invalid token");
    }
  },
});
"""

# jose with a key set downloaded once per worker from a prop, kept in module scope.
JS_JOSE_LOCAL_SET = """import { createLocalJWKSet, jwtVerify } from "jose";

let keySet;

export default defineComponent({
  props: { jwksUrl: { type: "string", label: "JWKS URL" } },
  async run({ steps, $ }) {
    if (!keySet) {
      const response = await fetch(this.jwksUrl, { headers: { accept: "application/json" } });
      keySet = createLocalJWKSet(await response.json());
    }
    const token = (steps.trigger.event.headers.authorization || "").replace("Bearer ", "");
    try {
      const { payload } = await jwtVerify(token, keySet, { issuer: process.env.JWT_ISSUER });
      $.export("subject", payload.sub);
    } catch (err) {
      await $.respond({ status: 401, body: "unauthorized" });
      return $.flow.exit("invalid token");
    }
  },
});
"""

# WebCrypto (the global `crypto`), a boolean verifier; the key set's URL from a config object.
JS_WEBCRYPTO = """const CONFIG = { jwksUrl: process.env.JWKS_URL, audience: "orders-api" };

function b64url(text) {
  return Buffer.from(text, "base64url");
}

export default defineComponent({
  async run({ steps, $ }) {
    const [head, body, sig] = (steps.trigger.event.headers.authorization || "").slice(7).split(".");
    const { kid } = JSON.parse(b64url(head || "e30").toString());
    const response = await fetch(CONFIG.jwksUrl);
    const { keys } = await response.json();
    const jwk = keys.find((k) => k.kid === kid);
    const key = await crypto.subtle.importKey(
      "jwk", jwk, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"],
    );
    const signed = Buffer.from(`${head}.${body}`);
    const ok = await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, b64url(sig), signed);
    if (!ok) {
      await $.respond({ status: 401, body: "unauthorized" });
      return $.flow.exit("bad token");
    }
  },
});
"""

# jose fetching the key set itself: no request in the step, `jwtVerify` is the (throwing) check.
JS_JOSE_REMOTE_SET = """import { createRemoteJWKSet, jwtVerify } from "jose";

const JWKS = createRemoteJWKSet(new URL(process.env.JWKS_URL));

export default defineComponent({
  async run({ steps, $ }) {
    const token = (steps.trigger.event.headers.authorization || "").replace(/^Bearer /, "");
    try {
      const { payload } = await jwtVerify(token, JWKS, { audience: "orders" });
      $.export("sub", payload.sub);
    } catch (err) {
      await $.respond({ status: 401, body: "unauthorized" });
      return $.flow.exit("invalid token");
    }
  },
});
"""

JS_ACCEPTED = {
    "axios-jsonwebtoken-jwk-to-pem": JS_AXIOS_JWKS,
    "fetch-certificates-helper": JS_FETCH_CERTS,
    "jose-local-key-set": JS_JOSE_LOCAL_SET,
    "webcrypto-boolean-verify": JS_WEBCRYPTO,
    "jose-remote-key-set": JS_JOSE_REMOTE_SET,
}

JS_REPORTED = {
    # the body is posted to an API before the token is verified
    "posts-the-body-first": JS_AXIOS_JWKS.replace(
        "const { data } = await axios.get(",
        "await axios.post(process.env.API_URL, steps.trigger.event.body);\n"
        "    const { data } = await axios.get(",
    ),
    # a POST is no key download, whatever it returns
    "key-set-fetched-with-post": JS_AXIOS_JWKS.replace("axios.get(", "axios.post("),
    # the key set's URL comes from the request (the token's issuer: anyone's keys)
    "url-from-the-request": JS_AXIOS_JWKS.replace(
        "`https://${process.env.AUTH0_DOMAIN}/.well-known/jwks.json`",
        "steps.trigger.event.query.jwks_uri",
    ),
    # the response is sent on, not only used to verify
    "response-posted-on": JS_AXIOS_JWKS.replace(
        "    const jwk = data",
        "    await axios.post(process.env.AUDIT_URL, { keys: data.keys });\n    const jwk = data",
    ),
    # the response is the step's export
    "response-exported": JS_FETCH_CERTS.replace(
        "    const certs = await certificates();\n",
        '    const certs = await certificates();\n    $.export("certs", certs);\n',
    ),
    # jose's key set, but the token only decoded (`decodeJwt` verifies nothing)
    "jose-decode-only": JS_JOSE_REMOTE_SET.replace("jwtVerify", "decodeJwt").replace(
        'await decodeJwt(token, JWKS, { audience: "orders" })', "decodeJwt(token)"
    ),
    # fetched from a configured URL, but verification never uses it
    "response-not-used-to-verify": JS_FETCH_CERTS.replace("certs[kid]", "process.env.PUBLIC_KEY"),
}


# -- Python -----------------------------------------------------------------------------------

# requests + PyJWT: the key set from an env variable, the key imported from the matching JWK.
PY_REQUESTS_JWKS = """import json
import os

import jwt
import requests
from jwt.algorithms import RSAAlgorithm

JWKS_URL = os.environ["JWKS_URL"]


def handler(pd: "pipedream"):
    auth = pd.steps["trigger"]["event"]["headers"].get("authorization", "")
    token = auth.removeprefix("Bearer ")
    kid = jwt.get_unverified_header(token).get("kid")
    jwks = requests.get(JWKS_URL, timeout=5).json()
    jwk = next((k for k in jwks["keys"] if k.get("kid") == kid), None)
    public_key = RSAAlgorithm.from_jwk(json.dumps(jwk))
    try:
        claims = jwt.decode(
            token, public_key, algorithms=["RS256"], audience=os.environ["AUDIENCE"]
        )
    except jwt.InvalidTokenError:
        pd.respond({"status": 401, "body": "unauthorized"})
        return pd.flow.exit("invalid token")
    return claims["sub"]
"""

# urllib + PyJWKSet, cached in module scope by a helper; the URL built from an env variable.
PY_URLLIB_KEY_SET = """import json
import os
import urllib.request

import jwt

_KEYS = {}


def signing_keys():
    if not _KEYS:
        url = f"https://{os.environ['OIDC_DOMAIN']}/.well-known/jwks.json"
        with urllib.request.urlopen(url, timeout=10) as response:
            _KEYS["set"] = jwt.PyJWKSet.from_dict(json.load(response))
    return _KEYS["set"]


def handler(pd: "pipedream"):
    token = pd.steps["trigger"]["event"]["headers"].get("authorization", "")[7:]
    kid = jwt.get_unverified_header(token)["kid"]
    key = signing_keys()[kid]
    try:
        payload = jwt.decode(token, key.key, algorithms=["RS256"])
    except jwt.PyJWTError:
        pd.respond({"status": 401, "body": "unauthorized"})
        return pd.flow.exit("invalid token")
    pd.export("user", payload["sub"])
"""

# PyJWKClient fetching the key set itself; PyJWT's verifying `jwt.decode` is the check.
PY_PYJWKCLIENT = """import os

import jwt

jwks_client = jwt.PyJWKClient(os.environ["JWKS_URL"], cache_keys=True)


def handler(pd: "pipedream"):
    token = pd.steps["trigger"]["event"]["headers"].get("authorization", "")[7:]
    try:
        signing_key = jwks_client.get_signing_key_from_jwt(token)
        claims = jwt.decode(token, signing_key.key, algorithms=["RS256"], audience="orders")
    except jwt.PyJWTError:
        pd.respond({"status": 401, "body": "unauthorized"})
        return pd.flow.exit("invalid token")
    return claims["sub"]
"""

PY_ACCEPTED = {
    "requests-pyjwt-from-jwk": PY_REQUESTS_JWKS,
    "urllib-pyjwkset-cached-helper": PY_URLLIB_KEY_SET,
    "pyjwkclient": PY_PYJWKCLIENT,
}

PY_REPORTED = {
    # the body is posted to an API before the token is verified
    "posts-the-body-first": PY_REQUESTS_JWKS.replace(
        "    jwks = requests.get(",
        '    requests.post(os.environ["API_URL"], json=pd.steps["trigger"]["event"]["body"])\n'
        "    jwks = requests.get(",
    ),
    # the key set's URL comes from the request
    "url-from-the-request": PY_REQUESTS_JWKS.replace(
        "requests.get(JWKS_URL,", 'requests.get(pd.steps["trigger"]["event"]["query"]["jwks"],'
    ),
    # the key download sends data
    "key-set-fetched-with-data": PY_URLLIB_KEY_SET.replace(
        "urlopen(url, timeout=10)", 'urlopen(url, data=b"{}", timeout=10)'
    ),
    # the response is sent on, not only used to verify
    "response-posted-on": PY_REQUESTS_JWKS.replace(
        "    jwk = next(",
        '    requests.post(os.environ["AUDIT_URL"], json=jwks)\n    jwk = next(',
    ),
    # the response is exported
    "response-exported": PY_REQUESTS_JWKS.replace(
        "    jwk = next(", '    pd.export("jwks", jwks)\n    jwk = next('
    ),
    # the library's key set, but the token only decoded
    "pyjwkclient-decode-unverified": PY_PYJWKCLIENT.replace(
        'algorithms=["RS256"], audience="orders"', 'options={"verify_signature": False}'
    ),
    # verification switched off: the download is not for a check
    "decode-without-verifying": PY_REQUESTS_JWKS.replace(
        'algorithms=["RS256"], audience=os.environ["AUDIENCE"]\n        )',
        'options={"verify_signature": False})',
    ),
}


def _scan(write_tree, tmp_path: Path, check: str) -> list[str]:
    python = {"check"} if "def handler(pd" in check else set()
    files = sync_files([("check", check), ("work", WORK)], python=python)
    return ids(run_rules(write_tree(files, tmp_path / "t"), ["SG301"]))


@pytest.mark.parametrize("name", sorted(JS_ACCEPTED))
def test_js_key_download_is_part_of_the_check(write_tree, tmp_path: Path, name: str) -> None:
    assert _scan(write_tree, tmp_path, JS_ACCEPTED[name]) == []


@pytest.mark.parametrize("name", sorted(JS_REPORTED))
def test_js_other_requests_before_the_check_are_work(write_tree, tmp_path: Path, name: str) -> None:
    assert _scan(write_tree, tmp_path, JS_REPORTED[name]) == ["SG301"]


@pytest.mark.parametrize("name", sorted(PY_ACCEPTED))
def test_py_key_download_is_part_of_the_check(write_tree, tmp_path: Path, name: str) -> None:
    assert _scan(write_tree, tmp_path, PY_ACCEPTED[name]) == []


@pytest.mark.parametrize("name", sorted(PY_REPORTED))
def test_py_other_requests_before_the_check_are_work(write_tree, tmp_path: Path, name: str) -> None:
    assert _scan(write_tree, tmp_path, PY_REPORTED[name]) == ["SG301"]
