"""Requests sent to a URL the incoming request chose (server-side request forgery).

A request site (`checks.transport.request_sites`) whose URL's host is not written in the code
and whose URL expression starts with request data: a body or query field, a header (a resource
URI), an SNS `SubscribeURL`. What an expression holds comes from the semantic model: origins
(`JsScope.origins`, `PyScope.origins`: `steps.trigger.event.*` is the request) and, for an event
source's `run(event)` parameter and indexed paths (`inArguments[0].endpoint`), the JS request
paths (`checks.parsing.jspaths`). Only the start of the URL matters: a request value after a
fixed `https://host/` chooses a path, not where the request (and its credentials) go.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from tree_sitter import Node

from checks.parsing.code import Code
from checks.parsing.js import property_key, string_value, text
from checks.parsing.jsindex import methods_and_pairs
from checks.parsing.jspaths import js_paths
from checks.parsing.jsscope import js_scope, unwrap
from checks.parsing.pyscope import py_scope
from checks.parsing.values import OriginKind
from checks.transport import RequestSite, request_sites

_RUN_NAMES = frozenset({"run", "handler"})


@dataclass(frozen=True)
class ControlledUrl:
    site: RequestSite
    start: int  # the URL expression
    end: int
    source: str  # the request part, as a path: `body.SubscribeURL`, `headers.x-resource-uri`


def request_controlled_urls(code: Code) -> list[ControlledUrl]:
    """Every request in the step whose destination the incoming request decides."""
    return code.memo(request_controlled_urls, lambda: _find(code))


def _find(code: Code) -> list[ControlledUrl]:
    out: list[ControlledUrl] = []
    for site in request_sites(code):
        if site.url_span is None or site.websocket:
            continue
        parts = site.url.parts
        if parts is not None and parts.host:
            continue  # the host is written in the code
        source = (
            _js_source(code, site.url_span)
            if code.language.is_js
            else _py_source(code, site.url_span)
        )
        if source is not None:
            out.append(ControlledUrl(site, site.url_span[0], site.url_span[1], source))
    return out


# -- JavaScript ---------------------------------------------------------------------------------


def _js_source(code: Code, span: tuple[int, int]) -> str | None:
    tree = code.js_tree
    if tree is None:
        return None
    node: Node | None = tree.root_node.named_descendant_for_byte_range(*span)
    while node is not None and (node.start_byte, node.end_byte) != span and node.parent:
        if node.parent.start_byte != span[0] or node.parent.end_byte != span[1]:
            break
        node = node.parent
    lead = _leading(node)
    if lead is None:
        return None
    path, certain = js_paths(code, run_event_param(code)).resolve(lead)
    if path is not None and path.startswith("EVENT.") and certain:
        return path.removeprefix("EVENT.")
    for origin in js_scope(code).origins(lead):
        if origin.kind is OriginKind.REQUEST:
            return origin.name.removeprefix("trigger.event.") or "event"
        if origin.kind is OriginKind.UNKNOWN and origin.start != lead.start_byte:
            # an unresolved part further down (`inArguments[0].endpoint`): ask the paths
            inner = code.js_tree.root_node.named_descendant_for_byte_range(  # type: ignore[union-attr]
                origin.start, origin.end
            )
            ipath, icertain = js_paths(code, run_event_param(code)).resolve(inner)
            if ipath is not None and ipath.startswith("EVENT.") and icertain:
                return ipath.removeprefix("EVENT.")
    return None


def _leading(node: Node | None) -> Node | None:
    """The expression that decides where a URL starts: `${a}/x` → a, `a + "/x"` → a."""
    node = unwrap(node)
    while node is not None:
        if node.type == "template_string":
            parts = [c for c in node.named_children if c.type != "comment"]
            if parts and parts[0].type == "string_fragment" and _scheme_only(text(parts[0])):
                parts = parts[1:]  # `https://${host}/…`: the host is what decides
            first = parts[0] if parts else None
            if first is None or first.type != "template_substitution":
                return None  # starts with text: a fixed prefix (or nothing to follow)
            node = unwrap(first.named_children[0]) if first.named_child_count else None
        elif node.type == "binary_expression" and text(node.child_by_field_name("operator")) == "+":
            left = unwrap(node.child_by_field_name("left"))
            if left is not None and left.type == "string" and _scheme_only(string_value(left)):
                node = unwrap(node.child_by_field_name("right"))  # "https://" + host + …
            else:
                node = left
        elif node.type == "await_expression" and node.named_child_count:
            node = unwrap(node.named_children[-1])
        else:
            return node
    return None


def _scheme_only(prefix: str | None) -> bool:
    return (prefix or "").lower() in ("http://", "https://", "//")


def run_event_param(code: Code) -> str | None:
    """The first parameter of `run(event)` (a source's request), when it is a plain name."""
    return code.memo(run_event_param, lambda: _run_event_param(code))


def _run_event_param(code: Code) -> str | None:
    for node in methods_and_pairs(code):
        if node.type == "method_definition":
            name = node.child_by_field_name("name")
            fn: Node | None = node
        elif node.type == "pair":
            key = node.child_by_field_name("key")
            name = key
            fn = node.child_by_field_name("value")
        if name is None or fn is None or property_key(name) not in _RUN_NAMES:
            continue
        params = fn.child_by_field_name("parameters")
        first = (
            next((c for c in params.named_children if c.type != "comment"), None)
            if params
            else None
        )
        if first is not None and first.type == "identifier":
            return text(first)
        return None
    return None


# -- Python -------------------------------------------------------------------------------------


def _py_source(code: Code, span: tuple[int, int]) -> str | None:
    target = next(
        (n for n in code.py_nodes if isinstance(n, ast.expr) and code.py_node_offsets(n) == span),
        None,
    )
    lead = _py_leading(target)
    if lead is None:
        return None
    for origin in py_scope(code).origins(lead):
        if origin.kind is OriginKind.REQUEST:
            return origin.name.removeprefix("trigger.event.") or "event"
    return None


def _py_leading(node: ast.expr | None) -> ast.expr | None:
    while node is not None:
        if isinstance(node, ast.JoinedStr):
            first = node.values[0] if node.values else None
            node = first.value if isinstance(first, ast.FormattedValue) else None
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            node = node.left
        else:
            return node
    return None
