"""SDK clients of any catalog app, set up with a credential: the data-driven side of `sdks.py`.

`sdks.py` knows the exact constructors and credential slots of a few SDKs. For every other SDK
package the catalog names (`sdk_packages`, from the apps' `package.json`), a step that imports
it is checked the same way, with generic slots:

- `new Client(…)` from the package: a credential in any of the first three arguments, or under
  a credential key (`apiKey`, `token`, `password`, …) of an options object;
- a function of the package (`configure({ apiKey })`, `cohere.init(key)`): options objects
  always, positional arguments only for set-up functions (`init`, `config`, `login`, …);
- a method of a client built from the package (`agent.login({ password })`): options only.

The credential is followed like in `sdks.py` (env reads and literals through constants; values
from `$auth`, props and parameters are never reported). JavaScript/TypeScript only: the
registry's SDK packages are npm packages.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from checks.accounts.catalog import apps_by_package, apps_by_slug
from checks.accounts.sdks import JS_SDKS, Sdk, SdkUse, Slot, _JsFinder, _label, _use
from checks.parsing import Code
from checks.parsing.jsscope import unwrap
from checks.transport import TokenSource

if TYPE_CHECKING:
    from tree_sitter import Node

    from checks.parsing.jsscope import JsScope

CREDENTIAL_KEYS = frozenset(
    [
        "apiKey",
        "api_key",
        "apikey",
        "key",
        "token",
        "accessToken",
        "access_token",
        "auth",
        "authToken",
        "auth_token",
        "apiToken",
        "api_token",
        "password",
        "secret",
        "apiSecret",
        "api_secret",
        "clientSecret",
        "client_secret",
        "bearerToken",
        "privateKey",
        "private_key",
        "secretKey",
        "secret_key",
        "appPassword",
        "app_password",
    ]
)
SETUP_FUNCTIONS = frozenset(
    [
        "init",
        "initialize",
        "config",
        "configure",
        "connect",
        "login",
        "auth",
        "authenticate",
        "setApiKey",
        "setToken",
        "setAccessToken",
        "setKey",
        "setAuth",
    ]
)
MAX_POSITIONAL = 3


@cache
def _packages() -> dict[str, Sdk]:
    """Catalog SDK packages that `sdks.py` does not already describe → a generic `Sdk`."""
    specific = {sdk.package for sdk in JS_SDKS}
    return {
        package: Sdk(package, app.slug, (package,))
        for package, app in apps_by_package().items()
        if package not in specific
    }


def _package_of(qualified: str | None) -> str | None:
    if not qualified:
        return None
    for package in _packages():
        if qualified == package or qualified.startswith(package + "."):
            return package
    return None


def catalog_sdk_uses(code: Code) -> list[SdkUse]:
    """Clients of catalog SDK packages that get an env var or a literal as a credential."""
    if not code.language.is_js:
        return []
    tree = code.js_tree
    if tree is None or not _packages():
        return []
    from checks.parsing.jsindex import nodes_of
    from checks.parsing.jsscope import JsScope

    imports = JsScope.imports_only(code).imports if not tree.root_node.has_error else None
    if imports is not None and not any(_package_of(v) for v in imports.values()):
        return []
    finder = _GenericFinder(code, JsScope(code))
    out: list[SdkUse] = []
    for node in nodes_of(code, "call_expression", "new_expression"):
        use = finder.generic_use(node)
        if use is not None:
            out.append(use)
    return out


class _GenericFinder(_JsFinder):
    def __init__(self, code: Code, scope: JsScope) -> None:
        super().__init__(code, scope)
        self._destructured: dict[str, str] | None = None

    def _qualified(self, callee: Node | None) -> str | None:
        from checks.parsing.js import text

        name = super()._qualified(callee)
        if name is None and callee is not None and callee.type == "identifier":
            # `const { BskyAgent } = Atproto;` where Atproto is the package's default import
            return self._from_import_object().get(text(callee))
        return name

    def _from_import_object(self) -> dict[str, str]:
        from checks.parsing.js import property_key, text
        from checks.parsing.jsindex import nodes_of

        if self._destructured is None:
            self._destructured = {}
            for node in nodes_of(self.code, "variable_declarator"):
                pattern, value = node.child_by_field_name("name"), node.child_by_field_name("value")
                if pattern is None or value is None or pattern.type != "object_pattern":
                    continue
                module = self.scope.imports.get(text(value)) if value.type == "identifier" else None
                if module is None:
                    continue
                for child in pattern.named_children:
                    if child.type == "shorthand_property_identifier_pattern":
                        self._destructured[text(child)] = f"{module}.{text(child)}"
                    elif child.type == "pair_pattern":
                        key, val = (
                            child.child_by_field_name("key"),
                            child.child_by_field_name("value"),
                        )
                        if key is not None and val is not None and val.type == "identifier":
                            self._destructured[text(val)] = f"{module}.{property_key(key)}"
        return self._destructured

    def generic_use(self, node: Node) -> SdkUse | None:
        from checks.parsing.js import call_arguments

        is_new = node.type == "new_expression"
        callee = node.child_by_field_name("constructor" if is_new else "function")
        name = self._qualified(callee)
        package = _package_of(name)
        positional = is_new
        if package is None:
            # `agent.login({ password })` where `agent = new BskyAgent(…)`
            name, package = self._client_method(callee)
            if package is None:
                return None
        elif not is_new:
            positional = (name or "").rsplit(".", 1)[-1] in SETUP_FUNCTIONS
        sdk = _packages()[package]
        found: list[tuple[TokenSource, Slot]] = []
        for index, arg in enumerate(call_arguments(node)[:MAX_POSITIONAL]):
            value = unwrap(arg)
            if value is not None and value.type == "identifier":
                resolved = unwrap(self._resolve(value))
                if resolved is not None and resolved.type == "object":
                    value = resolved
            if value is not None and value.type == "object":
                for key in CREDENTIAL_KEYS:
                    option = self._option(value, key)
                    if option is not None:
                        found.extend(
                            (t, Slot(index=index, option=key, field=self._field(sdk, key)))
                            for t in self._creds(option)
                        )
            elif positional:
                found.extend((t, Slot(index=index)) for t in self._creds(arg))
        callee_text = self.code.js_node_text(callee) if callee is not None else ""
        label = _label(callee_text, "new {}(…)" if is_new else "{}(…)")
        return _use(sdk, name or package, node.start_byte, node.end_byte, label, found)

    @staticmethod
    def _field(sdk: Sdk, key: str) -> str | None:
        """The `$auth` field an option names (`api_secret`, `apiKey` → `api_key`) for a keys app.

        OAuth apps have one credential (`oauth_access_token`); their option names say nothing.
        """
        app = apps_by_slug().get(sdk.app)
        if app is None or app.auth != "keys":
            return None
        snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key).lower()
        return snake if snake != "key" and re.match(r"^[a-z]+(?:_[a-z]+)*$", snake) else None

    def _client_method(self, callee: Node | None) -> tuple[str | None, str | None]:
        from checks.parsing.js import text

        if callee is None or callee.type != "member_expression":
            return None, None
        obj = unwrap(callee.child_by_field_name("object"))
        if obj is None or obj.type != "identifier" or self._resolve(obj) is None:
            return None, None
        built = unwrap(self._resolve(obj))
        if built is not None and built.type == "await_expression" and built.named_child_count:
            built = unwrap(built.named_children[0])
        if built is None or built.type not in ("new_expression", "call_expression"):
            return None, None
        field = "constructor" if built.type == "new_expression" else "function"
        qualified = self._qualified(built.child_by_field_name(field))
        package = _package_of(qualified)
        if package is None:
            return None, None
        method = text(callee.child_by_field_name("property"))
        return f"{qualified}().{method}", package

    def _creds(self, node: Node | None) -> list[TokenSource]:
        """Credential tokens; a literal must look like a key (no URL, path or file name)."""
        out = []
        for token in self._tokens(node, 0):
            if token.kind == "literal":
                raw = self.code.slice(token.start, token.end).strip("\"'`")
                if any(c in raw for c in "/:.@ ") or not (
                    any(c.isalpha() for c in raw) and any(c.isdigit() for c in raw)
                ):
                    continue
            out.append(token)
        return out
