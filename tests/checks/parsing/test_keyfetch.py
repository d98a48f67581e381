"""`checks.parsing.keyfetch` asked directly: which requests download key material that only
verification uses (the auth analysis' hook; the scans are in tests/checks/auth/test_key_fetch.py).
"""

from __future__ import annotations

import ast

from checks.model import Language
from checks.parsing.code import parse_code
from checks.parsing.js import call_name, walk
from checks.parsing.keyfetch import js_fetches_key_material, py_fetches_key_material

JS_HELPER = """import crypto from "crypto";
async function loadKeys(url) {
  const res = await fetch(url);
  return (await res.json()).keys;
}
export default defineComponent({
  async run({ steps, $ }) {
    const keys = await loadKeys(%s);
    const key = crypto.createPublicKey({ key: keys[0], format: "jwk" });
    const token = steps.trigger.event.headers.authorization;
    if (!crypto.verify("sha256", Buffer.from(token), key, Buffer.from(token))) {
      return $.flow.exit("bad token");
    }
    %s
  },
});
"""


def _js(source: str) -> bool:
    code = parse_code(source, Language.NODE)
    assert code.js_tree is not None
    fetches = [n for n in walk(code.js_tree.root_node) if n.type == "call_expression"]
    fetches = [n for n in fetches if call_name(n) == "fetch"]
    assert len(fetches) == 1
    return js_fetches_key_material(code, fetches[0])


def test_js_url_followed_through_the_helpers_callers() -> None:
    assert _js(JS_HELPER % ("process.env.JWKS_URL", ""))
    assert _js(JS_HELPER % ('"https://issuer.example/jwks.json"', ""))


def test_js_any_caller_passing_request_data_makes_it_work() -> None:
    source = JS_HELPER % (
        "process.env.JWKS_URL",
        "await loadKeys(steps.trigger.event.query.issuer);",
    )
    assert not _js(source)


def test_js_response_returned_or_responded_is_work() -> None:
    assert not _js(JS_HELPER % ("process.env.JWKS_URL", "return keys;"))
    assert not _js(JS_HELPER % ("process.env.JWKS_URL", "await $.respond({ body: keys });"))
    # through a callback given to a method of the response
    callback = JS_HELPER.replace(
        "return (await res.json()).keys;",
        "return res.json().then((set) => { console.log(set.keys.length); return set.keys; });",
    )
    assert _js(callback % ("process.env.JWKS_URL", ""))
    posted = callback.replace(
        "console.log(set.keys.length)",
        "$.send.http({ url: process.env.LOG, data: set.keys.length })",
    )
    assert not _js(posted % ("process.env.JWKS_URL", ""))
    # a value derived from the verification (not the key set) may go anywhere
    assert _js(JS_HELPER % ("process.env.JWKS_URL", "return steps.trigger.event.body;"))


PY_HELPERS = """import base64
import json
import os
import requests
from jwt.algorithms import RSAAlgorithm
import jwt

def _b64(text):
    return base64.urlsafe_b64decode(text + "==")

def _keys():
    return requests.get(os.environ["JWKS_URL"], timeout=5).json()["keys"]

def handler(pd: "pipedream"):
    token = pd.steps["trigger"]["event"]["headers"]["authorization"][7:]
    header = json.loads(_b64(token.split(".")[0]))
    jwk = [k for k in _keys() if k["kid"] == header["kid"]][0]
    modulus = _b64(jwk["n"])
    key = RSAAlgorithm.from_jwk(json.dumps(jwk))
    claims = jwt.decode(token, key, algorithms=["RS256"])
    pd.export("claims", %s)
"""


def _py(source: str) -> bool:
    code = parse_code(source, Language.PYTHON)
    assert code.py_tree is not None
    gets = [
        n
        for n in ast.walk(code.py_tree)
        if isinstance(n, ast.Call) and ast.unparse(n.func) == "requests.get"
    ]
    assert len(gets) == 1
    return py_fetches_key_material(code, gets[0])


def test_py_shared_helper_is_followed_per_call() -> None:
    # `_b64` decodes both a key's modulus and the token's header: only the call that is given
    # the key set returns it, so exporting the claims (through the header) is no leak
    assert _py(PY_HELPERS % "claims")
    assert _py(PY_HELPERS % "header")


def test_py_key_material_exported_is_work() -> None:
    assert not _py(PY_HELPERS % "modulus")
    assert not _py(PY_HELPERS % "jwk")


def test_key_material_words_match_every_name_they_stand_for() -> None:
    """`may_use_key_material` is the substring test for the key-using APIs' names: every name
    (and text holding one) passes, texts without any do not — the same answers as a regex over
    the full names, on random mixtures of names and their prefixes."""
    import random
    import re

    from checks.parsing.vocabulary import may_use_key_material

    names = [
        b"createPublicKey", b"importJWK", b"importX509", b"importSPKI", b"importKey",
        b"JWKSet", b"jwkToPem", b"jwtVerify", b"Verify", b"verify", b"X509Certificate",
        b"asKeyStore", b"PyJWK", b"jwt.decode", b"jwk", b"JWK", b"load_pem_",
        b"load_der_", b"PublicNumbers", b"from_public_bytes", b"import_key",
    ]  # fmt: skip
    spec = re.compile(b"|".join(re.escape(n) for n in names))
    assert all(may_use_key_material(b"x = " + n + b"(k)") for n in names)
    rng = random.Random(7)
    for _ in range(20_000):
        parts = [rng.choice(names)[: rng.randint(1, 25)] for _ in range(rng.randint(0, 3))]
        data = b" ".join(parts)
        assert may_use_key_material(data) == (spec.search(data) is not None), data
