"""The JS auth facts skip work when the step's taint proves it cannot produce a fact. Each such
exit must be exact: with every exit switched off, the facts are the same."""

from __future__ import annotations

from pathlib import Path

import pytest

import checks.auth.js as auth_js
from checks.auth.facts import StepFacts
from checks.model import Language
from checks.parsing import Code

# Steps whose comparisons are credential checks only through an exit's rarest path.
EDGES = {
    "escaped_member.mjs": """export default defineComponent({
  async run({ steps, $ }) {
    if (this.cfg["sec\\x72et"] === steps.trigger.event.body.value) return 1;
  },
});
""",
    "digest_call.mjs": """import crypto from "crypto";
export default defineComponent({
  async run({ steps, $ }) {
    const body = JSON.stringify(steps.trigger.event.body);
    if (crypto.createHmac("sha256", this.key).update(body).digest("hex") === this.x) return 1;
  },
});
""",
    "getter.mjs": """export default defineComponent({
  methods: { getSecret() { return this.s; } },
  async run({ steps, $ }) {
    if (this.getSecret() !== steps.trigger.event.query.t) throw new Error("no");
  },
});
""",
    "aliased_verify.mjs": """import { verify as v } from "crypto";
export default defineComponent({
  async run({ steps, $ }) {
    if (v("sha256", this.data, this.pub, this.sig) == this.expected) return 1;
  },
});
""",
    "header_read.mjs": """export default defineComponent({
  async run({ steps, $ }) {
    const sig = steps.trigger.event.headers["x-hub-signature-256"];
    if (sig !== "sha256=" + this.expected) throw new Error("bad");
  },
});
""",
    # not a check: the digest is computed in a nested function
    "nested_function.mjs": """export default defineComponent({
  async run({ steps, $ }) {
    if ((() => crypto.createHmac("sha1", k).digest("hex"))() === steps.trigger.event.x) {
      return 1;
    }
  },
});
""",
    "tainted_name.mjs": """export default defineComponent({
  async run({ steps, $ }) {
    const provided = steps.trigger.event.headers.authorization;
    const copy = provided;
    if (copy == this.token) return 1;
    if (`${copy}` === "Bearer 8f3c2a9e1b7d4c6f") return 2;
  },
});
""",
    # header reads through names bound to the event, to `steps`, and from a parenthesised root
    "bound_headers.mjs": """export default defineComponent({
  async run({ steps, $ }) {
    const { headers } = steps.trigger.event;
    const t = steps.trigger;
    return [headers["x-signature"], t.event.headers.authorization];
  },
});
""",
    "source_event.mjs": """export default {
  async run(evt) {
    const h = evt.headers;
    const q = (evt).query;
    this.$emit({ sig: h["stripe-signature"], token: q.token, ip: evt.client_ip });
  },
};
""",
}


def _exits_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth_js._Analyser, "_untainted", lambda self: False)
    monkeypatch.setattr(auth_js._Analyser, "_may_hold_request_credential", lambda self: True)
    monkeypatch.setattr(auth_js, "may_start_at", lambda *a: True)


def _facts(text: str, language: Language, is_source: bool = False) -> StepFacts:
    return auth_js.analyse_js(Code(text, language), is_source=is_source)


def test_exits_change_no_fact_on_edges(monkeypatch: pytest.MonkeyPatch) -> None:
    with_exits = {name: _facts(text, Language.NODE) for name, text in EDGES.items()}
    # every edge but the nested function reaches a comparison or a header read
    missing = [name for name, f in with_exits.items() if not (f.compares or f.header_reads)]
    assert missing == ["nested_function.mjs"]
    assert len(with_exits["bound_headers.mjs"].header_reads) == 2
    assert len(with_exits["source_event.mjs"].header_reads) == 2
    with monkeypatch.context() as m:
        _exits_off(m)
        without = {name: _facts(text, Language.NODE) for name, text in EDGES.items()}
    assert with_exits == without


def test_exits_change_no_fact_on_component_code(
    pipedream_components: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = []
    for path in sorted(pipedream_components.rglob("*")):
        if path.is_file() and path.suffix in (".mjs", ".js", ".ts"):
            language = Language.TYPESCRIPT if path.suffix == ".ts" else Language.NODE
            text = path.read_text(encoding="utf-8", errors="replace")
            steps.append((text, language, "sources" in path.parts))
    with_exits = [_facts(*step) for step in steps]
    assert any(f.compares for f in with_exits)  # real comparisons, so the test means something
    with monkeypatch.context() as m:
        _exits_off(m)
        without = [_facts(*step) for step in steps]
    assert with_exits == without


def test_switching_exits_off_is_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The switches reach the code they replace (else the tests above would prove nothing)."""
    calls: list[str] = []
    monkeypatch.setattr(
        auth_js._Analyser, "_untainted", lambda self: calls.append("untainted") or False
    )
    monkeypatch.setattr(auth_js, "may_start_at", lambda *a: calls.append("roots") or True)
    _facts(EDGES["getter.mjs"], Language.NODE)
    assert set(calls) == {"untainted", "roots"}


def test_members_keep_the_index_order() -> None:
    """`_members` reads the two lists of the index and sorts: the same pre-order as the shared
    node list, nested chains of both kinds included."""
    from checks.parsing.jsindex import typed_nodes

    text = EDGES["bound_headers.mjs"] + "const v = a[0].b[c.d](e)[f].g?.[h.i].j;\n"
    code = Code(text, Language.NODE)
    analyser = auth_js._Analyser(code, is_source=False)
    analyser._collect()
    expected = [
        n for t, n in typed_nodes(code) if t in ("member_expression", "subscript_expression")
    ]
    assert len(expected) > 10
    assert [n.id for n in analyser._members(lambda n: True)] == [n.id for n in expected]
