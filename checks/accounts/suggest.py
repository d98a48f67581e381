"""Suggest a connected account where a step calls an integrated API with its own token."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from checks.accounts.catalog import App, app_for_env_name, apps_by_slug, match_app
from checks.accounts.catalog_sdks import catalog_sdk_uses
from checks.accounts.sdks import SdkUse, sdk_uses
from checks.model import Language
from checks.parsing import Code
from checks.parsing.jsindex import of_type
from checks.redact import redact
from checks.transport import RequestSite, TokenSource, request_sites
from checks.transport.sites import UNKNOWN_URL
from checks.transport.urls import safe_url


@dataclass
class Suggestion:
    app: App
    site: RequestSite  # the first request to the app's API (or the first SDK set-up)
    host: str
    tokens: list[TokenSource] = field(default_factory=list)
    snippet: str = ""
    sdk: str = ""  # the SDK package when the credential goes to an SDK client, not a request
    sdk_name: str = ""  # the set-up as written: `new LinearClient(…)`, `stripe.api_key = …`
    fields: dict[tuple[int, int], str] = field(default_factory=dict)  # token span → $auth field

    @property
    def env_vars(self) -> list[str]:
        return sorted({t.name for t in self.tokens if t.kind == "env" and t.name})

    @property
    def has_literal(self) -> bool:
        return any(t.kind == "literal" for t in self.tokens)


def auth_expression(
    app: App, language: Language, quote: str = '"', auth_field: str | None = None
) -> str:
    """`this.stripe.$auth.api_key` (Node) or `pd.inputs["stripe"]["$auth"]["api_key"]` (Python).

    `auth_field` names another `$auth` field of the app than its credential (Twilio's account
    SID).
    """
    name = auth_field or app.field
    if language is Language.PYTHON:
        q = quote
        return f"pd.inputs[{q}{app.slug}{q}][{q}$auth{q}][{q}{name}{q}]"
    return f"this.{app.slug}.$auth.{name}"


def suggestions(code: Code) -> list[Suggestion]:
    if not (code.language.is_js or code.language is Language.PYTHON):
        return []
    found: dict[str, Suggestion] = {}
    for site in request_sites(code):
        if not site.tokens:
            continue  # no credential sent: an open API, nothing to connect
        parts = site.url.parts
        if parts is not None and parts.host:
            app = match_app(parts.host, parts.path, _hint(code, site.tokens))
            host = parts.host
        else:
            # The host is only known at run time (`${process.env.MASTODON_URL}/api/v1/…`):
            # the credential's env var name may still say which app it is for.
            app = _app_from_env_names(site.tokens)
            host = f"the {app.name} API" if app is not None else ""
        if app is None:
            continue
        sug = found.get(app.slug)
        if sug is None:
            sug = found[app.slug] = Suggestion(app=app, site=site, host=host)
        known = {(t.start, t.end) for t in sug.tokens}
        sug.tokens.extend(t for t in site.tokens if (t.start, t.end) not in known)
    out = list(found.values())
    for sug in out:
        sug.tokens.sort(key=lambda t: t.start)
    out.extend(_sdk_suggestions(code, found))
    for sug in out:
        sug.snippet = build_snippet(code, sug)
    return out


def _app_from_env_names(tokens: list[TokenSource]) -> App | None:
    """The one app named by the credentials' env var stems (`MASTODON_ACCESS_TOKEN`)."""
    apps = {
        app.slug: app
        for t in tokens
        if t.kind == "env" and t.name
        for app in [app_for_env_name(t.name)]
        if app is not None
    }
    return next(iter(apps.values())) if len(apps) == 1 else None


def _sdk_suggestions(code: Code, requests: dict[str, Suggestion]) -> list[Suggestion]:
    """One suggestion per app and SDK package whose client gets an env var or a literal.

    They stay apart from the request suggestions (whose findings keep their keys); an SDK's
    credentials already shown by a request suggestion for the same app are not repeated.
    """
    found: dict[tuple[str, str], Suggestion] = {}
    specific = sdk_uses(code)
    taken = {(u.start, u.end) for u in specific}
    generic = [u for u in catalog_sdk_uses(code) if (u.start, u.end) not in taken]
    for use in sorted([*specific, *generic], key=lambda u: u.start):
        app = _sdk_app(use, _hint(code, use.tokens))
        if app is None:
            continue
        sug = found.get((app.slug, use.sdk.package))
        if sug is None:
            site = RequestSite(
                client=use.sdk.package, start=use.start, end=use.end, url=UNKNOWN_URL
            )
            sug = found[(app.slug, use.sdk.package)] = Suggestion(
                app=app, site=site, host=_api_host(app), sdk=use.sdk.package, sdk_name=use.label
            )
        known = {(t.start, t.end) for t in sug.tokens}
        sug.tokens.extend(t for t in use.tokens if (t.start, t.end) not in known)
        for span, name in use.fields.items():
            sug.fields.setdefault(span, name)
    out = []
    for (slug, _), sug in found.items():
        shown = requests.get(slug)
        if shown is not None and {(t.start, t.end) for t in sug.tokens} <= {
            (t.start, t.end) for t in shown.tokens
        }:
            continue
        sug.tokens.sort(key=lambda t: t.start)
        out.append(sug)
    return out


def _sdk_app(use: SdkUse, hint: str) -> App | None:
    """The SDK's app, or the app sharing its API host that `hint` prefers (a Slack bot token)."""
    app = apps_by_slug().get(use.sdk.app)
    if app is None or not app.hosts:
        return app
    pattern = app.patterns[0]
    if not pattern.wildcard:
        other = match_app(pattern.host, pattern.path, hint)
        if other is not None and other.hosts == app.hosts:
            return other
    return app


def _api_host(app: App) -> str:
    if not app.hosts:
        return ""
    pattern = app.patterns[0]
    return pattern.host if not pattern.wildcard else "*." + pattern.host


def _hint(code: Code, tokens: list[TokenSource]) -> str:
    """Env var names and the first characters of literal tokens (internal only, never shown)."""
    parts = []
    for t in tokens:
        if t.kind == "env" and t.name:
            parts.append(t.name)
        else:
            value = _literal_value(code, t)
            if value:
                parts.append(value.split(" ", 1)[-1][:5])
    return " ".join(parts)


def _literal_value(code: Code, token: TokenSource) -> str:
    raw = code.slice(token.start, token.end)
    if code.language is Language.PYTHON:
        try:
            value = ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            return ""
        return value if isinstance(value, str) else ""
    if len(raw) >= 2 and raw[0] in "\"'`" and raw[-1] == raw[0]:
        return raw[1:-1]
    return raw


def describe_token(code: Code, token: TokenSource) -> str:
    """How a token is shown: the env var reference, or a redacted literal."""
    if token.kind == "env":
        return f"process.env.{token.name}" if code.language.is_js else f'os.environ["{token.name}"]'
    value = _literal_value(code, token)
    if token.scheme and value.lower().startswith(token.scheme.lower() + " "):
        value = value[len(token.scheme) + 1 :].strip()
    return f"a token written in the code ({redact(value)})"


# -- the rewritten step ---------------------------------------------------------------------


def build_snippet(code: Code, sug: Suggestion) -> str:
    lines = _rewritten_lines(code, sug)
    app = sug.app
    if code.language is Language.PYTHON:
        head = [
            f"# In the workflow builder, add the {app.name} app to this step and connect an",
            f'# account; its credentials are then in pd.inputs["{app.slug}"]["$auth"].',
            'def handler(pd: "pipedream"):',
            "    # …",
        ]
        return "\n".join([*head, *("    " + ln for ln in lines), "    # …"]) + "\n"
    head = [
        "export default defineComponent({",
        "  props: {",
        f"    {app.slug}: {{",
        '      type: "app",',
        f'      app: "{app.slug}",',
        "    },",
        "  },",
        "  async run({ steps, $ }) {",
        "    // …",
    ]
    tail = ["    // …", "  },", "});"]
    return "\n".join([*head, *("    " + ln for ln in lines), *tail]) + "\n"


def _rewritten_lines(code: Code, sug: Suggestion) -> list[str]:
    by_line: dict[int, list[TokenSource]] = {}
    for t in sug.tokens:
        by_line.setdefault(code.position(t.start)[0], []).append(t)
    out: list[str] = []
    for line_no in sorted(by_line):
        start = code.line_starts[line_no - 1]
        end = code.line_starts[line_no] if line_no < code.line_count else len(code.data)
        edits: list[tuple[int, int, str]] = []
        for t in by_line[line_no]:
            replacement = _replacement(code, sug.app, t, sug.fields.get((t.start, t.end)))
            edits.append((t.start, min(t.end, end), replacement))
        edits.extend(_scrub(code, start, end, edits))
        data = code.data[start:end]
        for s, e, text in sorted(edits, reverse=True):
            data = data[: s - start] + text.encode("utf-8") + data[e - start :]
        line = data.decode("utf-8", "replace").rstrip("\r\n").strip()
        if not _inside_function(code, by_line[line_no][0].start):
            note = (
                "# moved into handler():"
                if code.language is Language.PYTHON
                else ("// moved into run():")
            )
            out.append(f"{note} the connected account is only available there")
        out.append(line)
    return out


def auth_replacement(
    code: Code, app: App, token: TokenSource, auth_field: str | None = None
) -> str:
    """What replaces `token` in `code` (quotes chosen for an enclosing Python f-string)."""
    return _replacement(code, app, token, auth_field)


def _replacement(code: Code, app: App, token: TokenSource, auth_field: str | None = None) -> str:
    if code.language is Language.PYTHON:
        outer = _enclosing_fstring_quote(code, token.start)
        quote = "'" if outer == '"' else '"'
        expr = auth_expression(app, Language.PYTHON, quote, auth_field)
        if token.kind == "literal" and token.scheme:
            q = "'" if quote == '"' else '"'
            return f"f{q}{token.scheme} {{{expr}}}{q}"
        return expr
    expr = auth_expression(app, code.language, auth_field=auth_field)
    if token.kind == "literal" and token.scheme:
        return f"`{token.scheme} ${{{expr}}}`"
    return expr


def _enclosing_fstring_quote(code: Code, offset: int) -> str:
    tree = code.py_tree
    if tree is None:
        return ""
    for node in code.py_nodes:
        if isinstance(node, ast.JoinedStr):
            s, e = code.py_node_offsets(node)
            if s < offset < e:
                raw = code.data[s:e].decode("utf-8", "replace").lstrip("rRbBuUfF")
                return raw[:1]
    return ""


def _inside_function(code: Code, offset: int) -> bool:
    if code.language is Language.PYTHON:
        tree = code.py_tree
        if tree is None:
            return True
        for node in code.py_nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                s, e = code.py_node_offsets(node)
                if s <= offset < e:
                    return True
        return False
    js_tree = code.js_tree
    if js_tree is None:
        return True
    at = js_tree.root_node.descendant_for_byte_range(offset, offset)
    while at is not None:
        if at.type in (
            "function_declaration",
            "function_expression",
            "arrow_function",
            "method_definition",
            "function",
        ):
            return True
        at = at.parent
    return False


def _scrub(
    code: Code, start: int, end: int, edits: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Redactions for other secret-looking string literals on a snippet line."""
    taken = [(s, e) for s, e, _ in edits]
    out: list[tuple[int, int, str]] = []
    for s, e, value, quote in _strings_in(code, start, end):
        if any(s < te and ts < e for ts, te in taken):
            continue
        if value.lower().startswith(("http://", "https://")):
            shown = safe_url(value, limit=10_000)
            if shown != value:
                out.append((s, e, f"{quote}{shown}{quote}"))
        elif _looks_secret(value):
            out.append((s, e, f"{quote}{redact(value)}{quote}"))
    return out


def _strings_in(code: Code, start: int, end: int) -> list[tuple[int, int, str, str]]:
    out: list[tuple[int, int, str, str]] = []
    if code.language is Language.PYTHON:
        tree = code.py_tree
        if tree is None:
            return out
        for node in code.py_nodes:
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                s, e = code.py_node_offsets(node)
                if start <= s and e <= end:
                    raw = code.data[s:e].decode("utf-8", "replace").lstrip("rRbBuU")
                    quote = raw[:3] if raw[:3] in ('"""', "'''") else raw[:1]
                    out.append((s, e, node.value, quote))
        return out
    if code.js_tree is None:
        return out
    from checks.parsing.js import string_value

    for js_node in of_type(code, "string", "template_string"):
        if start <= js_node.start_byte and js_node.end_byte <= end:
            value = string_value(js_node)
            if value is not None:
                quote = code.data[js_node.start_byte : js_node.start_byte + 1].decode()
                out.append((js_node.start_byte, js_node.end_byte, value, quote))
    return out


def _looks_secret(value: str) -> bool:
    v = value.strip()
    if len(v) < 16 or any(c.isspace() for c in v) or v.startswith(("/", ".")):
        return False
    has_alpha = any(c.isalpha() for c in v)
    has_digit = any(c.isdigit() for c in v)
    return has_alpha and has_digit and len(set(v)) >= 10
