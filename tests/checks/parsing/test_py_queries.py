"""Python model queries the auth analysis asks: helper parameters and their arguments, callee
names, function spans, key spans and the name a member reads by."""

from __future__ import annotations

import ast

from checks.model import Language
from checks.parsing import Code, parse_code
from checks.parsing.callgraph import containing
from checks.parsing.pyindex import py_index, py_summary
from checks.parsing.pypaths import key_span, member_name
from checks.parsing.pyscope import callee_name, py_scope

SRC = """\
def check(alg, body, *, key):
    return hmac.new(key, body, alg)

def handler(pd: "pipedream"):
    alg = pd.steps["trigger"]["event"]["headers"]["x-alg"]
    self.check("sha1", b"x", key=secret)
    check(alg, b"y", key=other)
"""


def _code(src: str = SRC) -> Code:
    return parse_code(src, Language.PYTHON)


def _names(code: Code, ident: str) -> list[ast.Name]:
    return [n for n in code.py_nodes if isinstance(n, ast.Name) and n.id == ident]


def test_helper_parameter_positional_and_keyword_only() -> None:
    code = _code()
    scope = py_scope(code)
    alg_in_helper, alg_in_handler = sorted(_names(code, "alg"), key=lambda n: n.lineno)[:2]
    assert scope.helper_parameter(alg_in_helper) == ("check", 0, "alg")
    assert scope.helper_parameter(alg_in_handler) is None  # the handler's own variable
    (key,) = [n for n in _names(code, "key") if n.lineno == 2]
    assert scope.helper_parameter(key) == ("check", -1, "key")


def test_arguments_for_keyword_then_positional_by_callee_name() -> None:
    code = _code()
    scope = py_scope(code)
    calls = py_index(code).calls
    got = [ast.unparse(a) for a in scope.arguments_for(calls, "check", 0, "alg")]
    assert got == ["'sha1'", "alg"]  # `self.check(...)` matches by its last name
    got = [ast.unparse(a) for a in scope.arguments_for(calls, "check", -1, "key")]
    assert got == ["secret", "other"]


def test_callee_name_and_def_spans() -> None:
    code = _code()
    names = [callee_name(c) for c in py_index(code).calls]
    assert names.count("check") == 2 and "new" in names
    calls = [c for c in ast.walk(ast.parse("f()(x)")) if isinstance(c, ast.Call)]
    assert callee_name(calls[0]) == "f"  # through the inner call
    spans = py_scope(code).def_spans
    assert set(spans) == {"check", "handler"}
    owners = containing(spans)
    assert owners(code.data.index(b"hmac.new")) == ["check"]
    assert owners(code.data.index(b"self.check")) == ["handler"]
    assert owners(len(code.data) + 1) == []


def test_key_span_inside_quotes_only_for_plain_literals() -> None:
    code = _code('h["x-sig"]\nh[k]\nh["\\x78-sig"]\n')
    subs = sorted(
        (n for n in code.py_nodes if isinstance(n, ast.Subscript)), key=lambda n: n.lineno
    )
    texts = [code.slice(*key_span(code, s.slice)) for s in subs]
    assert texts == ["x-sig", "k", '"\\x78-sig"']  # an escaped key keeps its quotes


def test_member_name() -> None:
    exprs = [ast.parse(s, mode="eval").body for s in ("tok", "cfg.tok", 'cfg["tok"]', 'c[""]')]
    assert [member_name(e) for e in exprs] == ["tok", "tok", "tok", None]
    assert member_name(ast.parse("f()", mode="eval").body) is None


def test_py_summary_excludes_nested_functions() -> None:
    value = ast.parse("g(a, b[c], lambda: d(e))", mode="eval").body
    s = py_summary(value)
    assert s.names == {"g", "a", "b", "c"}
    assert [ast.unparse(c) for c in s.calls] == ["g(a, b[c], lambda: d(e))"]
    assert sorted(ast.unparse(x) for x in s.lookups) == ["b[c]", "g(a, b[c], lambda: d(e))"]
