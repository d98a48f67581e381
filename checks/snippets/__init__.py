"""Tested authentication and webhook-signature snippets that are complete Pipedream code steps.

Each snippet is a pair of real template files (`templates/<name>.mjs`, `templates/<name>.py`)
in which the environment variable that holds the secret is spelled `__SECRET_ENV__`; `render`
substitutes the chosen name.
"""

from __future__ import annotations

import difflib
import re
from importlib import resources

from checks.snippets._types import Snippet, SnippetError
from checks.snippets.catalog import SNIPPETS

__all__ = [
    "LANGUAGES",
    "PLACEHOLDER",
    "Snippet",
    "SnippetError",
    "get_snippet",
    "list_snippets",
    "render",
    "template_text",
    "validate_env_name",
]

PLACEHOLDER = "__SECRET_ENV__"
LANGUAGES: dict[str, str] = {"node": "mjs", "python": "py"}
_BY_NAME: dict[str, Snippet] = {s.name: s for s in SNIPPETS}


def list_snippets() -> list[Snippet]:
    """All snippets, auth first, then signatures, each in catalog order."""
    return sorted(SNIPPETS, key=lambda s: s.kind != "auth")


def get_snippet(name: str) -> Snippet:
    """The snippet called `name`; `SnippetError` (with close matches) if there is none."""
    try:
        return _BY_NAME[name]
    except KeyError:
        close = difflib.get_close_matches(name.lower(), list(_BY_NAME), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `stepguard snippet list`"
        raise SnippetError(f"unknown snippet {name!r}{hint}") from None


def validate_env_name(name: str) -> str:
    """Return `name` if it is a usable Pipedream environment variable name, else raise."""
    from checks.secrets.naming import valid_env_name

    reason = valid_env_name(name or "")
    if reason is not None:
        raise SnippetError(f"invalid environment variable name {name!r}: {reason}")
    return name


def _language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise SnippetError(f"unknown language {lang!r}; choose one of: {', '.join(LANGUAGES)}")
    return lang


def template_text(name: str, lang: str) -> str:
    """The template with its shared helper blocks expanded (placeholder not substituted).

    Helpers every snippet needs (401 + exit, header and env access, decoding, the raw body) are
    written once in `templates/_shared/` and copied into each rendered step, because a Pipedream
    code step must be self-contained.
    """
    snippet = get_snippet(name)
    ext = LANGUAGES[_language(lang)]
    text = _resource(f"{snippet.name}.{ext}")
    marker = "//" if ext == "mjs" else "#"

    def expand(match: re.Match[str]) -> str:
        return _resource(f"_shared/{match.group(1)}.{ext}")

    return re.sub(rf"^{re.escape(marker)} @include stepguard:([\w-]+)\n", expand, text, flags=re.M)


def _resource(relative: str) -> str:
    return resources.files(__package__).joinpath("templates", relative).read_text(encoding="utf-8")


def render(name: str, lang: str = "node", secret_env: str | None = None) -> str:
    """Full code-step source for snippet `name` in `lang`, reading its secret from `secret_env`."""
    snippet = get_snippet(name)
    env = validate_env_name(secret_env if secret_env is not None else snippet.default_env)
    text = template_text(snippet.name, lang)
    if PLACEHOLDER not in text:
        raise SnippetError(f"template {name}.{LANGUAGES[lang]} has no {PLACEHOLDER} placeholder")
    return text.replace(PLACEHOLDER, env)
