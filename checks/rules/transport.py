"""SG2xx transport: HTTPS for data going out of and into Pipedream, and TLS verification."""

from __future__ import annotations

from collections.abc import Iterator

from checks.extras import TransportExtra
from checks.model import Category, Finding, Fix, FixKind, Severity
from checks.rulebase import StepContext, rule
from checks.transport import RequestSite, request_sites
from checks.transport.endpoints import http_endpoint_urls
from checks.transport.request_urls import request_controlled_urls
from checks.transport.tls import tls_disabled
from checks.transport.tlsfix import removal
from checks.transport.urls import (
    HostClass,
    classify_host,
    https_url,
    is_pipedream_endpoint,
    safe_url,
    secure_url,
)

FIX_SUMMARY = "Use https://…"
WSS_FIX_SUMMARY = "Use wss://…"


@rule(
    id="SG201",
    name="http-outbound",
    category=Category.TRANSPORT,
    severity=Severity.MEDIUM,
    title="Request sent over plain HTTP",
    explanation="""A step sends an HTTP request to an `http://` URL, or opens a WebSocket to a
    `ws://` URL, so the request, its credentials and the response (or every WebSocket message)
    cross the network unencrypted and can be read or changed on the way. Use the service's
    `https://` (`wss://`) URL. Requests that carry credentials are rated high; hosts on a
    private network (RFC 1918 addresses, `*.internal`, single-label names) low; localhost,
    loopback addresses and `*.local` are not reported.""",
    fix="Use https:// (wss:// for a WebSocket)",
    fix_kind=FixKind.HTTPS,
)
def check_http_outbound(ctx: StepContext) -> Iterator[Finding]:
    if ctx.code is None:
        return
    groups: dict[tuple[int, int], list[RequestSite]] = {}
    for site in request_sites(ctx.code):
        parts = site.url.parts
        if parts is None or not _plaintext(site, parts.scheme):
            continue
        host_class = classify_host(parts.host)
        if host_class is HostClass.LOCAL:
            continue  # loopback is fine
        if parts.scheme == "http" and is_pipedream_endpoint(parts.host):
            continue  # SG203 reports `http://…pipedream.net` wherever it is written
        lit = site.url.literal
        span = (lit.start, lit.end) if lit is not None else (site.start, site.end)
        groups.setdefault(span, []).append(site)
    for (start, end), sites in sorted(groups.items()):
        yield _http_finding(ctx, start, end, sites)


def _plaintext(site: RequestSite, scheme: str) -> bool:
    """`http://` for any client; `ws://` for WebSocket clients (HTTP clients reject it)."""
    return scheme == "http" or (site.websocket and scheme == "ws")


def _http_finding(ctx: StepContext, start: int, end: int, sites: list[RequestSite]) -> Finding:
    first = sites[0]
    parts = first.url.parts
    assert parts is not None
    ws = parts.scheme == "ws"
    host_class = classify_host(parts.host)
    creds = any(s.sends_credentials for s in sites)
    if host_class is HostClass.PUBLIC:
        severity = Severity.HIGH if creds else Severity.MEDIUM
    else:
        severity = Severity.LOW
    url = safe_url(first.url.prefix + ("" if first.url.complete else "…"))
    target = {
        HostClass.PUBLIC: parts.host,
        HostClass.PRIVATE: f"{parts.host} (private network)",
        HostClass.UNKNOWN: "a host not known until run time",
    }[host_class]
    if first.role == "base":
        what = f"{first.client} configures a base URL"
    elif first.websocket and first.client == "WebSocket":
        what = "new WebSocket() opens a connection"
    elif first.websocket:
        what = f"{first.client} opens a WebSocket"
    else:
        what = f"{first.client} sends a request"
    plain = "without encryption" if ws else "over plain HTTP"
    message = f"{what} to {target} {plain} ({url})"
    if creds:
        message += " with credentials"
    if len(sites) > 1:
        noun = "connections" if all(s.websocket for s in sites) else "requests"
        message += f"; {len(sites)} {noun} use this URL"
    message += ". Use wss://." if ws else ". Use https://."
    lit = first.url.literal
    fixable = lit is not None and all(s.fixable for s in sites)
    extra: TransportExtra = {
        "url": url,
        "https_url": secure_url(url),  # the `wss://` URL for a WebSocket
        "client": first.client,
        "host": parts.host,
        "host_class": host_class.value,
        "sends_credentials": creds,
    }
    if fixable and lit is not None:
        extra["scheme_offset"] = lit.scheme_start
    finding = ctx.finding(
        start,
        end,
        message,
        evidence=f"{first.client} {url}",
        severity=severity,
        fix=Fix(FixKind.HTTPS, WSS_FIX_SUMMARY if ws else FIX_SUMMARY),
        extra=extra,
        key=f"{first.client}|{url}",
    )
    if not fixable:
        finding.fix = None  # e.g. `http.request({hostname})`: no URL literal to rewrite
    return finding


@rule(
    id="SG202",
    name="tls-verification-disabled",
    category=Category.TRANSPORT,
    severity=Severity.HIGH,
    title="TLS certificate verification turned off",
    explanation="""The step turns off checking of the server's TLS certificate
    (`rejectUnauthorized: false`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, `verify=False`,
    `ssl._create_unverified_context()`, `CERT_NONE`, `curl -k`, `wget
    --no-check-certificate`). HTTPS then still encrypts, but anyone on the path can pose as
    the server and read or change the traffic. Keep verification on; for a server with a
    private certificate authority, pass that CA instead. When the setting is an argument or a
    command-line flag of its own, the fix deletes it.""",
)
def check_tls_disabled(ctx: StepContext) -> Iterator[Finding]:
    if ctx.code is None:
        return
    for off in tls_disabled(ctx.code):
        span = removal(ctx.code, off)
        if span is None:
            yield ctx.finding(
                off.start,
                off.end,
                f"TLS certificate verification is turned off ({off.what}): {off.advice}.",
                evidence=off.what,
                extra={"setting": off.what},
                key=off.what,
            )
            continue
        # An exact fix: delete the setting (checks.fixes.replace applies it).
        yield ctx.finding(
            span[0],
            span[1],
            f"TLS certificate verification is turned off ({off.what}): {off.advice}.",
            evidence=off.what,
            fix=Fix(FixKind.EDIT, f"Remove {off.what}: certificates are then verified"),
            extra={"setting": off.what, "replacement": ""},
            key=off.what,
        )


@rule(
    id="SG203",
    name="http-pipedream-endpoint",
    category=Category.TRANSPORT,
    severity=Severity.MEDIUM,
    title="Pipedream endpoint URL written with http://",
    explanation="""The code holds a Pipedream trigger URL (`*.m.pipedream.net`) with the
    `http://` scheme, for example when it registers a webhook with another service or calls
    another workflow. Data sent to that URL travels unencrypted to Pipedream. Pipedream
    endpoints answer on HTTPS: write `https://`.""",
    fix=FIX_SUMMARY,
    fix_kind=FixKind.HTTPS,
)
def check_http_endpoint(ctx: StepContext) -> Iterator[Finding]:
    if ctx.code is None:
        return
    for ep in http_endpoint_urls(ctx.code):
        url = safe_url(ep.url)
        yield ctx.finding(
            ep.start,
            ep.end,
            f"Pipedream endpoint written with http:// ({url}); send data to it over HTTPS.",
            evidence=url,
            extra={"url": url, "https_url": https_url(url), "scheme_offset": ep.scheme_start},
            key=url,
        )


@rule(
    id="SG204",
    name="request-controlled-url",
    category=Category.TRANSPORT,
    severity=Severity.MEDIUM,
    title="Request sent to a URL taken from the incoming request",
    explanation="""A step or event source sends an HTTP request to a URL it read from the request
    that triggered it: a body or query field, a header such as a resource URI, an SNS
    `SubscribeURL`. Whoever calls the endpoint chooses where Pipedream connects: internal
    addresses, cloud metadata services, or a server of their own that records what arrives.
    When the request carries your token or API key (rated high), the caller receives it.
    Bad: `await axios.post(steps.trigger.event.body.callback_url, data, { headers: {
    Authorization: `Bearer ${token}` } })`. Good: keep the destination in the code or a prop,
    or check the URL's host against the hosts you expect (`new URL(u).host ===
    "hooks.example.com"`) and end the workflow otherwise; never attach credentials to a URL the
    caller chose.""",
    fix=(
        "Send the request only to a host you expect: compare new URL(url).host with an "
        "allowlist and end the workflow otherwise (and keep credentials off caller-chosen URLs)"
    ),
    fix_kind=FixKind.MANUAL,
)
def check_request_controlled_url(ctx: StepContext) -> Iterator[Finding]:
    if ctx.code is None:
        return
    for hit in request_controlled_urls(ctx.code):
        site = hit.site
        creds = site.sends_credentials
        what = f"the request's {hit.source}"
        message = (
            f"{site.client} sends a request to a URL taken from {what}: whoever calls this "
            "endpoint chooses where it connects"
        )
        if creds:
            message += ", and the request carries credentials, which that host receives"
        message += ". Check the URL's host against the hosts you expect before sending."
        extra: TransportExtra = {
            "client": site.client,
            "sends_credentials": creds,
            "url_from": hit.source,
        }
        yield ctx.finding(
            hit.start,
            hit.end,
            message,
            evidence=f"{site.client} <- {hit.source}"[:200],
            severity=Severity.HIGH if creds else Severity.MEDIUM,
            extra=extra,
            key=f"controlled-url:{site.client}:{hit.source}",
        )
