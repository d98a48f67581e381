"""Sinks read from the step's node index are the ones a walk over every node finds, in the
same (pre-order) order."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.dataflow.js import JsAnalysis
from checks.demo import write_demo
from checks.model import Language
from checks.parsing import Code, parse_code
from checks.parsing.jsbindings import js_bindings
from checks.parsing.jsindex import by_type
from tests.checks.logging.cases import CASES, wrap

EXTRA = {
    "run-arrow-body": """export default { key: "x", async run(event) { return event.headers; } };
const other = { run: async (event) => ({ headers: event.headers, n: [1].map((x) => x) }) };
""",
    "nested-runs": """module.exports = defineComponent({
  methods: {
    run() { console.log(this.$auth.token); return this.$auth; },
    helper(v) { if (v) { throw new Error(`bad ${v}`); } return v; },
  },
  async run({ $ }) {
    const log = console.log, warn = console["warn"];
    log(process.env.API_KEY); warn(this.$auth);
    $.export("k", process.env.SECRET_TOKEN);
    $.respond({ status: 200, body: process.env.SECRET_TOKEN, headers: {} });
    try { await axios.get(u, { headers: { Authorization: process.env.TOKEN } }); }
    catch (e) { throw e; }
    if (x) return $.flow.exit("done");
    return () => { return process.env.API_KEY; };
  },
});
""",
}


Sink = tuple[str, str, int, int, list[int], bool]


def _sinks(js: JsAnalysis) -> list[Sink]:
    js.collect()
    return [
        (
            s.kind.value,
            s.display,
            s.node.start_byte,
            s.node.end_byte,
            [v.id for v in s.values],
            s.stringify,
        )
        for s in js.sinks
    ]


def _both(code: Code, event: bool) -> tuple[list[Sink], list[Sink]]:
    tree = code.js_tree
    assert tree is not None
    bindings = js_bindings(code, event_param=event)
    walked = JsAnalysis(
        code.data, tree.root_node, nodes=code.js_nodes, source_event_param=event, bindings=bindings
    )
    indexed = JsAnalysis(
        code.data, tree.root_node, index=by_type(code), source_event_param=event, bindings=bindings
    )
    return _sinks(walked), _sinks(indexed)


def _texts(tmp: Path) -> list[tuple[str, str]]:
    texts = [(c[0], wrap("node", c[2])) for c in CASES if c[1] == "node"]
    texts += list(EXTRA.items())
    demo = write_demo(tmp / "demo")
    texts += [
        (str(p.relative_to(demo)), p.read_text())
        for p in sorted(demo.rglob("*"))
        if p.suffix in (".js", ".mjs", ".ts")
    ]
    return texts


@pytest.mark.parametrize("event", [False, True])
def test_indexed_sinks_are_the_walked_ones(tmp_path: Path, event: bool) -> None:
    texts = _texts(tmp_path)
    assert len(texts) > 30
    seen_kinds: set[str] = set()
    for name, text in texts:
        lang = Language.TYPESCRIPT if name.endswith(".ts") else Language.NODE
        walked, indexed = _both(parse_code(text, lang), event)
        assert indexed == walked, name
        seen_kinds.update(s[0] for s in walked)
    assert seen_kinds == {"log", "export", "return", "respond", "throw"}
