"""Redact the secrets inside a free-standing text value (a prop, a header value, a message)."""

from __future__ import annotations

import json

from checks.model import Language
from checks.parsing import parse_code
from checks.redact import redact
from checks.secrets.scanner import find_secrets


def redact_secrets_in(text: str, name: str = "value") -> str:
    """`text` with every secret the detectors find replaced by its redaction.

    The text is checked as a string literal assigned to `name`, so the generic detector sees the
    name as context (`apiKey`, `Authorization`, …) the way it would in code.
    """
    key = name if name.isidentifier() else "value"
    code = parse_code(f"const {key} = {json.dumps(text, ensure_ascii=False)};\n", Language.NODE)
    values = sorted({m.value for m in find_secrets(code)}, key=len, reverse=True)
    for value in values:
        text = text.replace(value, redact(value))
    return text
