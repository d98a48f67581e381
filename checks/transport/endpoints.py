"""Pipedream trigger endpoint URLs written with `http://` inside string literals."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from checks.model import Language
from checks.parsing import Code
from checks.parsing.jsindex import of_type

# Findings come only from string-literal bytes; the whole text is searched only as a prefilter.
_ENDPOINT = re.compile(rb"(?i)http://(?:[a-z0-9_-]+\.)*pipedream\.net(?![a-z0-9.-])[^\s\"'`<>]*")
_ENDPOINT_ANYWHERE = re.compile(rb"(?i)http://(?:[a-z0-9_-]+\.)*pipedream\.net")


@dataclass(frozen=True)
class EndpointUrl:
    start: int  # byte span of the URL inside the step's code
    end: int
    url: str
    scheme_start: int


def http_endpoint_urls(code: Code) -> list[EndpointUrl]:
    # Each span searched below is a slice of `code.data`, so a URL found in one is also found
    # here (the pattern minus its trailing lookahead, which only a slice end could change).
    if _ENDPOINT_ANYWHERE.search(code.data) is None:
        return []
    spans: list[tuple[int, int]] = []
    if code.language.is_js:
        if code.js_tree is not None:
            spans = [(n.start_byte, n.end_byte) for n in of_type(code, "string_fragment")]
    elif code.language is Language.PYTHON:
        if code.py_tree is not None:
            for node in code.py_nodes:
                if isinstance(node, ast.JoinedStr) or (
                    isinstance(node, ast.Constant) and isinstance(node.value, str)
                ):
                    spans.append(code.py_node_offsets(node))
    elif code.language is Language.BASH:
        from checks.transport.shell import byte_offsets, code_commands

        to_bytes = byte_offsets(code.text)
        for cmd in code_commands(code):
            spans.extend((to_bytes(w.start), to_bytes(w.end)) for w in cmd)
    out: dict[int, EndpointUrl] = {}
    for start, end in spans:
        raw = code.data[start:end]
        for m in _ENDPOINT.finditer(raw):
            s = start + m.start()
            url = m.group(0).decode("utf-8", "replace")
            out.setdefault(s, EndpointUrl(s, start + m.end(), url, s))
    return sorted(out.values(), key=lambda e: e.start)
