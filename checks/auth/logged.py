"""What credential a JS/TS logging call prints (`console.log(…)`, `$.export(name, …)`).

A read of a credential header or query parameter (named after the path the model resolves it
to), a name derived from one, or a name or member that says secret/key/token/signature
(`checks.parsing.vocabulary.secret_kind`).
"""

from __future__ import annotations

from typing import Literal

from tree_sitter import Node

from checks.auth.facts import LogUse
from checks.parsing.code import Code
from checks.parsing.component import js_component
from checks.parsing.js import call_arguments, text
from checks.parsing.jspaths import js_paths
from checks.parsing.vocabulary import might_be_secretish, secret_kind

_SIGNATURE_PARTS = ("signature", "hmac", "sig")


def js_logged_credential(
    code: Code, call: Node, name: str, cred_ids: set[int], cred_names: set[str]
) -> LogUse | None:
    """The first credential the logging `call` (callee `name`) prints, or None. `cred_ids`: node
    ids of request credential reads; `cred_names`: names holding request credentials."""
    if not (
        cred_ids or cred_names or might_be_secretish(code.data[call.start_byte : call.end_byte])
    ):
        return None  # no credential read, tainted variable or secret-looking name to report
    comp = js_component(code)
    args = call_arguments(call)
    if name == "$.export" and args:
        args = args[1:]
    for arg in args:
        for n, nid, t, ident in comp.flat(arg):
            if t == "string_fragment" or t == "string":
                continue
            what: str | None = None
            kind: str | None = None
            if nid in cred_ids:
                path, _ = js_paths(code, comp.event_param).resolve(n)
                what = (path or "header").split(".")[-1]
                kind = "signature" if any(w in what for w in _SIGNATURE_PARTS) else "secret"
            elif ident is not None and (
                n.parent is None
                or n.parent.type != "member_expression"
                or n.parent.child_by_field_name("object") == n
            ):
                kind = secret_kind(ident)
                if kind is None and ident in cred_names:
                    kind = "secret"
                what = ident if kind else None
            elif t == "member_expression":
                pname = text(n.child_by_field_name("property"))
                kind = secret_kind(pname)
                what = pname if kind else None
            if what and kind:
                typed: Literal["secret", "signature"] = (
                    "signature" if kind == "signature" else "secret"
                )
                return LogUse(call.start_byte, call.end_byte, what, typed)
    return None
