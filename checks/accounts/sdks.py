"""Official SDK clients set up with a credential: `new Stripe(key)`, `OpenAI(api_key=…)`, ….

The SDK is recognised by what the step imports (tree-sitter for JS/TS, `ast` for Python); the
credential is the SDK's own argument, option or attribute (`apiKey`, `auth=`, `stripe.api_key`).
Only env reads and literals count, followed through constants: values from `$auth`, props,
function parameters or calls are unknown and never reported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from checks.model import Language
from checks.parsing import Code
from checks.parsing.js import call_arguments, object_property
from checks.parsing.jsindex import nodes_of
from checks.parsing.jsscope import (
    JsScope,
    is_parameter,
    js_imports,
    js_scope,
    unwrap,
    word_spans,
)
from checks.parsing.pyscope import PyScope, py_scope
from checks.parsing.values import Origin, OriginKind
from checks.transport import TokenSource

if TYPE_CHECKING:
    from tree_sitter import Node

MIN_TOKEN = 8  # a shorter literal is a placeholder, not a credential


@dataclass(frozen=True)
class Slot:
    """Where an SDK takes a credential.

    `index`: a positional argument; `keyword` (Python): a keyword argument; `option`: a key of
    the options object at `index` (JS) or of the dict passed as `keyword` (Python). `field` is
    the `$auth` field when it is not the app's own (Twilio's account SID).
    """

    index: int | None = None
    keyword: str | None = None
    option: str | None = None
    field: str | None = None


@dataclass(frozen=True)
class Sdk:
    package: str  # npm package or Python distribution's import name
    app: str  # slug in apps.json
    names: tuple[str, ...]  # qualified constructors/functions (or attributes for "assign")
    slots: tuple[Slot, ...] = ()
    kind: Literal["call", "assign"] = "call"


_ARG0 = (Slot(index=0),)


def _opt(name: str) -> tuple[Slot, ...]:
    return (Slot(index=0, option=name),)


def _kw(name: str, index: int | None = None) -> tuple[Slot, ...]:
    return (Slot(index=index, keyword=name),)


# Qualified names are what `JsScope.qualified` gives: the package for a default import or
# `require`, `package.Name` for a named import or a member of the default export.
JS_SDKS: tuple[Sdk, ...] = (
    Sdk("stripe", "stripe", ("stripe", "stripe.Stripe"), _ARG0),
    Sdk("@linear/sdk", "linear_app", ("@linear/sdk.LinearClient",), _opt("apiKey")),
    Sdk("openai", "openai", ("openai", "openai.OpenAI", "openai.Configuration"), _opt("apiKey")),
    Sdk(
        "@octokit/rest", "github", ("@octokit/rest.Octokit", "@octokit/core.Octokit"), _opt("auth")
    ),
    Sdk("octokit", "github", ("octokit.Octokit",), _opt("auth")),
    Sdk("@slack/web-api", "slack", ("@slack/web-api.WebClient",), _ARG0),
    Sdk(
        "@anthropic-ai/sdk",
        "anthropic",
        ("@anthropic-ai/sdk", "@anthropic-ai/sdk.Anthropic"),
        _opt("apiKey"),
    ),
    Sdk("airtable", "airtable_oauth", ("airtable", "airtable.configure"), _opt("apiKey")),
    Sdk("@notionhq/client", "notion", ("@notionhq/client.Client",), _opt("auth")),
    Sdk("@sendgrid/mail", "sendgrid", ("@sendgrid/mail.setApiKey",), _ARG0),
    Sdk("@sendgrid/client", "sendgrid", ("@sendgrid/client.setApiKey",), _ARG0),
    Sdk(
        "twilio",
        "twilio",
        ("twilio", "twilio.Twilio"),
        (Slot(index=0, field="accountSid"), Slot(index=1, field="authToken")),
    ),
)

PY_SDKS: tuple[Sdk, ...] = (
    Sdk("openai", "openai", ("openai.OpenAI", "openai.AsyncOpenAI"), _kw("api_key")),
    Sdk("openai", "openai", ("openai.api_key",), kind="assign"),
    Sdk("stripe", "stripe", ("stripe.api_key",), kind="assign"),
    Sdk("stripe", "stripe", ("stripe.StripeClient",), _kw("api_key", 0)),
    Sdk(
        "slack_sdk",
        "slack",
        (
            "slack_sdk.WebClient",
            "slack_sdk.web.WebClient",
            "slack_sdk.web.client.WebClient",
            "slack_sdk.web.async_client.AsyncWebClient",
        ),
        _kw("token", 0),
    ),
    Sdk("slack", "slack", ("slack.WebClient",), _kw("token", 0)),  # the older slackclient
    Sdk(
        "anthropic",
        "anthropic",
        ("anthropic.Anthropic", "anthropic.AsyncAnthropic"),
        _kw("api_key"),
    ),
    Sdk(
        "pyairtable",
        "airtable_oauth",
        ("pyairtable.Api", "pyairtable.Table", "pyairtable.Base", "pyairtable.api.Api"),
        _kw("api_key", 0),
    ),
    # airtable-python-wrapper: Airtable(base_id, table_name, api_key)
    Sdk("airtable", "airtable_oauth", ("airtable.Airtable",), _kw("api_key", 2)),
    Sdk(
        "notion_client",
        "notion",
        ("notion_client.Client", "notion_client.AsyncClient"),
        (Slot(keyword="auth"), Slot(keyword="options", option="auth")),
    ),
    Sdk(
        "twilio",
        "twilio",
        ("twilio.rest.Client",),
        (
            Slot(index=0, keyword="username", field="accountSid"),
            Slot(index=1, keyword="password", field="authToken"),
        ),
    ),
    Sdk(
        "sendgrid",
        "sendgrid",
        ("sendgrid.SendGridAPIClient", "sendgrid.sendgrid.SendGridAPIClient"),
        _kw("api_key", 0),
    ),
)

_JS_BY_NAME = {name: sdk for sdk in JS_SDKS for name in sdk.names}
_PY_CALLS = {name: sdk for sdk in PY_SDKS if sdk.kind == "call" for name in sdk.names}
_PY_ASSIGNS = {name: sdk for sdk in PY_SDKS if sdk.kind == "assign" for name in sdk.names}
_JS_PACKAGES = frozenset(name.split(".", 1)[0] for name in _JS_BY_NAME)
_PY_ROOTS = frozenset(name.split(".", 1)[0] for sdk in PY_SDKS for name in sdk.names)


@dataclass
class SdkUse:
    """One SDK set up with credentials: where, which SDK, and each credential's `$auth` field."""

    sdk: Sdk
    name: str  # the qualified constructor/function/attribute, as resolved from the imports
    start: int  # byte span of the call (or assignment)
    end: int
    label: str = ""  # as written: `new Stripe(…)`, `sgMail.setApiKey(…)`, `stripe.api_key = …`
    tokens: list[TokenSource] = field(default_factory=list)
    fields: dict[tuple[int, int], str] = field(default_factory=dict)  # token span → $auth field


def sdk_uses(code: Code) -> list[SdkUse]:
    """SDK clients in a step that get a credential from an env var or a literal."""
    if code.language.is_js:
        return _js_uses(code)
    if code.language is Language.PYTHON:
        return _py_uses(code)
    return []


def _use(
    sdk: Sdk, name: str, start: int, end: int, label: str, found: list[tuple[TokenSource, Slot]]
) -> SdkUse | None:
    tokens: dict[tuple[int, int], TokenSource] = {}
    fields: dict[tuple[int, int], str] = {}
    for token, slot in found:
        span = (token.start, token.end)
        tokens.setdefault(span, token)
        if slot.field:
            fields.setdefault(span, slot.field)
    if not tokens:
        return None
    ordered = sorted(tokens.values(), key=lambda t: t.start)
    return SdkUse(sdk, name, start, end, label, ordered, fields)


def _credentials(origins: Iterable[Origin]) -> Iterator[TokenSource]:
    """The env reads and the literals long enough to be a credential among a value's origins
    (connected accounts, props, parameters and call results are never reported)."""
    for origin in origins:
        if origin.kind is OriginKind.ENV:
            yield TokenSource("env", origin.start, origin.end, name=origin.name)
        elif origin.kind is OriginKind.LITERAL:
            value = (origin.value or "").strip()
            if len(value) >= MIN_TOKEN and not any(c.isspace() for c in value):
                yield TokenSource("literal", origin.start, origin.end)


def _label(written: str, form: str) -> str:
    written = " ".join(written.split())
    if len(written) > 60:
        written = written[:59] + "…"
    return form.format(written)


# -- JavaScript / TypeScript ----------------------------------------------------------------


def _js_uses(code: Code) -> list[SdkUse]:
    tree = code.js_tree
    if tree is None or _js_no_sdk(code, tree.root_node):
        return []
    scope = js_scope(code)
    finder = _JsFinder(code, scope)
    out: list[SdkUse] = []
    for node in nodes_of(code, "call_expression", "new_expression"):
        use = finder.use(node)
        if use is not None:
            out.append(use)
    return out


def _is_sdk_module(qualified: str) -> bool:
    return any(qualified == p or qualified.startswith(p + ".") for p in _JS_PACKAGES)


def _without_default(qualified: str | None) -> str | None:
    """`openai.default.X` → `openai.X`: `const { default: OpenAI } = await import("openai")`."""
    if not qualified:
        return None
    for package in _JS_PACKAGES:
        head = package + ".default"
        if qualified == head or qualified.startswith(head + "."):
            return package + qualified[len(head) :]
    return qualified


def _js_no_sdk(code: Code, root: Node) -> bool:
    """True when the step imports no SDK and never calls `require("…")(…)` directly.

    `js_imports` matches the full index's imports for a tree without errors, and
    `_JsFinder.use` needs either an import of an SDK package or the callee `require` (whose
    bytes must then be in the source).
    """
    if root.has_error:
        return False
    scope = js_imports(code)
    if any(_is_sdk_module(v) for v in scope.imports.values()):
        return False
    return next(word_spans(code.data, (b"require",)), None) is None


class _JsFinder:
    def __init__(self, code: Code, scope: JsScope) -> None:
        self.code = code
        self.scope = scope

    def _qualified(self, callee: Node | None) -> str | None:
        return _without_default(self.scope.imported(callee))

    def use(self, node: Node) -> SdkUse | None:
        is_new = node.type == "new_expression"
        callee = node.child_by_field_name("constructor" if is_new else "function")
        name = self._qualified(callee)
        sdk = _JS_BY_NAME.get(name or "")
        if sdk is None or name is None or callee is None:
            return None
        args = call_arguments(node)
        found: list[tuple[TokenSource, Slot]] = []
        for slot in sdk.slots:
            if slot.index is None or slot.index >= len(args):
                continue
            value: Node | None = args[slot.index]
            if slot.option is not None:
                value = self._option(value, slot.option)
            if value is not None:
                found.extend((t, slot) for t in self._tokens(value, 0))
        label = _label(self.code.js_node_text(callee), "new {}(…)" if is_new else "{}(…)")
        return _use(sdk, name, node.start_byte, node.end_byte, label, found)

    def _option(self, node: Node | None, key: str) -> Node | None:
        obj = unwrap(node)
        if obj is not None and obj.type == "identifier":
            obj = unwrap(self._resolve(obj))
        if obj is None or obj.type != "object":
            return None
        return object_property(obj, key)

    def _resolve(self, ident: Node) -> Node | None:
        if is_parameter(ident):
            return None  # a function parameter: its value is only known at run time
        return self.scope.resolve(ident)

    def _tokens(self, node: Node | None, depth: int) -> Iterator[TokenSource]:
        return _credentials(self.scope.origins(node, depth))


# -- Python ---------------------------------------------------------------------------------


def _py_uses(code: Code) -> list[SdkUse]:
    tree = code.py_tree
    if tree is None:
        return []
    scope = py_scope(code)
    if not any(module.split(".", 1)[0] in _PY_ROOTS for module in scope.imports.values()):
        return []
    finder = _PyFinder(code, scope)
    out: list[SdkUse] = []
    for node in code.py_nodes:
        use = None
        if isinstance(node, ast.Call):
            use = finder.call(node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            use = finder.assign(node)
        if use is not None:
            out.append(use)
    out.sort(key=lambda u: u.start)
    return out


class _PyFinder:
    def __init__(self, code: Code, scope: PyScope) -> None:
        self.code = code
        self.scope = scope

    def _qualified(self, node: ast.AST) -> str | None:
        return self.scope.imported(node)  # a global or local name is not the SDK

    def call(self, node: ast.Call) -> SdkUse | None:
        name = self._qualified(node.func)
        sdk = _PY_CALLS.get(name or "")
        if sdk is None or name is None:
            return None
        found: list[tuple[TokenSource, Slot]] = []
        for slot in sdk.slots:
            value = self._argument(node, slot)
            if slot.option is not None:
                value = self._dict_value(value, slot.option)
            if value is not None:
                found.extend((t, slot) for t in self._tokens(value, 0))
        start, end = self.code.py_node_offsets(node)
        label = _label(self.code.slice(*self.code.py_node_offsets(node.func)), "{}(…)")
        return _use(sdk, name, start, end, label, found)

    def assign(self, node: ast.Assign | ast.AnnAssign) -> SdkUse | None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if node.value is None:
            return None
        for target in targets:
            if not isinstance(target, ast.Attribute):
                continue
            name = self._qualified(target)
            sdk = _PY_ASSIGNS.get(name or "")
            if sdk is None or name is None:
                continue
            slot = Slot()
            found = [(t, slot) for t in self._tokens(node.value, 0)]
            start, end = self.code.py_node_offsets(node)
            label = _label(self.code.slice(*self.code.py_node_offsets(target)), "{} = …")
            return _use(sdk, name, start, end, label, found)
        return None

    @staticmethod
    def _argument(call: ast.Call, slot: Slot) -> ast.AST | None:
        if slot.keyword is not None:
            for kw in call.keywords:
                if kw.arg == slot.keyword:
                    return kw.value
        if slot.index is not None and slot.index < len(call.args):
            arg = call.args[slot.index]
            if not any(isinstance(a, ast.Starred) for a in call.args[: slot.index + 1]):
                return arg
        return None

    def _dict_value(self, node: ast.AST | None, key: str) -> ast.AST | None:
        if isinstance(node, ast.Name) and not self.scope.is_parameter(node):
            node = self.scope.resolve(node.id, node)
        if isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values, strict=False):
                if isinstance(k, ast.Constant) and k.value == key:
                    return v
        if isinstance(node, ast.Call) and self.scope.qualified(node.func) == "dict":
            for kw in node.keywords:
                if kw.arg == key:
                    return kw.value
        return None

    def _tokens(self, node: ast.AST | None, depth: int) -> Iterator[TokenSource]:
        return _credentials(self.scope.origins(node, depth))
