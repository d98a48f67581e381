"""What a workflow's trigger probably is, when nothing records it, judged by what the code reads.

A loose step file (or a folder without `workflow.yaml`) has no recorded trigger. The paths the
steps read from the trigger event (`checks.parsing.jspaths`, `checks.parsing.pypaths`) tell:

- e-mail: `headers.subject`, `headers.from`/`to`/`cc`, `attachments`, or both `body.text` and
  `body.html` (Pipedream's e-mail trigger event);
- HTTP: the method, path, query, client IP, raw body, a request header other than the
  e-mail ones, or a response to the caller (`$.respond`, `pd.respond`: HTTP triggers only);
- unknown: the event is read (`body.x`, `inArguments`), but nothing says which kind it is.

Also: whether an HTTP workflow is public by design — it only reads public data (GET requests
without credentials, no connected accounts, no secrets) and writes nothing, so an
unauthenticated caller can learn nothing the endpoint does not already publish.
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Iterable
from itertools import chain

from checks.auth.event_roots import event_roots, may_start_at
from checks.parsing.code import Code
from checks.parsing.js import call_name
from checks.parsing.jsindex import of_type
from checks.parsing.jspaths import js_paths
from checks.parsing.pypaths import py_paths
from checks.parsing.pyscope import attribute_chain


class Guess(enum.StrEnum):
    HTTP = "http"
    EMAIL = "email"
    UNKNOWN = "unknown"  # the event is read; its kind cannot be told
    NONE = "none"  # the trigger event is not read at all


_EMAIL_HEADERS = frozenset(
    {
        "subject",
        "from",
        "to",
        "cc",
        "bcc",
        "reply-to",
        "sender",
        "message-id",
        "in-reply-to",
        "references",
        "date",
        "return-path",
        "received",
    }
)
_HTTP_FIELDS = frozenset({"method", "path", "query", "client_ip", "bodyRaw", "url"})
_MEMBERS = frozenset({"member_expression", "subscript_expression"})
_PY_MEMBERS = (ast.Attribute, ast.Subscript, ast.Call)


def event_paths(code: Code) -> set[str]:
    """Paths under the trigger event the code reads (`headers.subject`, `body.text`)."""
    return code.memo(event_paths, lambda: _event_paths(code))


RESPONDS = "$respond"  # stands for a `$.respond(…)` / `pd.respond(…)` call among the paths


def _event_paths(code: Code) -> set[str]:
    out: set[str] = set()
    if code.language.is_js:
        paths = js_paths(code, None)
        if b"$.respond" in code.data and any(
            call_name(node) == "$.respond" for node in of_type(code, "call_expression")
        ):
            out.add(RESPONDS)
        roots = event_roots(paths, certain=True)
        # (a set: the order the nodes are looked at in does not matter)
        for node in chain.from_iterable(of_type(code, t) for t in _MEMBERS):
            if not may_start_at(code.data, node, roots):
                continue  # the cheap test first: its path is not certainly the event's
            parent = node.parent
            if (
                parent is not None
                and parent.type in _MEMBERS
                and (parent.child_by_field_name("object") == node)
            ):
                continue  # only the longest chain
            path, certain = paths.resolve(node)
            if certain and path is not None and path.startswith("EVENT."):
                out.add(path.removeprefix("EVENT."))
    elif code.py_tree is not None:
        pp = py_paths(code)
        inner: set[int] = set()
        for pnode in code.py_nodes:
            if isinstance(pnode, ast.Attribute | ast.Subscript):
                inner.add(id(pnode.value))
            elif isinstance(pnode, ast.Call) and isinstance(pnode.func, ast.Attribute):
                inner.add(id(pnode.func.value))
        for pnode in code.py_nodes:
            if isinstance(pnode, ast.Call) and attribute_chain(pnode.func) == "pd.respond":
                out.add(RESPONDS)
            if isinstance(pnode, _PY_MEMBERS) and id(pnode) not in inner:
                path = pp.resolve(pnode)
                if path is not None and path.startswith("EVENT."):
                    out.add(path.removeprefix("EVENT."))
    return out


def guess_trigger(paths: Iterable[str]) -> Guess:
    """The trigger kind the read event paths point to."""
    email = http = read = False
    body = set()
    for path in paths:
        read = True
        parts = path.split(".")
        head = parts[0]
        if head == "headers" and len(parts) > 1:
            if parts[1].lower() in _EMAIL_HEADERS:
                email = True
            else:
                http = True
        elif head == "attachments":
            email = True
        elif head in _HTTP_FIELDS or path == RESPONDS:
            http = True
        elif head == "body" and len(parts) > 1:
            body.add(parts[1])
    if {"text", "html"} <= body:
        email = True
    if http:
        return Guess.HTTP
    if email:
        return Guess.EMAIL
    return Guess.UNKNOWN if read else Guess.NONE
