"""The snippet API and static properties of every template."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from checks.snippets import (
    PLACEHOLDER,
    Snippet,
    SnippetError,
    get_snippet,
    list_snippets,
    render,
    template_text,
    validate_env_name,
)
from tests.checks.snippets.conftest import NODE

TEMPLATES = Path(__file__).parents[3] / "checks" / "snippets" / "templates"
REQUIRED = {
    "auth": {"basic", "bearer", "api-key", "jwt-hs256", "jwt-jwks"},
    "signature": {
        "stripe",
        "github",
        "slack",
        "shopify",
        "twilio",
        "square",
        "typeform",
        "calendly",
        "zendesk",
        "mailgun",
        "sendgrid",
        "discord",
        "standard-webhooks",
        "linear",
        "zoom",
        "hubspot",
        "intercom",
        "paddle",
        "lemon-squeezy",
        "notion",
        "twitch",
        "asana",
        "webflow",
        "box",
        "pagerduty",
    },
}
NAMES = [s.name for s in list_snippets()]
PUBLIC_KEY_SNIPPETS = {"sendgrid", "discord", "jwt-jwks"}


def test_catalog_covers_the_required_snippets() -> None:
    by_kind = {kind: {s.name for s in list_snippets() if s.kind == kind} for kind in REQUIRED}
    assert by_kind == REQUIRED
    assert len(NAMES) == len(set(NAMES))


@pytest.mark.parametrize("name", NAMES)
def test_metadata_is_well_formed(name: str) -> None:
    snippet = get_snippet(name)
    assert isinstance(snippet, Snippet)
    assert snippet.languages == ("node", "python")
    assert snippet.docs_url.startswith("https://")
    assert validate_env_name(snippet.default_env) == snippet.default_env
    assert all(h == h.lower() for h in snippet.headers)
    assert snippet.title and snippet.provider


def test_template_files_match_the_catalog() -> None:
    on_disk = {p.stem for p in TEMPLATES.iterdir() if p.suffix in {".mjs", ".py"}}
    assert on_disk == set(NAMES)
    for name in NAMES:
        assert (TEMPLATES / f"{name}.mjs").is_file() and (TEMPLATES / f"{name}.py").is_file()


def test_unknown_name_suggests_close_matches() -> None:
    with pytest.raises(SnippetError, match=r"unknown snippet 'strpe'.*stripe"):
        get_snippet("strpe")
    with pytest.raises(SnippetError, match="snippet list"):
        get_snippet("zzzzzz")
    assert issubclass(SnippetError, ValueError)


@pytest.mark.parametrize("bad", ["", "1ABC", "A-B", "A B", "PIPEDREAM_TOKEN", "pipedream_x", "É"])
def test_invalid_secret_env_is_refused(bad: str) -> None:
    with pytest.raises(SnippetError):
        render("stripe", "node", secret_env=bad)


def test_unknown_language_is_refused() -> None:
    with pytest.raises(SnippetError, match="language"):
        render("stripe", "go")


@pytest.mark.parametrize("lang", ["node", "python"])
@pytest.mark.parametrize("name", NAMES)
def test_render_substitutes_the_env_var(name: str, lang: str) -> None:
    default = render(name, lang)
    custom = render(name, lang, secret_env="_MY_SECRET_2")
    assert PLACEHOLDER not in default and PLACEHOLDER not in custom
    assert PLACEHOLDER in template_text(name, lang)
    assert get_snippet(name).default_env in default
    assert '"_MY_SECRET_2"' in custom
    assert custom.replace("_MY_SECRET_2", get_snippet(name).default_env) == default


@pytest.mark.parametrize("name", NAMES)
def test_node_template_is_a_dependency_free_es_module(name: str, tmp_path: Path) -> None:
    code = render(name, "node")
    imports = re.findall(r"^\s*import\s.*?from\s+[\"']([^\"']+)[\"']", code, re.MULTILINE)
    assert imports == ["crypto"]
    assert "require(" not in code
    assert "export default defineComponent({" in code
    assert "async run({ steps, $ })" in code
    path = tmp_path / f"{name}.mjs"
    path.write_text(code, encoding="utf-8")
    subprocess.run([NODE, "--check", str(path)], check=True, capture_output=True)


@pytest.mark.parametrize("name", NAMES)
def test_python_template_uses_only_stdlib_and_cryptography(name: str) -> None:
    tree = ast.parse(render(name, "python"))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            modules.add((node.module or "").split(".")[0])
    third_party = {m for m in modules if m not in sys.stdlib_module_names}
    assert third_party == ({"cryptography"} if name in PUBLIC_KEY_SNIPPETS else set())
    handlers = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "handler"]
    assert len(handlers) == 1
    annotation = handlers[0].args.args[0].annotation
    assert isinstance(annotation, ast.Constant) and annotation.value == "pipedream"


@pytest.mark.parametrize("lang", ["node", "python"])
@pytest.mark.parametrize("name", NAMES)
def test_header_comment_explains_setup(name: str, lang: str) -> None:
    snippet = get_snippet(name)
    code = render(name, lang, secret_env="MY_VAR")
    head = code[: code.index("import ")]
    flat = " ".join(line.lstrip("/# ").strip() for line in head.splitlines())
    assert "Return a custom response from your workflow" in flat
    assert "environment variable named MY_VAR" in flat
    assert "mark it secret" in flat
    assert snippet.docs_url in flat
    if snippet.kind == "signature":
        assert "pipedream_upload_body=1" in flat


@pytest.mark.parametrize("lang", ["node", "python"])
@pytest.mark.parametrize("name", NAMES)
def test_constant_time_comparison_and_401(name: str, lang: str) -> None:
    code = render(name, lang)
    if lang == "node":
        assert "crypto.timingSafeEqual" in code and "status: 401" in code
        assert "$.flow.exit(" in code
    else:
        assert "hmac.compare_digest" in code and '"status": 401' in code
        assert "pd.flow.exit(" in code


def _blocks(code: str, marker: str) -> dict[str, str]:
    pattern = re.compile(
        rf"^{re.escape(marker)} >>> stepguard:([\w-]+).*?^{re.escape(marker)} <<< "
        r"stepguard:\1$",
        re.MULTILINE | re.DOTALL,
    )
    return {m.group(1): m.group(0) for m in pattern.finditer(code)}


TEMPLATES = Path(__file__).resolve().parents[3] / "checks" / "snippets" / "templates"


@pytest.mark.parametrize(("lang", "marker"), [("node", "//"), ("python", "#")])
def test_templates_include_the_shared_helpers_instead_of_copying_them(
    lang: str, marker: str
) -> None:
    ext = "mjs" if lang == "node" else "py"
    for name in NAMES:
        raw = (TEMPLATES / f"{name}.{ext}").read_text(encoding="utf-8")
        assert raw.count(f"{marker} @include stepguard:core\n") == 1, name
        includes_body = f"{marker} @include stepguard:raw-body\n" in raw
        assert includes_body == (get_snippet(name).kind == "signature"), name
        assert ">>> stepguard:" not in raw, name


@pytest.mark.parametrize(("lang", "marker"), [("node", "//"), ("python", "#")])
def test_shared_helper_blocks_are_identical_everywhere(lang: str, marker: str) -> None:
    seen: dict[str, set[str]] = {}
    for name in NAMES:
        blocks = _blocks(template_text(name, lang), marker)
        assert "core" in blocks, name
        assert ("raw-body" in blocks) == (get_snippet(name).kind == "signature"), name
        for block, text in blocks.items():
            seen.setdefault(block, set()).add(text)
    assert {block: len(texts) for block, texts in seen.items()} == {"core": 1, "raw-body": 1}
