"""Transport analysis: outbound HTTP requests, TLS verification, Pipedream endpoint URLs.

`request_sites(code)` is the shared entry point: every outbound HTTP request a step makes,
with the statically known part of its URL and the credentials it sends. The transport and
connected-account rules both read it.
"""

from __future__ import annotations

from checks.model import Language
from checks.parsing import Code
from checks.transport.js_sites import js_request_sites
from checks.transport.py_sites import py_request_sites
from checks.transport.shell import sh_request_sites
from checks.transport.sites import RequestSite, StaticUrl, TokenSource, UrlLiteral

__all__ = ["RequestSite", "StaticUrl", "TokenSource", "UrlLiteral", "request_sites"]


def request_sites(code: Code) -> list[RequestSite]:
    """Every outbound request in a step's code (memoised on `code`)."""
    return code.memo(request_sites, lambda: _request_sites(code))


def _request_sites(code: Code) -> list[RequestSite]:
    sites: list[RequestSite]
    if code.language.is_js:
        sites = js_request_sites(code)
    elif code.language is Language.PYTHON:
        sites = py_request_sites(code)
    elif code.language is Language.BASH:
        sites = sh_request_sites(code)
    else:
        sites = []
    return sites
