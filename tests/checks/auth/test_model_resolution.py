"""The auth facts resolve names through the shared model: helper header reads, Hmac variables."""

from __future__ import annotations

import pytest

from checks.auth.js import analyse_js
from checks.model import Language
from checks.parsing import parse_code

PLAIN = """function getHeader(event, name) {
  return event.headers[name];
}
export default defineComponent({
  async run({ steps }) {
    const sig = getHeader(steps.trigger.event, "stripe-signature");
  },
});
"""
TYPED = PLAIN.replace("(event, name)", "(event: any, name: string)")
METHOD = """export default {
  methods: {
    header(event, name) { return event.headers[name]; },
  },
  async run(event) {
    const sig = this.header(event, "stripe-signature");
  },
};
"""
# `name` of `outer` is not the parameter `headers[name]` reads: no helper read at `outer(…)`
SHADOWED = """function outer(event, name) {
  const inner = (event, name) => event.headers[name];
  return inner(event, "x");
}
export default defineComponent({
  async run({ steps }) {
    outer(steps.trigger.event, "stripe-signature");
  },
});
"""


@pytest.mark.parametrize(
    ("source", "language", "read"),
    [
        (PLAIN, Language.NODE, True),
        (TYPED, Language.TYPESCRIPT, True),
        (METHOD, Language.NODE, True),
        (SHADOWED, Language.NODE, False),
    ],
)
def test_helper_header_read(source: str, language: Language, read: bool) -> None:
    facts = analyse_js(parse_code(source, language), is_source="run(event)" in source)
    assert ("stripe-signature" in facts.header_names) is read


# Two Hmacs named alike in two functions: each `.update` belongs to its own (the model resolves
# the name in its scope; a file-wide name table gave both to the last one).
TWO_HMACS = """import crypto from "crypto";
function a(event) {
  const hmac = crypto.createHmac("sha256", process.env.KEY);
  hmac.update(JSON.stringify(event.body));
  return hmac.digest("hex");
}
function b(event) {
  const hmac = crypto.createHmac("sha256", process.env.KEY);
  hmac.update(event.bodyRaw);
  return hmac.digest("hex");
}
"""


def test_hmac_update_resolved_by_scope() -> None:
    facts = analyse_js(parse_code(TWO_HMACS, Language.NODE))
    assert [h.reserialized for h in facts.hmacs] == [True, False]
