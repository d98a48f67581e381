"""The code a fix rewrites: the finding's file as it is now, read and parsed for a rewrite."""

from __future__ import annotations

import difflib
from pathlib import Path

from checks.fixes.journal import FixError
from checks.model import EXTENSION_LANGUAGE, Finding, Language
from checks.parsing import Code, parse_code


def finding_code(finding: Finding) -> tuple[Path, Code]:
    """The file of `finding` and its parsed code (FixError with a one-line reason when the file
    cannot be rewritten: not JS/Python, unreadable, not UTF-8, a byte-order mark, no parse)."""
    path = Path(finding.abs_path or "")
    language = EXTENSION_LANGUAGE.get(path.suffix, Language.UNKNOWN)
    if not (language.is_js or language is Language.PYTHON):
        raise FixError(
            "only component files and Python steps can be rewritten; change this step in "
            "Pipedream's editor"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FixError(f"{finding.path}: {exc.strerror or 'cannot be read'}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FixError(f"{finding.path}: not valid UTF-8; change it by hand") from None
    if data.startswith(b"\xef\xbb\xbf"):
        raise FixError(f"{finding.path}: the file starts with a byte-order mark; change it by hand")
    code = parse_code(text, language)
    if code.parse_error is not None:
        raise FixError(f"{finding.path}: {code.parse_error}; fix the syntax first")
    return path, code


def file_diff(before: bytes | str, after: bytes | str, label: str) -> str:
    """Unified diff of one file's change (`a/label` → `b/label`), as a fix's preview shows it."""
    old = before.decode("utf-8", "replace") if isinstance(before, bytes) else before
    new = after.decode("utf-8", "replace") if isinstance(after, bytes) else after
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"a/{label}",
            tofile=f"b/{label}",
        )
    )
