"""Intra-step data-flow analysis: which sensitive values reach what a step logs, exports or returns.

`analyze(code)` returns one `Flow` per (sink value, source taint). It is reusable by any rule:
sources are secrets (literals flagged by the secrets detectors, sensitive env vars, connected
accounts' `$auth`), credentials in the incoming request (auth/cookie/signature headers, token
query parameters), whole header objects, the whole trigger event and HTTP-client errors after
authenticated requests. Sinks are logs, exports, run/handler return values, HTTP responses and
thrown error messages.
"""

from __future__ import annotations

from checks.dataflow.model import EMPTY, Flow, Shape, SinkKind, SourceKind, Taint
from checks.dataflow.secrets import literal_secrets
from checks.parsing import Code

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
    sensitive_env: frozenset[str] = frozenset(),
    use_secret_detectors: bool = True,
) -> list[Flow]:
    """Flows from sources to sinks in one step's code (empty for unparseable code).

    `http_event_param`: the code is an HTTP event source, whose `run(event)` parameter is
    the incoming request. `source_event_param`: the code is an event source of unknown
    interface; its `run(event)` headers are sources, the event as a whole is not reported.
    `sensitive_env`: env var names known to hold secrets whatever their name (e.g. the ones a
    secret migration created).
    """
    spans, labels = literal_secrets(code) if use_secret_detectors else ([], {})
    try:
        if code.language.is_js:
            tree = code.js_tree
            if tree is None:
                return []
            from checks.dataflow.js import JsAnalysis

            js = JsAnalysis(
                code.data,
                tree.root_node,
                literal_spans=spans,
                literal_labels=labels,
                http_event_param=http_event_param,
                source_event_param=source_event_param,
                sensitive_env=sensitive_env,
                nodes=code.js_nodes,
            )
            js.collect()
            return js.flows()
        if code.py_tree is not None:
            from checks.dataflow.py import PyAnalysis

            py = PyAnalysis(
                code, literal_spans=spans, literal_labels=labels, sensitive_env=sensitive_env
            )
            py.collect()
            return py.flows()
    except RecursionError:
        return []
    return []
