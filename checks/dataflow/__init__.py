"""Intra-step data-flow analysis: which sensitive values reach what a step logs, exports or returns.

`analyze(code)` returns one `Flow` per (sink value, source taint). It is reusable by any rule:
sources are secrets (literals flagged by the secrets detectors, sensitive env vars, connected
accounts' `$auth`), credentials in the incoming request (auth/cookie/signature headers, token
query parameters), whole header objects, the whole trigger event and HTTP-client errors after
authenticated requests. Sinks are logs, exports, run/handler return values, HTTP responses and
thrown error messages. Values are followed into helper functions defined in the step (flows
through them carry `Flow.via`); the sources stay the same, so the early exits below still hold.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Container
from functools import cache

from checks.dataflow.js import JsAnalysis
from checks.dataflow.model import EMPTY, Flow, Shape, SinkKind, SourceKind, Taint
from checks.dataflow.py import PyAnalysis
from checks.dataflow.secrets import literal_secrets
from checks.parsing import Code
from checks.parsing.jsbindings import js_bindings
from checks.parsing.jsindex import by_type
from checks.parsing.vocabulary import JS_ERROR_CLIENTS

__all__ = [
    "EMPTY",
    "Flow",
    "Shape",
    "SinkKind",
    "SourceKind",
    "Taint",
    "analyze",
    "literal_secrets",
]


def analyze(
    code: Code,
    *,
    http_event_param: bool = False,
    source_event_param: bool = False,
    sensitive_env: Container[str] = frozenset(),
    use_secret_detectors: bool = True,
) -> list[Flow]:
    """Flows from sources to sinks in one step's code (empty for unparseable code).

    `http_event_param`: the code is an HTTP event source, whose `run(event)` parameter is
    the incoming request. `source_event_param`: the code is an event source of unknown
    interface; its `run(event)` headers are sources, the event as a whole is not reported.
    `sensitive_env`: env var names known to hold secrets whatever their name (e.g. the ones a
    secret migration created); only consulted for env vars whose name does not already mark
    them as secret, so it may be a lazy container.
    """
    spans, labels = literal_secrets(code) if use_secret_detectors else ([], {})
    try:
        if code.language.is_js:
            tree = code.js_tree
            if tree is None:
                return []
            # exact early exit: without a source (see `_js_may_taint`) there is no flow
            event = source_event_param or http_event_param
            if not spans and not _js_may_taint(
                code, event_param=event, http_event=http_event_param
            ):
                return []
            js = JsAnalysis(
                code.data,
                tree.root_node,
                literal_spans=spans,
                literal_labels=labels,
                http_event_param=http_event_param,
                source_event_param=source_event_param,
                sensitive_env=sensitive_env,
                nodes=code.js_nodes,
                index=by_type(code),
                bindings=js_bindings(code, event_param=event),
            )
            js.collect()
            return js.flows()
        if code.py_tree is not None:
            if not spans and not _py_may_taint(code):  # no source, no flow
                return []
            py = PyAnalysis(
                code, literal_spans=spans, literal_labels=labels, sensitive_env=sensitive_env
            )
            py.collect()
            return py.flows()
    except RecursionError:
        return []
    return []


_WORD_BYTES = frozenset(b"$_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _has_identifier(data: bytes, *names: bytes) -> bool:
    """Whether one of `names` occurs as a whole word: ASCII word boundaries, so a superset of
    where an identifier with that exact text can be."""
    for name in names:
        end = len(name)
        i = data.find(name)
        while i != -1:
            j = i + end
            if (i == 0 or data[i - 1] not in _WORD_BYTES) and (
                j == len(data) or data[j] not in _WORD_BYTES
            ):
                return True
            i = data.find(name, i + 1)
    return False


@cache
def _escaped(word: str) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    r"""Patterns for `word` with some character written as an escape (`\$`, `\x24`, `\u0024`,
    `\u{24}`): a quick one for any such escape, then the spelling itself."""
    hexes = r"x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]+\}"
    chars = "".join(sorted({re.escape(c) for c in word}))
    quick = rf"\\(?:[{chars}]|{hexes})"
    spelled = "".join(rf"(?:{re.escape(c)}|\\(?:{re.escape(c)}|{hexes}))" for c in word)
    return re.compile(quick.encode()), re.compile(spelled.encode())


def _may_spell(data: bytes, word: str) -> bool:
    r"""Whether a property name of the code may be `word`: written out, or as a string key
    whose escapes decode to it (`this["\x24auth"]`, which `string_value` decodes)."""
    if word.encode() in data:
        return True
    if b"\\" not in data:
        return False
    quick, spelled = _escaped(word)
    return quick.search(data) is not None and spelled.search(data) is not None


def _js_may_taint(code: Code, *, event_param: bool, http_event: bool) -> bool:
    """Whether the JS analysis can create a taint in a step without secret literals.

    Taints arise only from the roots `process` and `steps` (unbound identifiers, compared by
    source text), member paths ending in `$auth` under `this`, the event parameter of a
    source's `run` (whose members matter only through `headers` / `query` unless it is an
    HTTP request) and caught errors (`catch`) of calls that are axios/got or carry `headers`.
    So when none of those names occurs in the bytes the analysis would find no flow. A tree
    with syntax errors may hold nodes recovered without their text (a `catch_clause` with a
    missing keyword), so it is always analysed.
    """
    if code.parse_error is not None:
        return True
    data = code.data
    if _has_identifier(data, b"process", b"steps") or _may_spell(data, "$auth"):
        return True
    if _has_identifier(data, b"catch") and (
        _has_identifier(data, *(name.encode() for name in JS_ERROR_CLIENTS))
        or _may_spell(data, "headers")
    ):
        return True
    if http_event:
        return True
    return event_param and (_may_spell(data, "headers") or _may_spell(data, "query"))


_PY_ROOT_WORDS = frozenset({"os", "steps", "$auth"})


def _py_may_taint(code: Code) -> bool:
    """Whether the Python analysis can create a taint in a step without secret literals.

    Taints arise only from `os.environ` / `os.getenv` (a name `os`, or an import of it) and
    the `pd` members `steps` and `inputs[…]["$auth"]` (attribute names, constant keys, or an
    import such as `from pd import steps`). Names are checked in the tree, not the bytes: the
    parser normalises identifiers (NFKC) and joins adjacent string literals.
    """
    for node in code.py_nodes:
        if isinstance(node, ast.Name):
            word: object = node.id
        elif isinstance(node, ast.Attribute):
            word = node.attr
        elif isinstance(node, ast.Constant):
            word = node.value
        elif isinstance(node, ast.alias | ast.ImportFrom):
            dotted = node.name if isinstance(node, ast.alias) else node.module or ""
            if not _PY_ROOT_WORDS.isdisjoint(dotted.split(".")):
                return True
            continue
        else:
            continue
        if isinstance(word, str) and word in _PY_ROOT_WORDS:
            return True
    return False
