"""Transport analysis: outbound HTTP requests, TLS verification, Pipedream endpoint URLs.

`request_sites(code)` is the shared entry point: every outbound HTTP request a step makes,
with the statically known part of its URL and the credentials it sends. The transport and
connected-account rules both read it.
"""

from checks.transport.sites import RequestSite, StaticUrl, TokenSource, UrlLiteral, request_sites

__all__ = ["RequestSite", "StaticUrl", "TokenSource", "UrlLiteral", "request_sites"]
