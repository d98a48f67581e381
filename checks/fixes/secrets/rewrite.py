"""Rewrite one file: replace secret spans with env var references, then re-parse the result."""

from __future__ import annotations

import ast

from checks.fixes.secrets.edits import Edit, RewriteRefused, Span, apply_edits
from checks.fixes.secrets.rewrite_js import rewrite_js
from checks.fixes.secrets.rewrite_py import rewrite_python
from checks.fixes.secrets.rewrite_sh import bash_syntax_ok, rewrite_bash
from checks.fixes.secrets.rewrite_yaml import load, rewrite_yaml
from checks.model import Language
from checks.parsing.js import parse_js

BOM = b"\xef\xbb\xbf"


def _parses(data: bytes, language: Language) -> bool | None:
    if language.is_js:
        return not parse_js(data, typescript=language is Language.TYPESCRIPT).root_node.has_error
    if language is Language.PYTHON:
        try:
            ast.parse(data.decode("utf-8", "surrogateescape"))
        except (SyntaxError, ValueError):
            return False
        return True
    if language is Language.BASH:
        return bash_syntax_ok(data)
    if language is Language.YAML:
        try:
            load(data.decode("utf-8", "surrogateescape"))
        except RewriteRefused:
            return False
        return True
    return None


def rewrite_file(data: bytes, language: Language, spans: list[Span]) -> bytes:
    """The file's new bytes; raises RewriteRefused when it cannot be done safely.

    `spans` are byte offsets into `data` (a leading UTF-8 BOM is kept and skipped).
    """
    return rewrite_edits(data, language, spans)[0]


def rewrite_edits(data: bytes, language: Language, spans: list[Span]) -> tuple[bytes, list[Edit]]:
    """The file's new bytes and the edits (offsets into `data`) that make them."""
    bom = BOM if data.startswith(BOM) else b""
    body = data[len(bom) :]
    shifted = [Span(s.start - len(bom), s.end - len(bom), s.name) for s in spans]
    if any(s.start < 0 or s.end > len(body) or s.start >= s.end for s in shifted):
        raise RewriteRefused("a secret's position lies outside the file")
    if language.is_js:
        edits = rewrite_js(body, shifted, typescript=language is Language.TYPESCRIPT)
    elif language is Language.PYTHON:
        edits = rewrite_python(body, shifted)
    elif language is Language.BASH:
        edits = rewrite_bash(body, shifted)
    elif language is Language.YAML:
        edits = rewrite_yaml(body, shifted)
    else:
        raise RewriteRefused(f"{language.value} steps are not supported by migrate yet")
    new = apply_edits(body, edits)
    before = _parses(body, language)
    after = _parses(new, language)
    if before and after is False:
        raise RewriteRefused("the rewritten code would not parse; edit it by hand")
    return bom + new, [Edit(e.start + len(bom), e.end + len(bom), e.replacement) for e in edits]
