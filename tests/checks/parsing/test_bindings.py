"""The model's binding, path and component indexes, and the one per-step memo."""

from __future__ import annotations

import ast

from tree_sitter import Node

from checks.model import Language
from checks.parsing import Code, parse_code
from checks.parsing.component import js_component
from checks.parsing.js import text, walk
from checks.parsing.jsbindings import js_bindings
from checks.parsing.jspaths import js_paths
from checks.parsing.pybindings import py_bindings
from checks.parsing.pypaths import py_paths
from checks.parsing.vocabulary import (
    compact,
    is_credential_header_name,
    is_sensitive_env,
    secret_word,
    words,
)


def _js(text_: str) -> Code:
    return parse_code(text_, Language.NODE)


def _idents(code: Code, name: str) -> list[Node]:
    tree = code.js_tree
    assert tree is not None
    return [n for n in walk(tree.root_node) if n.type == "identifier" and text(n) == name]


def _defs(code: Code, name: str, event_param: bool = False) -> list[tuple[str, str, tuple]]:
    """(kind, bound expression, path) of every definition the last use of `name` may hold."""
    b = js_bindings(code, event_param=event_param)
    assert b is not None
    defs = b.resolve(_idents(code, name)[-1]) or []
    return [(d.kind, code.js_node_text(d.node) if d.node else "", d.path) for d in defs]


def test_js_bindings_follow_lexical_scopes_and_patterns() -> None:
    code = _js(
        "const cfg = { headers: { a: 1 } }\n"
        "const { headers: { a: inner }, ...rest } = cfg\n"
        "function f() { const cfg = 2; return cfg }\n"
        "use(inner, rest, cfg)\n"
    )
    assert _defs(code, "inner") == [("value", "cfg", ("headers", "a"))]
    assert _defs(code, "rest") == [("value", "cfg", ())]
    # the `cfg` of `use(…)` is the module's, not the function's
    assert _defs(code, "cfg") == [("value", "{ headers: { a: 1 } }", ())]


def test_js_bindings_assignments_join_the_declaring_scope() -> None:
    code = _js("let token\nif (x) { token = process.env.A } else { token = 'b' }\nuse(token)\n")
    assert sorted(d[1] for d in _defs(code, "token")) == ["'b'", "process.env.A"]


def test_js_bindings_parameters_events_and_errors() -> None:
    code = _js(
        "export default { async run(event) {\n"
        "  try { await axios.get(u) } catch (err) { use(err) }\n"
        "  use(event)\n} }\n"
    )
    assert _defs(code, "event", event_param=True) == [("event", "", ())]
    assert _defs(code, "event", event_param=False) == [("param", "", ())]
    assert [k for k, _n, _p in _defs(code, "err")] == ["error"]


def test_js_bindings_helpers_methods_and_returns() -> None:
    code = _js(
        "const mask = (v) => v.slice(0, 4)\n"
        "export default defineComponent({\n"
        "  methods: { auth() { return this.app.$auth.token } },\n"
        "  async run({ steps }) { use(mask(process.env.K)); return this.auth() },\n"
        "})\n"
    )
    b = js_bindings(code, event_param=False)
    assert b is not None
    calls = [(name, [b.results(f) for f in fns]) for _c, name, fns, _a in b.helper_calls()]
    rendered = [(n, [[code.js_node_text(v) for v in r] for r in rs]) for n, rs in calls]
    assert rendered == [
        ("mask", [["v.slice(0, 4)"]]),
        ("this.auth", [["this.app.$auth.token"]]),
    ]


def test_js_rebound_names_and_http_instances() -> None:
    code = _js(
        "const log = console.log\nconst api = axios.create({ headers: { Authorization: k } })\n"
        "log(1)\napi.get(u)\naxios.post(u)\nother.get(u)\n"
    )
    b = js_bindings(code, event_param=False)
    assert b is not None
    assert b.rebound(_idents(code, "log")[-1]) == "console.log"
    tree = code.js_tree
    assert tree is not None
    calls = [n for n in walk(tree.root_node) if n.type == "call_expression"]
    found = {code.js_node_text(c): b.http_request(c) for c in calls}
    assert found["axios.post(u)"] == ("axios.post", [])
    name, factories = found["api.get(u)"]  # type: ignore[misc]
    assert name == "api.get" and [code.js_node_text(f)[:12] for f in factories] == ["axios.create"]
    assert found["other.get(u)"] is None


def test_js_paths_canonicalise_request_reads() -> None:
    code = _js(
        "export default defineComponent({ async run({ steps }) {\n"
        "  const h = steps.trigger.event.headers\n"
        '  const { "x-signature": sig, ...others } = h\n'
        '  use(h["x-api-key"], sig)\n} })\n'
    )
    paths = js_paths(code, None)
    assert paths.aliases["h"] == ("EVENT.headers", True)
    assert paths.aliases["sig"] == ("EVENT.headers.x-signature", True)
    [(base, key, _entry, _key_node, certain)] = paths.pattern_reads
    assert (base, key, certain) == ("EVENT.headers", "x-signature", True)
    source_event = _js("export default { async run(event) { use(event.body.id) } }\n")
    member = next(n for n in walk(source_event.js_tree.root_node) if n.type == "member_expression")
    assert js_paths(source_event, "event").resolve(member) == ("EVENT.body.id", True)


def test_js_component_functions_run_and_apps() -> None:
    code = _js(
        'import github from "../../github.app.mjs"\n'
        "export default {\n"
        '  props: { slack: { type: "app", app: "slack" } },\n'
        "  methods: { async verify(req) { return check(req) } },\n"
        "  async run(event) { helper() },\n"
        "}\n"
        "function helper() {}\n"
    )
    comp = js_component(code)
    assert set(comp.functions) == {"verify", "run", "helper"}
    assert comp.async_names == {"verify", "run"}
    assert comp.event_param == "event"
    assert comp.apps == {"github", "slack"} and comp.app_prop_names == {"github", "slack"}
    call = next(n for n in walk(code.js_tree.root_node) if n.type == "call_expression")
    assert comp.owner(call) == "verify"
    assert comp.run_span is not None
    assert code.data[comp.run_span[0] : comp.run_span[1]].startswith(b"async run(event)")


# -- Python ------------------------------------------------------------------------------------


def test_py_bindings_scopes_imports_and_events() -> None:
    code = parse_code(
        "import logging as lg\nimport os\n\n"
        "def mask(v):\n    return v[:4]\n\n"
        'def handler(pd: "pipedream"):\n'
        '    token = os.environ["T"]\n'
        "    lg.info(mask(token))\n"
        "    return token\n",
        Language.PYTHON,
    )
    b = py_bindings(code)
    kinds = [kind for kind, *_rest in b.events]
    assert kinds == ["call", "call", "return"]  # lg.info(…), mask(…), return
    _kind, call, chain, stmt, siblings = b.events[0]
    assert b.qualname(call.func, chain) == "logging.info"  # type: ignore[attr-defined]
    assert isinstance(stmt, ast.Expr) and siblings == 3
    [(_call, _chain, name, fns)] = b.helper_calls()
    assert name == "mask" and [f.name for f in fns] == ["mask"]  # type: ignore[attr-defined]
    assert [v for v, _c in b.returns[id(fns[0])]] == [fns[0].body[0].value]  # type: ignore[attr-defined]
    assert b.is_pd(ast.Name("pd"), chain)
    (token_def,) = b.resolve("token", chain) or []
    assert token_def.kind == "value"


def test_py_paths_follow_assignments_in_order() -> None:
    code = parse_code(
        'def handler(pd):\n    ev = pd.steps["trigger"]["event"]\n    h = ev["headers"]\n'
        '    sig = h.get("x-signature")\n    h = {}\n',
        Language.PYTHON,
    )
    paths = py_paths(code)
    assert paths.aliases["ev"] == "EVENT"
    assert paths.aliases["sig"] == "EVENT.headers.x-signature"
    assert paths.aliases["h"] is None  # the last assignment wins
    assert [names for names, _v in paths.assigns] == [["ev"], ["h"], ["sig"], ["h"]]


# -- vocabulary and memo -------------------------------------------------------------------------


def test_one_words_function_for_every_analysis() -> None:
    assert words("X-Hub-Signature-256") == ("x", "hub", "signature", "256")
    assert words("stripeSecretKEY2") == ("stripe", "secret", "key", "2")
    assert compact("DD-API-KEY") == "ddapikey"
    assert secret_word("apiKeyValue") == "apikey" and secret_word("keyId") is None
    assert is_sensitive_env("STRIPE_SECRET") and not is_sensitive_env("AUTHOR_NAME")
    assert is_credential_header_name("x-api-key") and not is_credential_header_name("x-timestamp")


def test_code_memo_builds_once_per_key() -> None:
    code = parse_code("x = 1\n", Language.PYTHON)
    built: list[int] = []

    def build() -> list[int]:
        built.append(1)
        return built

    assert code.memo("k", build) is code.memo("k", build)
    assert built == [1]
    assert code.memo(("k", 2), lambda: "other") == "other"
    assert parse_code("x = 1\n", Language.PYTHON).memo("k", lambda: "fresh") == "fresh"


def _binding_facts(b: object) -> object:
    """Everything `JsBindings` collects, by node span (comparable across two builds)."""
    from checks.parsing.jsbindings import JsBindings

    assert isinstance(b, JsBindings)

    def span(n: Node | None) -> tuple[int, int] | None:
        return (n.start_byte, n.end_byte) if n is not None else None

    return (
        sorted(
            (k, name, [(d.kind, span(d.node), d.path, d.index, d.rest) for d in ds])
            for k, scope in b.scopes.items()
            for name, ds in scope.items()
        ),
        [span(n) for n in b.ident_calls],
        [span(n) for n in b.this_calls],
        sorted((k, [span(n) for n in v]) for k, v in b.returns.items()),
        sorted(b.run_ids),
        sorted((name, [span(n) for n in v]) for name, v in b.methods.items()),
    )


def test_bindings_from_the_node_index_equal_bindings_from_a_whole_tree_walk() -> None:
    """`js_bindings` reads its node types from the step's index; the result is the one a walk
    over every node gives (same definitions in the same order), on the demo's and the
    snippets' Node steps."""
    from checks.demo import demo_source
    from checks.parsing.jsbindings import JsBindings
    from checks.snippets import list_snippets, render

    sources = [p.read_text() for p in sorted(demo_source().rglob("*.mjs"))]
    sources += [render(s.name, lang="node") for s in list_snippets()]
    assert len(sources) > 20
    for source in sources:
        for event_param in (False, True):
            code = _js(source)
            tree = code.js_tree
            assert tree is not None
            walked = JsBindings(code.data, tree.root_node, event_param=event_param)
            indexed = js_bindings(code, event_param=event_param)
            assert _binding_facts(indexed) == _binding_facts(walked)
