"""The auth facts ask the shared model for callees: import aliases of primitives are seen."""

from __future__ import annotations

from checks.auth.js import analyse_js
from checks.auth.py import analyse_python
from checks.model import Language
from checks.parsing import parse_code

JS = """import {{ createHmac as mk, timingSafeEqual as same }} from "crypto";
export default defineComponent({{
  async run({{ steps, $ }}) {{
    const sig = steps.trigger.event.headers["x-signature"];
    const expected = mk("sha256", process.env.SECRET).update(steps.trigger.event.bodyRaw)
      .digest("hex");
    {compare}
  }},
}});
"""

PY = """{imports}

def handler(pd: "pipedream"):
    sig = pd.steps["trigger"]["event"]["headers"]["x-signature"]
    mac = {new}(os.environ["SECRET"].encode(), b"body", "sha256").hexdigest()
    if not {eq}(mac, sig):
        return rq.post("https://example.test/alert")
"""


def test_js_aliased_crypto_primitives_are_hmac_and_safe_compare() -> None:
    aliased = analyse_js(
        parse_code(
            JS.format(compare="same(Buffer.from(sig), Buffer.from(expected));"), Language.NODE
        )
    )
    assert len(aliased.hmacs) == 1 and len(aliased.safe_equals) == 1
    # a local function that happens to share the name is not the primitive
    local = JS.format(compare="same(sig, expected);").replace(
        'import { createHmac as mk, timingSafeEqual as same } from "crypto";',
        "const mk = () => 1;\nconst same = () => true;",
    )
    assert "import" not in local
    plain = analyse_js(parse_code(local, Language.NODE))
    assert plain.hmacs == [] and plain.safe_equals == []


def test_py_aliased_hmac_primitives_and_clients() -> None:
    imports = "import os\nimport requests as rq\nfrom hmac import new as mk, compare_digest as eq"
    facts = analyse_python(
        parse_code(PY.format(imports=imports, new="mk", eq="eq"), Language.PYTHON)
    )
    assert len(facts.hmacs) == 1 and len(facts.safe_equals) == 1
    assert [e.name for e in facts.effects] == ["rq.post"]  # requests, through its alias
    unaliased = "import os\nimport requests as rq\nmk = eq = print"
    other = analyse_python(
        parse_code(PY.format(imports=unaliased, new="mk", eq="eq"), Language.PYTHON)
    )
    assert other.safe_equals == [] and other.hmacs == []
