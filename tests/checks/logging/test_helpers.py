# ruff: noqa: E501 - the cases are code snippets written as they appear in steps
"""Flows through helper functions defined in the same step (function summaries).

Each case: (id, language, code, expected) where `expected` is the exact set of
(source kind, source label, sink, helpers on the way, the value's text) for the flows the
helper summaries add; an empty set is a false-positive guard.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import pytest

import checks.dataflow as dataflow
import checks.dataflow.js as js
import checks.dataflow.py as py
from checks.dataflow import analyze
from checks.demo import write_demo
from checks.engine import ScanOptions, scan
from checks.fixes import logging as logging_fix
from checks.fixes.journal import FixError
from checks.model import Language
from checks.parsing import parse_code
from tests.checks.logging.cases import CASES, wrap

Row = tuple[str, str, str, tuple[str, ...], str]


def _component(body: str, top: str = "", methods: str = "") -> str:
    return f"""{top}
export default defineComponent({{
  props: {{ slack: {{ type: "app", app: "slack" }} }},
  methods: {{
{methods}
  }},
  async run({{ steps, $ }}) {{
{body}
  }},
}});
"""


CASES_HELPERS: list[tuple[str, str, str, set[Row]]] = [
    # --- JavaScript: positives ------------------------------------------------------------
    (
        "js-declaration",
        "node",
        _component(
            '    debug("key", process.env.STRIPE_SECRET_KEY);',
            top="function debug(label, value) { console.log(label, value); }",
        ),
        {
            (
                "secret-env",
                "process.env.STRIPE_SECRET_KEY",
                "console.log",
                ("debug",),
                "process.env.STRIPE_SECRET_KEY",
            )
        },
    ),
    (
        "js-arrow-and-expression",
        "node",
        _component(
            "    show(this.slack.$auth.oauth_access_token);\n    report(steps.trigger.event);",
            top="const show = (v) => console.info(`token ${v}`);\nconst report = function (ev) { $.export('ev', ev); };",
        ),
        {
            (
                "auth",
                "this.slack.$auth.oauth_access_token",
                "console.info",
                ("show",),
                "this.slack.$auth.oauth_access_token",
            ),
            (
                "trigger-event",
                "steps.trigger.event",
                "$.export",
                ("report",),
                "steps.trigger.event",
            ),
        },
    ),
    (
        "js-nested-helpers",
        "node",
        _component(
            "    outer(1, steps.trigger.event.headers.authorization);",
            top="function outer(a, b) { inner({ value: b }); }\nfunction inner(o) { throw new Error(`bad ${o.value}`); }",
        ),
        {
            (
                "auth-header",
                "steps.trigger.event.headers.authorization",
                "throw new Error",
                ("outer", "inner"),
                "steps.trigger.event.headers.authorization",
            )
        },
    ),
    (
        "js-methods",
        "node",
        _component(
            "    this.notify(this.slack.$auth);",
            methods="    log(x) { console.log(x.oauth_access_token); },\n    notify: function (auth) { this.log(auth); },",
        ),
        {
            (
                "auth",
                "this.slack.$auth.oauth_access_token",
                "console.log",
                ("this.notify", "this.log"),
                "this.slack.$auth",
            )
        },
    ),
    (
        "js-return-value",
        "node",
        _component(
            "    const h = makeHeader(process.env.GH_TOKEN);\n    console.log(h);\n    console.log(makeHeader(process.env.OTHER_TOKEN).url);",
            top="const makeHeader = (t) => ({ url: 'https://x', Authorization: `Bearer ${t}` });",
        ),
        {("secret-env", "process.env.GH_TOKEN", "console.log", (), "h")},
    ),
    (
        "js-return-of-a-source",
        "node",
        _component(
            "    console.log(getKey());",
            top="function getKey() { return process.env.API_KEY; }",
        ),
        {("secret-env", "process.env.API_KEY", "console.log", (), "getKey()")},
    ),
    (
        "js-destructured-and-rest",
        "node",
        _component(
            "    show({ id: 1, token: process.env.A_TOKEN });\n    show({ id: process.env.B_TOKEN });\n    logAll('x', process.env.C_TOKEN);",
            top="function show({ token }) { console.log(token); }\nfunction logAll(...args) { console.log('[app]', ...args); }",
        ),
        {
            (
                "secret-env",
                "process.env.A_TOKEN",
                "console.log",
                ("show",),
                "{ id: 1, token: process.env.A_TOKEN }",
            ),
            (
                "secret-env",
                "process.env.C_TOKEN",
                "console.log",
                ("logAll",),
                "process.env.C_TOKEN",
            ),
        },
    ),
    (
        "js-helper-inside-run",
        "node",
        _component(
            "    const log = (v) => console.log(v);\n    log(this.slack.$auth.oauth_access_token);",
        ),
        {
            (
                "auth",
                "this.slack.$auth.oauth_access_token",
                "console.log",
                ("log",),
                "this.slack.$auth.oauth_access_token",
            )
        },
    ),
    (
        "js-recursion-with-flow",
        "node",
        _component(
            "    walk(process.env.WALK_KEY, 3);",
            top="function walk(x, n) { if (n) return walk(x, n - 1); console.log(x); }",
        ),
        {("secret-env", "process.env.WALK_KEY", "console.log", ("walk",), "process.env.WALK_KEY")},
    ),
    # --- JavaScript: negatives ------------------------------------------------------------
    (
        "js-neg-constant-only",
        "node",
        _component(
            "    debug(process.env.API_KEY);\n    debug2('label', process.env.API_KEY);",
            top="function debug(v) { console.log('called'); }\nfunction debug2(label, v) { console.log(label, v.length); }",
        ),
        set(),
    ),
    (
        "js-neg-clean-argument",
        "node",
        _component(
            "    debug('no secret here', steps.trigger.event.body);",
            top="function debug(label, value) { console.log(label, value); }",
        ),
        set(),
    ),
    (
        "js-neg-never-called",
        "node",
        _component(
            "    const key = process.env.API_KEY;",
            top="function debug(label, value) { console.log(label, value); }",
        ),
        set(),
    ),
    (
        "js-neg-shadowed",
        "node",
        _component(
            "    const debug = (x) => x.length;\n    debug(process.env.API_KEY);\n    { let show = String; show(process.env.API_KEY); }",
            top="function debug(v) { console.log(v); }\nfunction show(v) { console.log(v); }\nfunction inner(v) { { let v = 'x'; console.log(v); } }\ninner(process.env.API_KEY);",
        ),
        set(),
    ),
    (
        "js-neg-param-shadows-helper",
        "node",
        "function debug(v) { console.log(v); }\nexport default defineComponent({ async run({ steps, $, debug }) { debug(process.env.API_KEY); } });\n",
        set(),
    ),
    (
        "js-neg-masked-and-hashed",
        "node",
        _component(
            "    debug(process.env.API_KEY);\n    debug(crypto.createHash('sha256').update(process.env.API_KEY).digest('hex'));",
            top="import crypto from 'crypto';\nfunction debug(v) { console.log(v.slice(0, 4)); }",
        ),
        set(),
    ),
    (
        "js-neg-mutual-recursion",
        "node",
        _component(
            "    ping(process.env.API_KEY, 5);",
            top="function ping(x, n) { return n ? pong(x, n - 1) : 0; }\nfunction pong(x, n) { return ping(x, n); }",
        ),
        set(),
    ),
    # --- Python: positives ----------------------------------------------------------------
    (
        "py-module-def",
        "python",
        'def log(v):\n    print(v)\n\n\ndef handler(pd: "pipedream"):\n    log(pd.inputs["slack"]["$auth"]["oauth_access_token"])\n',
        {
            (
                "auth",
                'pd.inputs["slack"]["$auth"]["oauth_access_token"]',
                "print",
                ("log",),
                'pd.inputs["slack"]["$auth"]["oauth_access_token"]',
            )
        },
    ),
    (
        "py-nested-keywords-and-star",
        "python",
        'import logging\nimport os\n\nlogger = logging.getLogger(__name__)\n\n\ndef outer(a, b=None):\n    inner(value=b)\n\n\ndef inner(value):\n    raise ValueError(f"bad {value}")\n\n\ndef log_all(*args):\n    logger.info("x %s", *args)\n\n\ndef handler(pd: "pipedream"):\n    outer(1, b=pd.steps["trigger"]["event"]["headers"]["authorization"])\n    log_all("y", os.environ["DB_PASSWORD"])\n',
        {
            (
                "auth-header",
                'pd.steps["trigger"]["event"]["headers"]["authorization"]',
                "raise ValueError",
                ("outer", "inner"),
                'pd.steps["trigger"]["event"]["headers"]["authorization"]',
            ),
            (
                "secret-env",
                'os.environ["DB_PASSWORD"]',
                "logger.info",
                ("log_all",),
                'os.environ["DB_PASSWORD"]',
            ),
        },
    ),
    (
        "py-return-value",
        "python",
        'import os\n\n\ndef make_header(t):\n    return {"url": "https://x", "Authorization": f"Bearer {t}"}\n\n\ndef handler(pd: "pipedream"):\n    h = make_header(os.environ["GH_TOKEN"])\n    print(h)\n    print(make_header(os.environ["OTHER_TOKEN"])["url"])\n    return make_header(os.environ["RET_TOKEN"])["Authorization"]\n',
        {
            ("secret-env", 'os.environ["GH_TOKEN"]', "print", (), "h"),
            (
                "secret-env",
                'os.environ["RET_TOKEN"]',
                "return",
                (),
                'make_header(os.environ["RET_TOKEN"])["Authorization"]',
            ),
        },
    ),
    (
        "py-def-inside-handler",
        "python",
        'def handler(pd: "pipedream"):\n    def show(opts):\n        pd.export("opts", opts["token"])\n\n    show({"token": pd.inputs["gh"]["$auth"]["oauth_access_token"], "id": 1})\n    show({"id": pd.inputs["gh"]["$auth"]["oauth_access_token"]})\n',
        {
            (
                "auth",
                'pd.inputs["gh"]["$auth"]["oauth_access_token"]',
                "pd.export",
                ("show",),
                '{"token": pd.inputs["gh"]["$auth"]["oauth_access_token"], "id": 1}',
            )
        },
    ),
    # --- Python: negatives ----------------------------------------------------------------
    (
        "py-neg-constant-and-clean",
        "python",
        'import os\n\n\ndef log(label, v):\n    print(label, len(v))\n\n\ndef unused(v):\n    print(v)\n\n\ndef handler(pd: "pipedream"):\n    log("key", os.environ["API_KEY"])\n    log(os.environ["API_KEY"][:4], "x")\n',
        set(),
    ),
    (
        "py-neg-shadowed-and-methods",
        "python",
        'import os\n\n\ndef log(v):\n    print(v)\n\n\nclass Client:\n    def show(self, v):\n        print(v)\n\n\ndef handler(pd: "pipedream"):\n    log = len\n    log(os.environ["API_KEY"])\n    Client().show(os.environ["API_KEY"])\n',
        set(),
    ),
    (
        "py-neg-recursion",
        "python",
        'import os\n\n\ndef f(x, n):\n    return f(x, n - 1) if n else g(x)\n\n\ndef g(x):\n    return f(x, 1)\n\n\ndef handler(pd: "pipedream"):\n    print(len(f(os.environ["API_KEY"], 3)))\n    f(os.environ["API_KEY"], 3)\n',
        set(),
    ),
]


def _code(language: str, text: str):
    lang = Language.NODE if language == "node" else Language.PYTHON
    code = parse_code(text, lang)
    assert code.parse_error is None, "case does not parse"
    return code


def _added(language: str, text: str) -> set[Row]:
    """The flows helper summaries add (the ones without them are checked to come first)."""
    code = _code(language, text)
    flows = analyze(code, use_secret_detectors=False)
    base = _without_helpers(code)
    assert flows[: len(base)] == base
    return {
        (
            f.taint.kind.value,
            f.taint.label,
            f.sink,
            f.via,
            code.data[f.start : f.end].decode(),
        )
        for f in flows[len(base) :]
    }


@contextmanager
def _summaries_off() -> Iterator[None]:
    """The analysis as it was before helper summaries: no helper call is followed."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(js.JsAnalysis, "_calls_a_helper", lambda self: False)
        m.setattr(py.PyAnalysis, "_helper_calls", lambda self: [])
        yield


def _without_helpers(code, **kwargs) -> list:
    kwargs.setdefault("use_secret_detectors", False)
    with _summaries_off():
        return analyze(code, **kwargs)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [c[1:] for c in CASES_HELPERS],
    ids=[c[0] for c in CASES_HELPERS],
)
def test_helper_case(language: str, text: str, expected: set[Row]) -> None:
    assert _added(language, text) == expected


def test_via_flow_positions() -> None:
    text = _component(
        '    debug("key", process.env.STRIPE_SECRET_KEY);',
        top="function debug(label, value) { console.log(label, value); }",
    )
    code = _code("node", text)
    (flow,) = [f for f in analyze(code) if f.via]
    assert (
        code.data[flow.sink_start : flow.sink_end] == b'debug("key", process.env.STRIPE_SECRET_KEY)'
    )
    assert code.data[flow.via_sink_start : flow.via_sink_end] == b"console.log(label, value)"
    assert flow.edits == () and flow.fix_summary is None


def test_existing_cases_are_unchanged() -> None:
    """The table of single-step cases gives exactly the flows it gave without summaries."""
    for _, language, body, _ in CASES:
        code = _code(language, wrap(language, body))
        assert analyze(code) == _without_helpers(code, use_secret_detectors=True)


def test_exits_stay_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    """Summaries create no source: the byte tests of the early exits still decide."""
    for _, language, text, _ in CASES_HELPERS:
        code = _code(language, text)
        with_exits = analyze(code)
        with monkeypatch.context() as m:
            m.setattr(dataflow, "_js_may_taint", lambda *a, **k: True)
            m.setattr(dataflow, "_py_may_taint", lambda *a, **k: True)
            without = analyze(_code(language, text))
        assert [(f.start, f.end, f.taint, f.via) for f in with_exits] == [
            (f.start, f.end, f.taint, f.via) for f in without
        ]
    # no source at all: the exit fires, and the helpers would have found nothing either
    quiet = _component("    debug(steps_count);", top="function debug(v) { console.log(v); }")
    assert analyze(_code("node", quiet)) == []


def _big_helpers_js(n: int) -> str:
    lines = []
    for i in range(n):
        lines.append(
            f"function f{i}(x, y) {{ f{(i + 1) % n}(x.a, {{ y, x }}); g{i}(...[x, y]); console.log(x, y.b); return f{(i + 3) % n}(x.b, y) + [x, y]; }}"
        )
        lines.append(
            f"const g{i} = (...r) => {{ f{(i * 7) % n}(r, r[0]); return g{(i + 1) % n}(r[1], ...r); }};"
        )
    calls = "\n".join(
        f"    console.log(f{i}(process.env.K{i}_KEY, steps.trigger.event), g{i}(this.slack.$auth));"
        for i in range(n)
    )
    return _component(calls, top="\n".join(lines))


def _big_helpers_py(n: int) -> str:
    lines = ["import os"]
    for i in range(n):
        lines.append(
            f"def f{i}(x, y=None, *r, **kw):\n    f{(i + 1) % n}(x['a'], {{'y': y, 'x': x}}, *r, y=x)\n    print(x, y['b'], r)\n    return f{(i + 3) % n}(x['b'], y=y) + [x, y]"
        )
    lines.append("def handler(pd):")
    lines += [f"    print(f{i}(os.environ['K{i}_KEY'], pd.steps))" for i in range(n)]
    return "\n".join(lines)


def test_many_recursive_helpers_terminate() -> None:
    """Hundreds of mutually recursive helpers: bounded rounds, chains and nesting."""
    for language, text in (("node", _big_helpers_js(60)), ("python", _big_helpers_py(60))):
        flows = analyze(_code(language, text), use_secret_detectors=False)
        assert any(f.via for f in flows)
        assert all(len(f.via) <= js.MAX_VIA + 1 for f in flows)


# --- through the engine ------------------------------------------------------------------

STEP = """function debug(label, value) {
  console.log(label, value);
}

export default defineComponent({
  methods: {
    report(err) { throw new Error(`failed: ${err}`); },
    check(token) { this.report(token); },
  },
  async run({ steps, $ }) {
    debug("key", process.env.STRIPE_SECRET_KEY);
    this.check(steps.trigger.event.headers["x-api-key"]);
  },
});
"""

PY_STEP = """def log(v):
    print(v)


def handler(pd: "pipedream"):
    log(pd.inputs["slack"]["$auth"]["oauth_access_token"])
"""


def _scan(root: Path) -> list:
    return scan([root], ScanOptions(select=["logging"])).findings


def test_findings_at_the_call(tmp_path: Path) -> None:
    (tmp_path / "step.mjs").write_text(STEP, encoding="utf-8")
    (tmp_path / "step.py").write_text(PY_STEP, encoding="utf-8")
    found = {(f.path, f.rule, f.line, f.column): f for f in _scan(tmp_path)}
    assert set(found) == {
        ("step.mjs", "SG601", 11, 18),
        ("step.mjs", "SG602", 12, 16),
        ("step.py", "SG601", 6, 9),
    }
    js_f = found[("step.mjs", "SG601", 11, 18)]
    assert js_f.message == (
        "`process.env.STRIPE_SECRET_KEY` (secret env var) is passed to `debug()` on line 11, "
        "which hands it to `console.log` on line 2 — Pipedream stores step logs"
    )
    assert js_f.evidence == 'debug("key", process.env.STRIPE_SECRET_KEY);'
    assert js_f.extra == {
        "source": "process.env.STRIPE_SECRET_KEY",
        "sink": "console.log",
        "source_kind": "secret-env",
        "sink_kind": "log",
        "via": ["debug"],
        "sink_line": 2,
    }
    assert js_f.fix is None
    nested = found[("step.mjs", "SG602", 12, 16)]
    assert nested.message == (
        "`steps.trigger.event.headers.x-api-key` (credential from the incoming request) is passed "
        "to `this.check()` on line 12, which hands it through `this.report()` to "
        "`throw new Error` on line 7 — Pipedream stores error messages and stack traces"
    )
    py_f = found[("step.py", "SG601", 6, 9)]
    assert py_f.extra["via"] == ["log"] and py_f.extra["sink_line"] == 2
    with pytest.raises(FixError):
        logging_fix.edits(js_f, STEP)


def test_fingerprints_survive_moving_the_helper(tmp_path: Path) -> None:
    (tmp_path / "step.mjs").write_text(STEP, encoding="utf-8")
    before = sorted(f.fingerprint for f in _scan(tmp_path))
    moved = STEP.replace("function debug", "// a helper\n\nfunction debug")
    (tmp_path / "step.mjs").write_text(moved, encoding="utf-8")
    after = _scan(tmp_path)
    assert sorted(f.fingerprint for f in after) == before
    assert {f.extra["sink_line"] for f in after if f.rule == "SG601"} == {4}


def test_demo_findings_unchanged(tmp_path: Path) -> None:
    """The demo has no helpers: summaries on or off, its findings are the same."""
    write_demo(tmp_path / "demo")
    with_helpers = scan([tmp_path], ScanOptions())
    with _summaries_off():
        without = scan([tmp_path], ScanOptions())
    assert [(asdict(f), f.fingerprint_key) for f in with_helpers.findings] == [
        (asdict(f), f.fingerprint_key) for f in without.findings
    ]
    assert any(f.rule.startswith("SG6") for f in with_helpers.findings)
