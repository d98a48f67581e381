"""The semantic model's resolvers: what an expression can hold, and qualified callees."""

from __future__ import annotations

import ast

import pytest
from tree_sitter import Node

from checks.model import Language
from checks.parsing import Code, parse_code
from checks.parsing.js import walk
from checks.parsing.jsscope import js_scope
from checks.parsing.pyscope import dotted, py_scope
from checks.parsing.values import OriginKind

JS_RUN = "export default defineComponent({{\n  async run({{ steps, $ }}) {{\n{body}\n  }},\n}})\n"


def _js(body: str, head: str = "") -> Code:
    return parse_code(head + JS_RUN.format(body=body), Language.NODE)


def _js_arg(code: Code, callee: str = "use") -> Node:
    """The first argument of the last call of `callee`."""
    tree = code.js_tree
    assert tree is not None
    calls = [
        n
        for n in walk(tree.root_node)
        if n.type == "call_expression"
        and code.js_node_text(n.child_by_field_name("function")) == callee
    ]
    args = calls[-1].child_by_field_name("arguments")
    return args.named_children[0]


def _js_origins(code: Code, callee: str = "use") -> list[tuple[OriginKind, str, str]]:
    """(kind, name or literal value, the source text of the supplying expression)."""
    out = []
    for o in js_scope(code).origins(_js_arg(code, callee)):
        what = o.value if o.kind is OriginKind.LITERAL else o.name
        out.append((o.kind, what or "", code.data[o.start : o.end].decode()))
    return out


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("use(process.env.STRIPE_KEY)", [("env", "STRIPE_KEY", "process.env.STRIPE_KEY")]),
        ('use(process.env["API_TOKEN"])', [("env", "API_TOKEN", 'process.env["API_TOKEN"]')]),
        ('const k = "abc123"\nconst j = k\nuse(j)', [("literal", "abc123", '"abc123"')]),
        (
            'const CONFIG = { stripe: { webhookSecret: "whsec_x" } }\n'
            "use(CONFIG.stripe.webhookSecret)",
            [("literal", "whsec_x", '"whsec_x"')],
        ),
        (
            "const cfg = { key: process.env.K }\nconst { key } = cfg\nuse(key)",
            [("env", "K", "process.env.K")],
        ),
        (
            "const { key: renamed } = { key: process.env.K2 }\nuse(renamed)",
            [("env", "K2", "process.env.K2")],
        ),
        (
            "use(`Bearer ${process.env.T}` + suffix)",
            [("env", "T", "process.env.T"), ("unknown", "suffix", "suffix")],
        ),
        (
            "use(process.env.A || process.env.B)",
            [("env", "A", "process.env.A"), ("env", "B", "process.env.B")],
        ),
        (
            "use(this.slack.$auth.oauth_access_token)",
            [("account", "slack.$auth.oauth_access_token", "this.slack.$auth.oauth_access_token")],
        ),
        ("use(this.channel)", [("props", "channel", "this.channel")]),
        (
            "use(steps.trigger.event.headers)",
            [("request", "trigger.event.headers", "steps.trigger.event.headers")],
        ),
        (
            "use(steps.fetch_data.$return_value)",
            [("step-export", "fetch_data.$return_value", "steps.fetch_data.$return_value")],
        ),
        (
            'const res = await axios.get("https://x.test")\nuse(res)',
            [("http-response", "axios.get", 'axios.get("https://x.test")')],
        ),
        ("use(steps)", [("unknown", "steps", "steps")]),  # a parameter of run
    ],
    ids=[
        "env",
        "env-subscript",
        "const-chain",
        "nested-object-literal",
        "destructuring",
        "destructuring-renamed",
        "template-and-concat",
        "or",
        "account",
        "props",
        "request",
        "step-export",
        "http-response",
        "parameter",
    ],
)
def test_js_origins(body: str, expected: list[tuple[str, str, str]]) -> None:
    code = _js(body, head='import axios from "axios"\n')
    assert [(str(k), n, t) for k, n, t in _js_origins(code)] == expected


def test_js_resolver_gives_up_past_its_bound() -> None:
    chain = "\n".join(f"const v{i} = v{i - 1}" for i in range(1, 12))
    code = _js(f'const v0 = "deep-value"\n{chain}\nuse(v11)')
    ((kind, _name, _text),) = _js_origins(code)
    assert kind is OriginKind.UNKNOWN
    shallow = _js('const v0 = "deep-value"\nconst v1 = v0\nuse(v1)')
    assert _js_origins(shallow) == [(OriginKind.LITERAL, "deep-value", '"deep-value"')]


def test_js_literal_span_is_exact() -> None:
    code = _js('const k = "sk_test_value"\nuse(k)')
    (origin,) = js_scope(code).origins(_js_arg(code))
    assert code.data[origin.start : origin.end] == b'"sk_test_value"'


@pytest.mark.parametrize(
    ("head", "callee", "qualified"),
    [
        ('import crypto from "crypto"\n', "crypto.createHmac", "crypto.createHmac"),
        ('import * as c from "node:crypto"\n', "c.createHmac", "crypto.createHmac"),
        ('import { createHmac as mk } from "crypto"\n', "mk", "crypto.createHmac"),
        ('import ax from "axios"\n', "ax.post", "axios.post"),
        ('import { axios } from "@pipedream/platform"\n', "axios", "@pipedream/platform.axios"),
        ('const Stripe = require("stripe")\n', "Stripe", "stripe"),
        (
            'const { WebClient } = require("@slack/web-api")\n',
            "WebClient",
            "@slack/web-api.WebClient",
        ),
        ('const got = (await import("got")).default\n', "got", None),
        ("", "fetch", "fetch"),
    ],
)
def test_js_qualified_callees(head: str, callee: str, qualified: str | None) -> None:
    scope = js_scope(parse_code(head + "export default {}\n", Language.NODE))
    expected = callee if qualified is None else qualified
    assert scope.qualified(callee) == expected


def test_js_imported_callee_only_for_module_names() -> None:
    code = _js("use(new Stripe(k))\nuse(new Local(k))", head='import Stripe from "stripe"\n')
    tree = code.js_tree
    assert tree is not None
    news = [n for n in walk(tree.root_node) if n.type == "new_expression"]
    scope = js_scope(code)
    assert [scope.imported(n.child_by_field_name("constructor")) for n in news] == [
        "stripe",
        None,
    ]


# -- Python ------------------------------------------------------------------------------------

PY_HEAD = "import os\nimport requests as rq\nfrom hmac import compare_digest as eq\n"


def _py_origins(body: str) -> list[tuple[str, str, str]]:
    text = (
        PY_HEAD
        + 'def handler(pd: "pipedream"):\n'
        + "".join(f"    {line}\n" for line in body.splitlines())
    )
    code = parse_code(text, Language.PYTHON)
    tree = code.py_tree
    assert tree is not None
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "use"
    ]
    out = []
    for o in py_scope(code).origins(calls[-1].args[0]):
        what = o.value if o.kind is OriginKind.LITERAL else o.name
        out.append((str(o.kind), what or "", code.data[o.start : o.end].decode()))
    return out


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('use(os.environ["K"])', [("env", "K", 'os.environ["K"]')]),
        ('use(os.getenv("K"))', [("env", "K", 'os.getenv("K")')]),
        ('k = "abc123"\nj = k\nuse(j)', [("literal", "abc123", '"abc123"')]),
        ("use(f\"Bearer {os.environ.get('T')}\")", [("env", "T", "os.environ.get('T')")]),
        (
            'use(pd.inputs["slack"]["$auth"]["oauth_access_token"])',
            [("account", "slack", 'pd.inputs["slack"]["$auth"]["oauth_access_token"]')],
        ),
        (
            'use(pd.steps["trigger"]["event"]["headers"])',
            [("request", "trigger.event.headers", 'pd.steps["trigger"]["event"]["headers"]')],
        ),
        (
            'use(pd.steps["fetch"]["$return_value"])',
            [("step-export", "fetch.$return_value", 'pd.steps["fetch"]["$return_value"]')],
        ),
        (
            'r = rq.get("https://x.test")\nuse(r)',
            [("http-response", "requests.get", 'rq.get("https://x.test")')],
        ),
        (
            'use(os.environ.get("A") or "fallback")',
            [("env", "A", 'os.environ.get("A")'), ("literal", "fallback", '"fallback"')],
        ),
    ],
    ids=[
        "environ",
        "getenv",
        "const-chain",
        "fstring",
        "account",
        "request",
        "step-export",
        "http-response",
        "or",
    ],
)
def test_py_origins(body: str, expected: list[tuple[str, str, str]]) -> None:
    assert _py_origins(body) == expected


def test_py_parameters_are_unknown() -> None:
    ((kind, name, _),) = _py_origins("def inner(token):\n        use(token)")
    assert (kind, name) == ("unknown", "token")


def test_py_qualified_callees() -> None:
    code = parse_code(PY_HEAD + "import hmac\nimport hashlib as h\n", Language.PYTHON)
    scope = py_scope(code)
    for written, qualified in [
        ("rq.get", "requests.get"),
        ("eq", "hmac.compare_digest"),
        ("hmac.compare_digest", "hmac.compare_digest"),
        ("h.sha256", "hashlib.sha256"),
        ("print", "print"),
    ]:
        node = ast.parse(written, mode="eval").body
        assert scope.qualified(node) == qualified


def test_py_dotted() -> None:
    node = ast.parse("requests.get(url).json", mode="eval").body
    assert dotted(node) is None
    assert dotted(node, through_calls=True) == "requests.get.json"
    assert dotted(ast.parse("a.b.c", mode="eval").body) == "a.b.c"
